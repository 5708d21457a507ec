// A cluster of three real silo processes (Azure Table membership and Azure storage on Azurite; the same on
// PostgreSQL): a room active on "silo 3" (whichever silo Orleans placed it on), the publisher's SignalR on
// silo 1, the subscriber's on silo 2, video decoded in headless Chromium. Silo 3 is killed with SIGKILL and the
// call must come back by itself (membership declares it dead, the gateways refresh, the room reactivates on a
// live silo from its stored group, the gateways send OnMoved, the SDK rejoins, republishes and resubscribes);
// then silo 1 (the publisher's gateway) is killed in a fresh cluster and the SDK must move to another gateway;
// last, the room's silo is stopped gracefully (SIGTERM) and the media gap of the move is measured.
// Prints the measured gaps; docs/cluster-tests.md describes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './lib/server.mjs';
import { startCluster, waitForSilos, roomSilo, MEMBERSHIP } from './lib/cluster.mjs';
import { launchChromium, openSdkClient, sdkState } from './lib/browser.mjs';

const RECOVERY_BOUND_MS = 20000; // goal 10 s; 20 s so a slow CI machine passes
const RECOVERY_GOAL_MS = 10000; // slower than this passes, but prints every silo's log to show where the time went

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Creates a group (members alice, bob, carol) and activates its room through the backend API; Orleans places it
 * on one of the three (identical) silos. That silo is "silo 3" from then on, the other two "silo 1" (the
 * publisher's gateway) and "silo 2" (the subscriber's). Resolves with the gid and the silos in that order.
 */
async function roomAndRoles(cluster) {
  const [first] = cluster.silos;
  const gid = await first.group('Cluster room');
  await first.members(gid, ['alice', 'bob', 'carol']);
  const room = await roomSilo(first, gid);
  const host = cluster.silos.find((s) => s.address === room.silo);
  if (!host) throw new Error(`expected room ${gid} on one of ${cluster.silos.map((s) => s.address).join(', ')}; it is on ${room.silo}`);
  return { gid, silos: [...cluster.silos.filter((s) => s !== host), host] };
}

/** The first peer connection created after `since` whose frames rose, or null. */
function recovered(state, since) {
  return state.pcs.find((pc) => pc.firstSeen > since && pc.firstFrame !== null) ?? null;
}

/** Frames decoded at the subscriber now, over every peer connection it has had (for "still rising" checks). */
const totalFrames = (state) => state.pcs.reduce((n, pc) => n + pc.frames, 0);

/** A page's SDK state for messages: frame rises summarized (count, first, last) rather than listed. */
function brief(state) {
  if (!state) return String(state);
  const { rises = [], ...rest } = state;
  return JSON.stringify({ ...rest, rises: { count: rises.length, first: rises[0] ?? null, last: rises.at(-1) ?? null } });
}

async function describe(pages) {
  const out = [];
  for (const [name, page] of Object.entries(pages)) {
    if (!page) continue;
    try {
      out.push(`${name}: ${brief(await sdkState(page, 0))} errors=${JSON.stringify(page.errors.slice(0, 20))}`);
    } catch (e) {
      out.push(`${name}: (state unavailable: ${e.message})`);
    }
  }
  return out.join('\n');
}

/**
 * A cluster of 3 silos on `provider`, users alice (publisher, SignalR via silo 1), bob (subscriber, via silo 2)
 * and carol, a group whose room is active on silo 3, and bob decoding alice's video from silo 3's relay.
 * Everything started is recorded in `run` (cluster, browser, pages) for the caller's finally.
 */
async function callOnSilo3(t, provider, run) {
  run.cluster = await startCluster(provider);
  const { cluster, pages } = run;

  // Users and a room, through the backend API; the room's silo is silo 3.
  const aliceToken = await cluster.silos[0].user('alice', 'Alice');
  const bobToken = await cluster.silos[0].user('bob', 'Bob');
  await cluster.silos[0].user('carol', 'Carol');
  const { gid, silos } = await roomAndRoles(cluster);
  const [silo1, silo2, silo3] = silos;
  run.silos = silos;
  t.diagnostic(`${provider}: cluster ${cluster.clusterId}: silo 1 ${silo1.address} (publisher's gateway), `
    + `silo 2 ${silo2.address} (subscriber's gateway), silo 3 ${silo3.address} (room ${gid})`);
  await silo2.api({ op: 'groupset', group: { gid, name: 'Cluster standup', flags: 0x100 } });

  // The publisher's SignalR goes through silo 1, the subscriber's through silo 2; each knows all three gateways.
  run.browser = await launchChromium();
  const urls = (first) => [first, ...silos.filter((s) => s !== first)].map((s) => s.baseUrl);
  pages.alice = await openSdkClient(run.browser, silo1.baseUrl, urls(silo1), aliceToken, gid, 'publisher');
  pages.bob = await openSdkClient(run.browser, silo2.baseUrl, urls(silo2), bobToken, gid, 'subscriber');

  let bob = null;
  await until(async () => {
    bob = await sdkState(pages.bob);
    return bob.pcs.some((pc) => pc.frames > 5);
  }, 'bob (subscriber, via silo 2) to decode video frames from alice (publisher, via silo 1)', {
    timeoutMs: 30000, describe: () => brief(bob),
  });
  const alice = await sdkState(pages.alice);
  const before = bob.pcs.find((pc) => pc.frames > 5);
  assert.equal(before.port, silo3.mediaPort,
    `expected the subscriber's SDP answer to name silo 3's media port ${silo3.mediaPort} (the room's silo); it named ${before.port}`);
  assert.equal(alice.pcs.at(-1)?.port, silo3.mediaPort,
    `expected the publisher's SDP answer to name silo 3's media port ${silo3.mediaPort}; it named ${alice.pcs.at(-1)?.port}`);
  assert.equal(alice.url, silo1.baseUrl, `expected the publisher on silo 1's gateway, found ${alice.url}`);
  assert.equal(bob.url, silo2.baseUrl, `expected the subscriber on silo 2's gateway, found ${bob.url}`);
  const room = await roomSilo(silo1, gid);
  assert.equal(room.silo, silo3.address, `expected the room on silo 3 (${silo3.address}), found ${room.silo}`);
  assert.ok(room.streams >= 1 && room.subscriptions >= 1, `expected a stream and a subscription in the room, found ${JSON.stringify(room)}`);
  return gid;
}

/** Runs `scenario(run)` and stops whatever it started; on failure prints the pages' state and every silo's log. */
async function withCluster(provider, scenario) {
  const run = { cluster: null, browser: null, pages: {} };
  try {
    return await scenario(run);
  } catch (e) {
    console.log(`cluster test (${provider}) failed: ${e.message}\n${await describe(run.pages)}\n${run.cluster ? run.cluster.logs() : ''}`);
    throw e;
  } finally {
    await run.browser?.close().catch(() => {});
    await run.cluster?.stop();
    if (process.env.CONVENE_E2E_LOGS && run.cluster) console.log(run.cluster.logs());
  }
}

/** The room's silo is killed: the call comes back on a live silo by itself, and stored state survives. */
function killTheRoomsSilo(t, provider) {
  return withCluster(provider, async (run) => {
    const gid = await callOnSilo3(t, provider, run);
    const { cluster, pages } = run;
    const [silo1, silo2, silo3] = run.silos;

    // Stored state before the kill: a chat message (through silo 1's hub).
    const text = `before the kill ${cluster.runId}`;
    await pages.alice.evaluate((text) => window.__convene.group.sendMessage(text), text);
    await until(async () => (await sdkState(pages.bob)).log.some((e) => e.what === 'message' && e.detail === text),
      `bob to receive the group message "${text}"`);

    // kill -9 the room's silo.
    const killedAt = Date.now();
    await silo3.kill();
    t.diagnostic(`${provider}: killed silo 3 (${silo3.address}) with SIGKILL`);

    let after = null;
    await until(async () => {
      after = await sdkState(pages.bob);
      return recovered(after, killedAt);
    }, 'frames decoded again at the subscriber on a new peer connection after the kill', {
      timeoutMs: RECOVERY_BOUND_MS + 15000, describe: () => brief(after),
    });
    const back = recovered(after, killedAt);
    const gap = back.firstFrame - killedAt;
    t.diagnostic(`cluster (${provider}): media gap after kill -9 of the room's silo: ${seconds(gap)}`);
    const aliceAfter = await sdkState(pages.alice);
    const firstLog = (state, what) => state.log.find((e) => e.at > killedAt && e.what === what);
    t.diagnostic(`${provider}: after the kill: alice restored at +${seconds((firstLog(aliceAfter, 'restored')?.at ?? NaN) - killedAt)}, `
      + `bob restored at +${seconds((firstLog(after, 'restored')?.at ?? NaN) - killedAt)}, `
      + `bob's new peer connection at +${seconds(back.firstSeen - killedAt)}, first frame at +${seconds(gap)}`);
    if (gap > RECOVERY_GOAL_MS && !process.env.CONVENE_E2E_LOGS) {
      console.log(`cluster (${provider}): the gap ${seconds(gap)} is over the ${seconds(RECOVERY_GOAL_MS)} goal; the silos' logs:\n${cluster.logs()}`);
    }
    assert.ok(gap <= RECOVERY_BOUND_MS, `expected video back within ${RECOVERY_BOUND_MS / 1000} s of the kill; it took ${seconds(gap)}`);

    // The room is now on a live silo, and the media goes there.
    await waitForSilos(cluster, [silo1, silo2], 2, 30000);
    const moved = await roomSilo(silo2, gid);
    const host = [silo1, silo2].find((s) => s.address === moved.silo);
    assert.ok(host, `expected the room on silo 1 (${silo1.address}) or 2 (${silo2.address}) after the kill; found ${moved.silo}`);
    assert.equal(back.port, host.mediaPort,
      `expected the new SDP answer to name the media port ${host.mediaPort} of the room's new silo ${host.address}; it named ${back.port}`);
    assert.equal(aliceAfter.pcs.at(-1)?.port, host.mediaPort,
      `expected the publisher's new SDP answer to name ${host.mediaPort}; it named ${aliceAfter.pcs.at(-1)?.port}`);
    const total = totalFrames(after);
    await until(async () => totalFrames(await sdkState(pages.bob)) > total + 10, 'frames to keep rising after the recovery');

    // Stored state survived: settings and members (backend API on silo 1), the chat message (silo 2's hub).
    const group = (await silo1.api({ op: 'groupget', group: { gid } })).group;
    assert.equal(group.name, 'Cluster standup', `expected the group's name to survive; groupget answered ${JSON.stringify(group)}`);
    assert.equal(group.flags, 0x100, `expected the group's flags 0x100 to survive; groupget answered ${JSON.stringify(group)}`);
    const members = (await silo1.api({ op: 'groupgetmembers', group: { gid } })).members.map((m) => m.address).sort();
    assert.deepEqual(members, ['alice', 'bob', 'carol'], `expected the members to survive; groupgetmembers answered ${members}`);
    const history = await pages.bob.evaluate(() => window.__convene.group.history(null, 50));
    assert.ok(history.some((m) => m.text === text && m.from === 'alice'),
      `expected the message "${text}" from alice in the history read through silo 2; found ${JSON.stringify(history)}`);
    assert.deepEqual([...pages.alice.errors, ...pages.bob.errors].filter((e) => !/WebSocket|Failed to (start|complete)|Connection disconnected|status of 40[4-9]|ERR_CONNECTION_REFUSED/.test(e)), [],
      'expected no page errors besides the lost connection to the killed silo');
    return { gap };
  });
}

test(`Azure (Azurite): killing the room's silo with SIGKILL moves the call to a live silo within ${RECOVERY_BOUND_MS / 1000} s; stored state survives`, async (t) => {
  t.diagnostic(`membership: ${JSON.stringify(MEMBERSHIP)}`);
  await killTheRoomsSilo(t, 'azure');
});

test(`PostgreSQL: killing the room's silo with SIGKILL moves the call to a live silo within ${RECOVERY_BOUND_MS / 1000} s; stored state survives`, async (t) => {
  t.diagnostic(`membership: ${JSON.stringify(MEMBERSHIP)}`);
  await killTheRoomsSilo(t, 'postgres');
});

/** The longest time without a frame decoded at the subscriber from `from` until `to` (rises: times frames rose). */
function longestGap(rises, from, to) {
  let longest = 0;
  let last = from;
  for (const at of rises.filter((r) => r >= from && r <= to)) {
    longest = Math.max(longest, at - last);
    last = at;
  }
  return Math.max(longest, to - last);
}

/**
 * The silo the publisher's SignalR connection is on is killed (the room stays on silo 3): the SDK moves to the
 * next gateway URL, rejoins and republishes there, and the subscriber keeps (or gets back) the video.
 */
function killThePublishersGateway(t, provider) {
  return withCluster(provider, async (run) => {
    const gid = await callOnSilo3(t, provider, run);
    const { cluster, pages } = run;
    const [silo1, silo2, silo3] = run.silos;

    const killedAt = Date.now();
    await silo1.kill();
    t.diagnostic(`${provider}: killed silo 1 (${silo1.address}, the publisher's gateway) with SIGKILL`);

    // The publisher is back: its SDK restored the call on another gateway, with a new peer connection sending.
    let alice = null;
    await until(async () => {
      alice = await sdkState(pages.alice, killedAt);
      return alice.log.some((e) => e.at > killedAt && e.what === 'restored') && alice.pcs.some((pc) => pc.firstSeen > killedAt && pc.firstFrame !== null);
    }, "the publisher's SDK to restore its call on another gateway and send video on a new peer connection", {
      timeoutMs: RECOVERY_BOUND_MS + 15000, describe: () => brief(alice),
    });
    const restoredAt = alice.log.find((e) => e.at > killedAt && e.what === 'restored').at;
    assert.ok([silo2.baseUrl, silo3.baseUrl].includes(alice.url), `expected the publisher on silo 2 or 3's gateway, found ${alice.url}`);
    const republished = alice.pcs.find((pc) => pc.firstSeen > killedAt);
    // The room stays on silo 3: the distributed grain directory (Convene:Orleans:GrainDirectory, default) rebuilds the
    // killed silo's directory ranges from the surviving silos. (With Orleans' default directory the room restarted on
    // silo 2 whenever its directory entry lived on silo 1 — deactivation reason DirectoryFailure.) The republished
    // stream's answer names silo 3's media port.
    const roomNow = await roomSilo(silo2, gid);
    assert.equal(roomNow.silo, silo3.address, `expected the room to stay on silo 3 (${silo3.address}) when silo 1 was killed; found it on ${roomNow.silo}`);
    assert.equal(republished.port, silo3.mediaPort, `expected the republished stream's answer to name the media port ${silo3.mediaPort} of the room's silo ${silo3.address}; it named ${republished.port}`);
    t.diagnostic(`${provider}: the room stayed on silo 3`);

    // The subscriber decodes frames from the republished stream: frames rise for 2 s after the new publication.
    let bob = null;
    await until(async () => {
      bob = await sdkState(pages.bob, killedAt);
      return bob.rises.some((at) => at > republished.firstSeen + 2000);
    }, 'frames decoded at the subscriber for 2 s after the publisher republished', {
      timeoutMs: 20000, describe: () => brief(bob),
    });
    const gap = longestGap(bob.rises, killedAt, republished.firstSeen + 2000);
    t.diagnostic(`cluster (${provider}): publisher's gateway killed: SDK restored on ${alice.url} after ${seconds(restoredAt - killedAt)}; `
      + `longest media gap at the subscriber ${seconds(gap)}`);
    assert.ok(restoredAt - killedAt <= RECOVERY_BOUND_MS, `expected the publisher restored within ${RECOVERY_BOUND_MS / 1000} s; it took ${seconds(restoredAt - killedAt)}`);
    assert.ok(gap <= RECOVERY_BOUND_MS, `expected no media gap longer than ${RECOVERY_BOUND_MS / 1000} s at the subscriber; the longest was ${seconds(gap)}`);
  });
}

test(`Azure (Azurite): killing the publisher's gateway silo moves its SDK to another gateway URL and restores publishing within ${RECOVERY_BOUND_MS / 1000} s`, async (t) => {
  await killThePublishersGateway(t, 'azure');
});

const GRACEFUL_GOAL_MS = 3000; // the goal for a rolling upgrade; printed, and the bound is RECOVERY_BOUND_MS

/**
 * The room's silo is stopped gracefully (SIGTERM, as in a rolling upgrade): before it goes, its room tells the
 * gateways that it moves (OnMoved), the clients rejoin on a live silo and renegotiate; the subscriber's longest
 * time without a decoded frame is the media gap.
 */
function stopTheRoomsSilo(t, provider) {
  return withCluster(provider, async (run) => {
    const gid = await callOnSilo3(t, provider, run);
    const { cluster, pages } = run;
    const [silo1, silo2, silo3] = run.silos;

    const stoppedAt = Date.now();
    const stopping = silo3.stop();
    t.diagnostic(`${provider}: SIGTERM to silo 3 (${silo3.address}), the room's silo`);

    let bob = null;
    await until(async () => {
      bob = await sdkState(pages.bob, stoppedAt);
      const back = recovered(bob, stoppedAt);
      return back && bob.rises.some((at) => at > back.firstFrame + 2000);
    }, 'frames decoded at the subscriber on a new peer connection for 2 s after the graceful stop', {
      timeoutMs: RECOVERY_BOUND_MS + 15000, describe: () => brief(bob),
    });
    await stopping;
    const back = recovered(bob, stoppedAt);
    const gap = longestGap(bob.rises, stoppedAt, back.firstFrame + 2000);
    t.diagnostic(`cluster (${provider}): media gap at the subscriber after SIGTERM of the room's silo: ${seconds(gap)} `
      + `(goal ${seconds(GRACEFUL_GOAL_MS)}; the new peer connection's first frame at +${seconds(back.firstFrame - stoppedAt)})`);
    if (gap > GRACEFUL_GOAL_MS && !process.env.CONVENE_E2E_LOGS) {
      console.log(`cluster (${provider}): the graceful gap ${seconds(gap)} is over the ${seconds(GRACEFUL_GOAL_MS)} goal; the silos' logs:\n${cluster.logs()}`);
    }
    assert.ok(gap <= RECOVERY_BOUND_MS, `expected the media gap after a graceful stop within ${RECOVERY_BOUND_MS / 1000} s; it was ${seconds(gap)}`);
    const room = await roomSilo(silo1, gid);
    const host = [silo1, silo2].find((s) => s.address === room.silo);
    assert.ok(host, `expected the room on silo 1 (${silo1.address}) or 2 (${silo2.address}) after the stop; found ${room.silo}`);
    assert.equal(back.port, host.mediaPort, `expected the new SDP answer to name the room's new silo's media port ${host.mediaPort}; it named ${back.port}`);
  });
}

test(`Azure (Azurite): stopping the room's silo with SIGTERM moves the call to a live silo (media gap measured, goal ${GRACEFUL_GOAL_MS / 1000} s)`, async (t) => {
  await stopTheRoomsSilo(t, 'azure');
});
