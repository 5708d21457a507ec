// A cluster of three real silo processes (Azure Table membership and Azure storage on Azurite; then
// PostgreSQL for both): a room active on silo 3, the publisher's SignalR on silo 1, the subscriber's on silo 2,
// video decoded in headless Chromium; silo 3 is killed with SIGKILL and the call must come back by itself
// (membership declares it dead, the gateways refresh, the room reactivates on a live silo from its stored
// group, the gateways send OnMoved, the SDK rejoins, republishes and resubscribes). Prints the measured gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './lib/server.mjs';
import { startCluster, waitForSilos, roomSilo, MEMBERSHIP } from './lib/cluster.mjs';
import { launchChromium, openSdkClient, sdkState } from './lib/browser.mjs';

const RECOVERY_BOUND_MS = 20000; // goal 10 s; 20 s so a slow CI machine passes
const ROOM_TRIES = 20;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Creates groups (members alice, bob, carol), asking silo 3's backend API for each one's room, until one is
 * active on silo 3 (a room is placed when first called; a call from silo 3 is usually placed there, but
 * placement is Orleans' choice, so this tries up to ROOM_TRIES groups). Resolves with the gid.
 */
async function roomOnSilo(cluster, target) {
  const [first] = cluster.silos;
  const seen = [];
  for (let i = 0; i < ROOM_TRIES; i++) {
    const gid = await first.group(`Cluster room ${i}`);
    await first.members(gid, ['alice', 'bob', 'carol']);
    const room = await roomSilo(target, gid);
    seen.push(`${gid}@${room.silo}`);
    if (room.silo === target.address) return gid;
  }
  throw new Error(`expected a room active on ${target.address} within ${ROOM_TRIES} groups; rooms were on ${seen.join(', ')}`);
}

/** The first peer connection created after `since` whose frames rose, or null. */
function recovered(state, since) {
  return state.pcs.find((pc) => pc.firstSeen > since && pc.firstFrame !== null) ?? null;
}

/** Frames decoded at the subscriber now, over every peer connection it has had (for "still rising" checks). */
const totalFrames = (state) => state.pcs.reduce((n, pc) => n + pc.frames, 0);

async function describe(pages) {
  const out = [];
  for (const [name, page] of Object.entries(pages)) {
    if (!page) continue;
    try {
      out.push(`${name}: ${JSON.stringify(await sdkState(page))} errors=${JSON.stringify(page.errors)}`);
    } catch (e) {
      out.push(`${name}: (state unavailable: ${e.message})`);
    }
  }
  return out.join('\n');
}

/**
 * The whole scenario on one provider. With `browserMedia` false, only the signalling side is checked (no
 * Chromium): the room moves and the stored state survives.
 */
async function killTheRoomsSilo(t, provider) {
  let cluster;
  let browser;
  const pages = {};
  try {
    cluster = await startCluster(provider);
    const [silo1, silo2, silo3] = cluster.silos;
    t.diagnostic(`${provider}: cluster ${cluster.clusterId} of ${cluster.silos.map((s) => s.address).join(', ')}`);

    // Users and a room on silo 3, through the backend API.
    const aliceToken = await silo1.user('alice', 'Alice');
    const bobToken = await silo1.user('bob', 'Bob');
    await silo1.user('carol', 'Carol');
    const gid = await roomOnSilo(cluster, silo3);
    await silo2.api({ op: 'groupset', group: { gid, name: 'Cluster standup', flags: 0x100 } });

    // The publisher's SignalR goes through silo 1, the subscriber's through silo 2; each knows all three gateways.
    browser = await launchChromium();
    const urls = (first) => [first, ...cluster.silos.filter((s) => s !== first)].map((s) => s.baseUrl);
    pages.alice = await openSdkClient(browser, silo1.baseUrl, urls(silo1), aliceToken, gid, 'publisher');
    pages.bob = await openSdkClient(browser, silo2.baseUrl, urls(silo2), bobToken, gid, 'subscriber');

    let bob = null;
    await until(async () => {
      bob = await sdkState(pages.bob);
      return bob.pcs.some((pc) => pc.frames > 5);
    }, 'bob (subscriber, via silo 2) to decode video frames from alice (publisher, via silo 1)', {
      timeoutMs: 30000, describe: () => JSON.stringify(bob),
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
      timeoutMs: RECOVERY_BOUND_MS + 15000, describe: () => JSON.stringify(after),
    });
    const back = recovered(after, killedAt);
    const gap = back.firstFrame - killedAt;
    t.diagnostic(`cluster (${provider}): media gap after kill -9 of the room's silo: ${seconds(gap)}`);
    const aliceAfter = await sdkState(pages.alice);
    const firstLog = (state, what) => state.log.find((e) => e.at > killedAt && e.what === what);
    t.diagnostic(`${provider}: after the kill: alice restored at +${seconds((firstLog(aliceAfter, 'restored')?.at ?? NaN) - killedAt)}, `
      + `bob restored at +${seconds((firstLog(after, 'restored')?.at ?? NaN) - killedAt)}, `
      + `bob's new peer connection at +${seconds(back.firstSeen - killedAt)}, first frame at +${seconds(gap)}`);
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
  } catch (e) {
    console.log(`cluster test (${provider}) failed: ${e.message}\n${await describe(pages)}\n${cluster ? cluster.logs() : ''}`);
    throw e;
  } finally {
    await browser?.close().catch(() => {});
    await cluster?.stop();
  }
}

test(`Azure (Azurite): killing the room's silo with SIGKILL moves the call to a live silo within ${RECOVERY_BOUND_MS / 1000} s; stored state survives`, async (t) => {
  t.diagnostic(`membership: ${JSON.stringify(MEMBERSHIP)}`);
  await killTheRoomsSilo(t, 'azure');
});

test(`PostgreSQL: killing the room's silo with SIGKILL moves the call to a live silo within ${RECOVERY_BOUND_MS / 1000} s; stored state survives`, async (t) => {
  t.diagnostic(`membership: ${JSON.stringify(MEMBERSHIP)}`);
  await killTheRoomsSilo(t, 'postgres');
});
