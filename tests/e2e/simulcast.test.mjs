// Simulcast through the JS SDK (issue 10 item 4): with the room's call.simulcast on, the demo page's camera is
// published as three layers, and a subscriber picks its layer with setQuality; the hub validates SetQuality.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './lib/server.mjs';
import { openDemo, useSiloAndChromium } from './lib/browser.mjs';
import { connect } from './lib/client.mjs';

const env = useSiloAndChromium();

/** The video frame height `page` decodes of `publisher`'s stream 0 (0 before any frame). */
function decodedHeight(page, publisher) {
  return page.evaluate(async (publisher) => {
    const p = [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === publisher && x.getType() === 0);
    let out = { height: 0, frames: 0 };
    if (p?.pc) (await p.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') out = { height: s.frameHeight ?? 0, frames: s.framesDecoded ?? 0 }; });
    return out;
  }, publisher);
}

/** The publisher's own layers: rid → frame height (layers that encoded a frame). */
function layerHeights(page) {
  return page.evaluate(async () => {
    const me = [...window.conveneDemo.group.local.values()][0];
    const layers = {};
    if (!me?.pc?.localDescription) return { sdp: '', layers };
    (await me.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.framesEncoded > 0) layers[s.rid ?? ''] = s.frameHeight; });
    return { sdp: me.pc.localDescription.sdp, layers };
  });
}

/** Which of the publisher's encodings are active (dynacast: the relay's OnLayers pauses the ones nobody takes). */
function activeEncodings(page) {
  return page.evaluate(() => {
    const me = [...window.conveneDemo.group.local.values()][0];
    const sender = me?.pc?.getSenders().find((x) => x.track?.kind === 'video');
    return (sender?.getParameters().encodings ?? []).map((e) => e.active !== false);
  });
}

test('with call.simulcast the SDK publishes three layers, lowest first, and setQuality picks the layer a subscriber receives', async () => {
  const { silo, browser } = env;
  const gid = await silo.group('Simulcast room', { call: { simulcast: true, resolution: 1 } });
  await silo.members(gid, ['alice', 'bob']);
  const alice = await openDemo(browser, silo, await silo.user('alice', 'Alice'), gid);
  const bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
  try {
    await alice.click('#publish-camera');
    let published = null;
    await until(async () => (published = await layerHeights(alice)).layers.q > 0, 'the low layer to be encoded', { timeoutMs: 20000, describe: () => JSON.stringify(published) });
    assert.match(published.sdp, /a=simulcast:send q;h;f/);
    const low = published.layers.q;

    let seen = null;
    await until(async () => (seen = await decodedHeight(bob, 'alice')).frames > 5, 'bob to decode alice', { timeoutMs: 20000, describe: () => JSON.stringify(seen) });

    await bob.evaluate(() => [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === 'alice').setQuality('low'));
    await until(async () => { seen = await decodedHeight(bob, 'alice'); return seen.height > 0 && seen.height <= low; },
      `bob to receive the low layer (${low}p) after setQuality('low')`, { timeoutMs: 20000, describe: () => JSON.stringify(seen) });
    const frames = seen.frames;
    await until(async () => (seen = await decodedHeight(bob, 'alice')).frames > frames + 10 && seen.height <= low,
      'frames to keep decoding on the low layer', { timeoutMs: 20000, describe: () => JSON.stringify(seen) });
    // Dynacast: nobody takes the medium and high layers now, so alice's SDK pauses them (OnLayers(1)).
    let active = null;
    await until(async () => JSON.stringify(active = await activeEncodings(alice)) === '[true,false,false]',
      "alice's medium and high encodings to be paused", { timeoutMs: 20000, describe: () => JSON.stringify(active) });

    await bob.evaluate(() => [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === 'alice').setQuality('auto'));
    await until(async () => (active = await activeEncodings(alice))[1] === true,
      "alice's medium encoding to resume", { timeoutMs: 20000, describe: () => JSON.stringify(active) });
    await until(async () => (seen = await decodedHeight(bob, 'alice')).height > low,
      `bob to receive a layer taller than ${low}p after setQuality('auto')`, { timeoutMs: 30000, describe: () => JSON.stringify(seen) });
    assert.deepEqual([...alice.errors, ...bob.errors], []);
  } finally {
    await Promise.all([alice.context().close(), bob.context().close()]);
  }
});

test('SetQuality is validated and needs a subscription to the stream', async () => {
  const { silo } = env;
  const gid = await silo.group('Quality checks', { call: { simulcast: true } });
  await silo.members(gid, ['carol', 'dave']);
  const carol = await connect(silo, await silo.user('carol'), 'carol');
  const dave = await connect(silo, await silo.user('dave'), 'dave');
  const expectError = (promise, code, fragment) => assert.rejects(promise, (e) => {
    assert.match(e.message, new RegExp(`\\[${code}\\]`), `expected a [${code}] error, got: ${e.message}`);
    assert.match(e.message, new RegExp(fragment));
    return true;
  });
  try {
    await expectError(carol.invoke('SetQuality', gid, 'dave', 0, 'low', 0), 'bad_request', 'join group');
    const joined = await carol.invoke('JoinGroup', gid);
    assert.equal(joined.simulcast, true);
    await dave.invoke('JoinGroup', gid);
    await dave.invoke('Publish', gid, { streamId: 0, source: 'camera', name: 'cam', audio: true, video: true, sdp: null });
    await expectError(carol.invoke('SetQuality', gid, 'dave', 0, 'ultra', 0), 'bad_request', 'quality');
    await expectError(carol.invoke('SetQuality', gid, 'dave', 0, 'low', -1), 'bad_request', 'height');
    await expectError(carol.invoke('SetQuality', gid, 'dave', 0, 'low', 0), 'not_found', 'not subscribed');
    await carol.invoke('Subscribe', gid, { publisher: 'dave', streamId: 0, audio: true, video: true, sdp: null });
    const participant = await carol.invoke('SetQuality', gid, 'dave', 0, 'medium', 360);
    assert.equal(participant.address, 'dave');
  } finally {
    await Promise.all([carol.stop(), dave.stop()]);
  }
});
