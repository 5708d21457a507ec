// The SDK's answer to the hub's OnResync (some of a room's events were lost on the way to the gateway, which gave the
// gap up after Convene:Gateways:EventGapTimeout): it re-reads the room's publishers and reconciles, in headless
// Chromium against a real silo; it also re-reads the raised hands, and your own streams keep the mute state you set
// (an older event cannot undo it) while a moderator's mute you missed is applied; it re-reads who subscribes to your
// streams and what you may do (a call ended for you while its event was lost ends here too). A gateway cannot be made to lose a message from here, so the test puts bob's SDK in the
// state lost events leave behind and calls the handler the SDK registers for OnResync (the SDK's own _wireEvents, run
// against a recorder of the handlers it registers; the resync itself calls the real hub). The gateway's side — a gap given up, then OnResync to the room's clients — is RoomEventOrderTests in Convene.Silo.Tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { openSdkPage, joinGroup, events } from './lib/sdk-page.mjs';

let silo;
let browser;
let gid;
let alice; // publishes camera 0, then screen 1
let bob; // lists them; an admin (mutes alice)

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  gid = await silo.group('Resync room');
  await silo.members(gid, ['alice', 'bob']);
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'bob', admin: { admin: true } } } });
  alice = await openSdkPage(browser, silo, await silo.user('alice', 'Alice'));
  bob = await openSdkPage(browser, silo, await silo.user('bob', 'Bob'));
  await joinGroup(alice, gid);
  await joinGroup(bob, gid);
  await alice.evaluate(async (gid) => {
    const t = window.__t;
    const camera = t.groups[gid].publish(0);
    camera.setVideoSource(t.sdk.STREAM_CAMERA, 0);
    await camera.call(true, true, t.listener());
    const screen = t.groups[gid].publish(1);
    screen.setVideoSource(t.sdk.STREAM_SCREEN);
    await screen.call(false, true, t.listener());
  }, gid);
  await until(async () => (await remoteState(bob)).keys.length === 2 || null, 'bob to see alice/0 and alice/1');
  await installResyncHandlers(bob);
  await installResyncHandlers(alice);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

/**
 * Installs in the page `resyncHandlers(api)` (the handlers the SDK's event wiring registers for OnResync),
 * `handlersOf(api, event)` (those for any hub event), `resync(gid)` (runs the OnResync handlers and awaits them),
 * `lose(event)` (the page's connection drops that hub event from now on: it arrives, no handler takes it) and
 * `restore(event)` (the SDK's handlers for it again).
 */
async function installResyncHandlers(page) {
  await page.evaluate(() => {
    window.handlersOf = (api, event) => {
      const registered = [];
      api._wireEvents({ on: (name, handler) => { if (name === event) registered.push(handler); } });
      return registered;
    };
    window.resyncHandlers = (api) => handlersOf(api, 'OnResync');
    window.resync = (gid) => Promise.all(resyncHandlers(window.__t.api).map((handler) => handler(gid)));
    window.lose = (event) => window.__t.api.connection.off(event);
    window.restore = (event) => { for (const h of handlersOf(window.__t.api, event)) window.__t.api.connection.on(event, h); };
  });
}

/** The page's listener events since `since`, named `name`, as [first argument, …] (participants as their key). */
async function eventsSince(page, since, name) {
  return (await events(page)).slice(since).filter((e) => e.name === name).map((e) => e.args);
}

function remoteState(page) {
  return page.evaluate((gid) => {
    const g = window.__t.groups[gid];
    return {
      keys: [...g.remote.keys()].sort(),
      sources: Object.fromEntries([...g.remote].map(([k, p]) => [k, p.info.source])),
    };
  }, gid);
}

test('OnResync: the SDK re-reads the publishers — a missed publisher appears, one that left goes, a missed source change is applied', async () => {
  const since = (await events(bob)).length;
  const handled = await bob.evaluate((gid) => {
    const t = window.__t;
    const g = t.groups[gid];
    // What lost events leave behind: alice/1's OnPublisher never came, ghost/0's departure never came, and alice/0's
    // switch back to the camera never came.
    g.remote.get('alice/1')._closeMedia();
    g.remote.delete('alice/1');
    g._onPublisher({ gid, address: 'ghost', streamId: 0, name: 'Ghost', source: 'camera', audio: true, video: true }, true);
    g.remote.get('alice/0').info.source = 'screen';
    // The hub's OnResync(gid), handed to the handler the SDK registers for it.
    const handlers = resyncHandlers(t.api);
    for (const handler of handlers) handler(gid);
    return handlers.length;
  }, gid);
  assert.equal(handled, 1, 'the SDK registers one OnResync handler on its hub connection');

  const state = await until(async () => {
    const s = await remoteState(bob);
    return s.keys.join() === 'alice/0,alice/1' && s.sources['alice/0'] === 'camera' ? s : null;
  }, 'bob\'s publishers reconciled: alice/0 (camera) and alice/1, no ghost', { describe: async () => JSON.stringify(await remoteState(bob)) });
  assert.deepEqual(state.sources, { 'alice/0': 'camera', 'alice/1': 'screen' });

  const after = (await events(bob)).slice(since).map((e) => [e.name, ...e.args.map((a) => (Array.isArray(a) ? [...a].sort().join('|') : a))]);
  assert.ok(after.some(([name, p, joined]) => name === 'onPublisher' && p === `${gid}:ghost/0` && joined === false), `onPublisher(ghost, false) after the resync; got ${JSON.stringify(after)}`);
  assert.ok(after.some(([name, p, joined]) => name === 'onPublisher' && p === `${gid}:alice/1` && joined === true), `onPublisher(alice/1, true) after the resync; got ${JSON.stringify(after)}`);
  assert.ok(after.some(([name, p, source]) => name === 'onVideoSourceChanged' && p === `${gid}:alice/0` && source === 'camera'), `onVideoSourceChanged(alice/0, camera) after the resync; got ${JSON.stringify(after)}`);
  assert.deepEqual(bob.errors, []);
});

test('OnResync for a group the page is not in, or before any state was lost, changes nothing', async () => {
  const before = await remoteState(bob);
  const since = (await events(bob)).length;
  const lists = await bob.evaluate(async (gid) => {
    const t = window.__t;
    const listed = t.invokes.filter((i) => i.method === 'ListPublishers').length;
    // The handler returns the resync's promise: done once it settles.
    await Promise.all(resyncHandlers(t.api).flatMap((handler) => [handler(gid), handler(gid + 1000)]));
    return t.invokes.filter((i) => i.method === 'ListPublishers').length - listed;
  }, gid);
  assert.equal(lists, 1, 'one ListPublishers: for the joined group only');
  assert.deepEqual(await remoteState(bob), before);
  const publisherEvents = (await events(bob)).slice(since).filter((e) => e.name === 'onPublisher' || e.name === 'onVideoSourceChanged');
  assert.deepEqual(publisherEvents, []);
});

test('OnResync re-reads the raised hands: a hand raised and lowered while its events were lost — onRaiseHand for each real change', async () => {
  await bob.evaluate(() => lose('OnRaiseHand'));
  try {
    await alice.evaluate((gid) => window.__t.groups[gid].raiseHand(), gid); // answered once the room has it
    let since = (await events(bob)).length;
    const up = await bob.evaluate(async (gid) => { await resync(gid); return window.__t.groups[gid].getRaisedHands(); }, gid);
    assert.deepEqual(up, ['alice'], 'bob sees alice\'s hand up after the resync');
    assert.deepEqual(await eventsSince(bob, since, 'onRaiseHand'), [['alice', true]]);

    since = (await events(bob)).length;
    await bob.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await eventsSince(bob, since, 'onRaiseHand'), [], 'nothing changed: no onRaiseHand');

    await alice.evaluate((gid) => window.__t.groups[gid].lowerHand(), gid);
    since = (await events(bob)).length;
    const down = await bob.evaluate(async (gid) => { await resync(gid); return window.__t.groups[gid].getRaisedHands(); }, gid);
    assert.deepEqual(down, []);
    assert.deepEqual(await eventsSince(bob, since, 'onRaiseHand'), [['alice', false]]);
  } finally {
    await bob.evaluate(() => restore('OnRaiseHand'));
  }
  assert.deepEqual(bob.errors, []);
});

test('OnResync applies missed talking and mute changes of the streams you view (onTalking, onMute)', async () => {
  const since = (await events(bob)).length;
  const state = await bob.evaluate(async (gid) => {
    const t = window.__t;
    const g = t.groups[gid];
    // What lost events leave behind: alice/1 (screen, no audio: never talking) last seen talking, alice/0 muted.
    const screen = g.remote.get('alice/1');
    const camera = g.remote.get('alice/0');
    screen.listener = t.listener();
    camera.listener = t.listener();
    screen.info.talking = true;
    camera.info.audioMuted = true;
    await resync(gid);
    return { talking: screen.isTalking(), muted: camera.getMuteStatus() };
  }, gid);
  assert.deepEqual(state, { talking: false, muted: { audio: false, video: false } });
  assert.deepEqual(await eventsSince(bob, since, 'onTalking'), [[`${gid}:alice/1`, false]]);
  assert.deepEqual(await eventsSince(bob, since, 'onMute'), [[`${gid}:alice/0`, false, false, true]]);
});

test('Your own stream keeps the mute state you set when an older event (OnConnected) arrives after the answer', async () => {
  const state = await alice.evaluate(async (gid) => {
    const t = window.__t;
    const camera = t.groups[gid].local.get(0);
    const stale = { ...camera.info, audioMuted: false, videoMuted: false };
    await camera.toggleAudioMute(); // the room has it muted now
    // The room's OnConnected sent before the mute, arriving after the hub's answer to SetMute.
    for (const handler of handlersOf(t.api, 'OnConnected')) handler(stale, true);
    const after = { status: camera.getMuteStatus(), enabled: camera.getStream().getAudioTracks()[0].enabled };
    await camera.toggleAudioMute();
    return after;
  }, gid);
  assert.deepEqual(state, { status: { audio: true, video: false }, enabled: false }, 'the audio stays muted (and its track off)');
  assert.deepEqual(alice.errors, []);
});

test('OnResync applies a moderator\'s mute of your stream whose event was lost (onMute(…, true), onModeratorMute)', async () => {
  await alice.evaluate(() => lose('OnModeratorMute'));
  let since;
  try {
    since = (await events(alice)).length;
    await bob.evaluate((gid) => window.__t.groups[gid].muteParticipant('alice', false, true, 0), gid); // video of alice/0
    const state = await alice.evaluate(async (gid) => {
      await resync(gid);
      const camera = window.__t.groups[gid].local.get(0);
      return { status: camera.getMuteStatus(), enabled: camera.getStream().getVideoTracks()[0].enabled };
    }, gid);
    assert.deepEqual(state, { status: { audio: false, video: true }, enabled: false }, 'alice/0\'s video muted by the resync, its track off');
    assert.deepEqual(await eventsSince(alice, since, 'onMute'), [[`${gid}:alice/0`, false, true, true]]);
    assert.deepEqual(await eventsSince(alice, since, 'onModeratorMute'), [[`${gid}:alice/0`, null]]);
    const again = (await events(alice)).length;
    await alice.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await eventsSince(alice, again, 'onMute'), [], 'nothing changed: no onMute');
  } finally {
    await alice.evaluate(() => restore('OnModeratorMute'));
  }
  await alice.evaluate((gid) => window.__t.groups[gid].local.get(0).toggleVideoMute(), gid);
  assert.deepEqual(alice.errors, []);
});

test('OnResync re-reads who subscribes to your streams: a subscriber who came and went while the events were lost (onSubscriber)', async () => {
  const subscribers = () => alice.evaluate((gid) => window.__t.groups[gid].local.get(0).getSubscribers().map((s) => `${s.address}:${s.audio}/${s.video}`), gid);
  await alice.evaluate(() => lose('OnSubscriber'));
  try {
    await bob.evaluate((gid) => { const t = window.__t; return t.groups[gid].remote.get('alice/0').call(true, false, t.listener()); }, gid);
    let since = (await events(alice)).length;
    await alice.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await subscribers(), ['bob:true/false'], 'alice sees bob subscribed (audio only) after the resync');
    assert.deepEqual(await eventsSince(alice, since, 'onSubscriber'), [[{ gid, address: 'bob', streamId: 0, audio: true, video: false }, true]]);

    since = (await events(alice)).length;
    await alice.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await eventsSince(alice, since, 'onSubscriber'), [], 'nothing changed: no onSubscriber');

    await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').hangup(), gid);
    since = (await events(alice)).length;
    await alice.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await subscribers(), []);
    assert.deepEqual(await eventsSince(alice, since, 'onSubscriber'), [[{ gid, address: 'bob', streamId: 0, audio: true, video: false }, false]]);
  } finally {
    await alice.evaluate(() => restore('OnSubscriber'));
  }
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});

test('OnResync re-reads what you may do: a change of your limits whose OnMemberChanged was lost is applied once (onMemberChanged)', async () => {
  const since = (await events(alice)).length;
  const bitrate = (page) => page.evaluate((gid) => window.__t.groups[gid].info.limits.maxBitrateKbps, gid);
  assert.equal(await bitrate(alice), 0, 'alice starts with the room\'s bitrate (adaptive)');
  await alice.evaluate(() => lose('OnMemberChanged'));
  try {
    await bob.evaluate((gid) => window.__t.groups[gid].setMemberMedia('alice', { bitrate: 300 }), gid); // answered once the room has it
    await until(() => alice.evaluate(async (gid) => { await resync(gid); return window.__t.groups[gid].info.limits.maxBitrateKbps === 300; }, gid),
      'alice\'s resync to find her bitrate limited to 300 kbit/s', { describe: () => 'no change' });
    const changes = await eventsSince(alice, since, 'onMemberChanged');
    assert.equal(changes.length, 1, `one onMemberChanged for one change; got ${JSON.stringify(changes)}`);
    assert.equal(changes[0][0].limits.maxBitrateKbps, 300);
    assert.equal(changes[0][0].canPublish, true);
    const again = (await events(alice)).length;
    await alice.evaluate((gid) => resync(gid), gid);
    assert.deepEqual(await eventsSince(alice, again, 'onMemberChanged'), [], 'nothing changed: no onMemberChanged');
  } finally {
    await alice.evaluate(() => restore('OnMemberChanged'));
  }
  await bob.evaluate((gid) => window.__t.groups[gid].setMemberMedia('alice', { default: true }), gid);
  await until(async () => (await bitrate(alice)) === 0, 'alice\'s bitrate back to the room\'s (live OnMemberChanged)');
  assert.deepEqual(alice.errors, []);
});

test('OnResync when your OnCallEnded was lost: the room no longer has you in the call, so it ends here too (onCallEnded)', async () => {
  await alice.evaluate(() => lose('OnCallEnded'));
  const since = (await events(alice)).length;
  await bob.evaluate((gid) => window.__t.groups[gid].removeFromCall('alice'), gid);
  const state = await alice.evaluate(async (gid) => {
    await resync(gid);
    const g = window.__t.groups[gid];
    const camera = g.local.get(0);
    return { joined: g.joined, active: camera.active, pc: !!camera.pc, stream: !!camera.getStream() };
  }, gid);
  assert.deepEqual(state, { joined: false, active: false, pc: false, stream: false }, 'alice\'s call over: media closed');
  assert.deepEqual(await eventsSince(alice, since, 'onCallEnded'), [['ended', null]]);
  const invokes = await alice.evaluate(() => window.__t.invokes.slice(-3).map((i) => i.method));
  assert.ok(invokes.includes('LeaveGroup'), `the SDK leaves the group on the hub; last calls ${invokes}`);
  assert.deepEqual(alice.errors, []);
});
