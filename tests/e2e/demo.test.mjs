// The demo conference page in headless Chromium with fake camera and microphone, through the JS SDK,
// the SignalR gateway and the media relay of a real silo process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium, openDemo, screenshot } from './lib/browser.mjs';

let silo;
let browser;
let gid;
let alice;
let bob;

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  gid = await silo.group('Demo room');
  await silo.members(gid, ['alice', 'bob']);
  alice = await openDemo(browser, silo, await silo.user('alice', 'Alice'), gid);
  bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

/** Inbound video/audio stats of the subscription `page` holds to `publisher`'s stream 0. */
function inboundStats(page, publisher) {
  return page.evaluate(async (publisher) => {
    const p = [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === publisher && x.getType() === 0);
    if (!p || !p.pc) return null;
    const out = { video: null, audio: null, dtlsState: null };
    (await p.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') out.video = { framesDecoded: s.framesDecoded ?? 0, keyFramesDecoded: s.keyFramesDecoded ?? 0, frameWidth: s.frameWidth ?? 0 };
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audio = { packetsReceived: s.packetsReceived ?? 0 };
      if (s.type === 'transport') out.dtlsState = s.dtlsState;
    });
    return out;
  }, publisher);
}

async function framesOf(page, publisher) {
  return (await inboundStats(page, publisher))?.video?.framesDecoded ?? 0;
}

test('two users join, publish their cameras, see each other in the participant list and receive video', async () => {
  await alice.click('#publish-camera');
  await bob.click('#publish-camera');
  await bob.waitForSelector('#participants li[data-address="alice"]', { timeout: 15000 });
  await alice.waitForSelector('#participants li[data-address="bob"]', { timeout: 15000 });

  let last = null;
  const decoding = await until(async () => {
    last = await inboundStats(bob, 'alice');
    return last?.video?.framesDecoded > 5 && last.audio?.packetsReceived > 5 ? last : null;
  }, 'bob to decode frames from alice', { timeoutMs: 20000, describe: () => JSON.stringify(last) });
  assert.equal(decoding.dtlsState, 'connected');
  assert.ok(decoding.video.keyFramesDecoded >= 1, `expected a keyframe, got ${JSON.stringify(decoding)}`);
  assert.ok(decoding.video.frameWidth > 0);
  const later = await until(async () => {
    const s = await inboundStats(bob, 'alice');
    return s.video.framesDecoded > decoding.video.framesDecoded && s.audio.packetsReceived > decoding.audio.packetsReceived ? s : null;
  }, 'frames and audio packets to keep rising');
  assert.ok(later.video.framesDecoded > decoding.video.framesDecoded);

  // setVideoView really shows it: the tile's <video> has a size and plays.
  const width = await until(() => bob.evaluate(() => {
    const remote = [...document.querySelectorAll('.tile video')].find((v) => !v.muted);
    return remote && remote.videoWidth > 0 ? remote.videoWidth : 0;
  }), 'the remote tile to show video');
  assert.ok(width > 0);
});

test('group chat and one-to-one chat reach the other page', async () => {
  await bob.fill('#chat-text', 'hi from bob');
  await bob.click('#chat-send');
  await alice.waitForSelector('#messages li:has-text("hi from bob")', { timeout: 10000 });

  await alice.fill('#dm-to', 'bob');
  await alice.fill('#dm-text', 'psst, only you');
  await alice.click('#dm-send');
  await bob.waitForSelector('#direct-messages li:has-text("psst, only you")', { timeout: 10000 });
  assert.equal(await alice.locator('#messages li:has-text("psst, only you")').count(), 0);
  await screenshot(alice, 'demo-alice');
  await screenshot(bob, 'demo-bob');
});

test('muting video stops frames at the subscriber and unmuting resumes them', async () => {
  await alice.click('#mute-video');
  await bob.waitForSelector('#participants li[data-address="alice"] .muted:has-text("video muted")', { timeout: 10000 });
  // Frames stop: the count is the same across an interval long enough for several frames at 30 fps.
  const stopped = await until(async () => {
    const a = await framesOf(bob, 'alice');
    await new Promise((r) => setTimeout(r, 700));
    const b = await framesOf(bob, 'alice');
    return a === b ? b : null;
  }, 'frames to stop after mute', { timeoutMs: 10000 });
  await alice.click('#mute-video');
  await until(async () => (await framesOf(bob, 'alice')) > stopped + 5, 'frames to resume after unmute', { timeoutMs: 10000 });
});

test('talking is shown for a publisher whose fake microphone beeps', async () => {
  await bob.waitForSelector('#participants li[data-address="alice"].talking', { timeout: 15000 });
});

test('the camera stream switches to the screen and back mid-call; the subscriber keeps decoding', async () => {
  const sent = () => alice.evaluate(() => window.conveneDemo.camera.pc.getSenders().find((s) => s.track?.kind === 'video').track.label);
  for (const [label, button] of [[/^screen/, 'Show my camera again'], [/^fake_device/, 'Show my screen instead']]) {
    await alice.click('#switch-source');
    await alice.waitForSelector(`#switch-source:has-text("${button}")`, { timeout: 10000 });
    assert.match(await sent(), label);
    const frames = await framesOf(bob, 'alice');
    await until(async () => (await framesOf(bob, 'alice')) > frames + 10, `bob to keep decoding alice (${label})`, { timeoutMs: 15000 });
  }
});

test('a dropped connection is restored by the SDK and the others see the user leave and come back', async () => {
  await alice.evaluate(() => window.conveneDemo.api.connection.connection.stop(new Error('network dropped')));
  await bob.waitForSelector('#participants li[data-address="alice"]', { state: 'detached', timeout: 15000 });
  await alice.waitForSelector('#status.restored', { timeout: 20000 });
  await bob.waitForSelector('#participants li[data-address="alice"]', { timeout: 15000 });
  const before = await until(async () => (await framesOf(bob, 'alice')) || null, 'video from alice again', { timeoutMs: 20000 });
  await until(async () => (await framesOf(bob, 'alice')) > before + 5, 'frames to keep rising after the restore', { timeoutMs: 15000 });
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});
