// The SDK's answer to the hub's OnResync (some of a room's events were lost on the way to the gateway, which gave the
// gap up after Convene:Gateways:EventGapTimeout): it re-reads the room's publishers and reconciles, in headless
// Chromium against a real silo. A gateway cannot be made to lose a message from here, so the test puts bob's SDK in the
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
let bob; // lists them

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  gid = await silo.group('Resync room');
  await silo.members(gid, ['alice', 'bob']);
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
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

/** Installs in the page `resyncHandlers(api)`: the handlers the SDK's event wiring registers for OnResync. */
async function installResyncHandlers(page) {
  await page.evaluate(() => {
    window.resyncHandlers = (api) => {
      const registered = [];
      api._wireEvents({ on: (name, handler) => { if (name === 'OnResync') registered.push(handler); } });
      return registered;
    };
  });
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
