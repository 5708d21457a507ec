// Video codecs through the JS SDK (issue 13 item 4): the room's call.codecs decides the codec the relay accepts from
// the demo page's camera, the subscriber decodes that codec, and with call.simulcast every layer is sent in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './lib/server.mjs';
import { openDemo, useSiloAndChromium } from './lib/browser.mjs';

const env = useSiloAndChromium();

/** What `page` decodes of `publisher`'s camera: codec, frames, height. */
function received(page, publisher) {
  return page.evaluate(async (publisher) => {
    const p = [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === publisher && x.getType() === 0);
    let out = { codec: null, frames: 0, height: 0 };
    if (p?.pc) {
      const report = await p.pc.getStats();
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') out = { codec: report.get(s.codecId)?.mimeType ?? null, frames: s.framesDecoded ?? 0, height: s.frameHeight ?? 0 };
      });
    }
    return out;
  }, publisher);
}

/** The publisher's encodings that sent frames: rid → codec. */
function sentCodecs(page) {
  return page.evaluate(async () => {
    const me = [...window.conveneDemo.group.local.values()][0];
    const layers = {};
    if (me?.pc) {
      const report = await me.pc.getStats();
      report.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.framesEncoded > 0) layers[s.rid ?? ''] = report.get(s.codecId)?.mimeType; });
    }
    return layers;
  });
}

test('call.codecs "vp9,vp8" with simulcast: the camera is sent as VP9 in every layer and the subscriber decodes VP9', async () => {
  const { silo, browser } = env;
  const gid = await silo.group('Codec room', { call: { simulcast: true, resolution: 1, codecs: 'vp9,vp8' } });
  await silo.members(gid, ['alice', 'bob']);
  const alice = await openDemo(browser, silo, await silo.user('alice', 'Alice'), gid);
  const bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
  try {
    await alice.click('#publish-camera');
    let sent = null;
    await until(async () => Object.keys(sent = await sentCodecs(alice)).length >= 2, 'two layers encoded', { timeoutMs: 20000, describe: () => JSON.stringify(sent) });
    assert.ok(Object.values(sent).every((c) => c === 'video/VP9'), `every layer in VP9: ${JSON.stringify(sent)}`);

    let seen = null;
    await until(async () => (seen = await received(bob, 'alice')).frames > 10, 'bob to decode alice', { timeoutMs: 20000, describe: () => JSON.stringify(seen) });
    assert.equal(seen.codec, 'video/VP9');
  } finally {
    await Promise.all([alice.context().close(), bob.context().close()]);
  }
});
