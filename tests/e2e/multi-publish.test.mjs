// The spec's "simultaneous publishing": one camera, captured once, published into two groups at once (a speaker
// live in a main hall and an overflow room), in headless Chromium against a real silo, with a viewer in each room.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { openSdkPage, joinGroup, streamStats } from './lib/sdk-page.mjs';

let silo;
let browser;
let hall;
let overflow;
let speaker;
let inHall;
let inOverflow;

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  hall = await silo.group('Main hall');
  overflow = await silo.group('Overflow room');
  await silo.members(hall, ['speaker', 'ann']);
  await silo.members(overflow, ['speaker', 'ben']);
  speaker = await openSdkPage(browser, silo, await silo.user('speaker', 'Speaker'));
  inHall = await openSdkPage(browser, silo, await silo.user('ann', 'Ann'));
  inOverflow = await openSdkPage(browser, silo, await silo.user('ben', 'Ben'));
  await joinGroup(speaker, hall);
  await joinGroup(speaker, overflow);
  await joinGroup(inHall, hall);
  await joinGroup(inOverflow, overflow);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

/** Subscribes `page` to the speaker's camera in `gid`. */
function view(page, gid) {
  return page.evaluate(async (gid) => {
    const t = window.__t;
    const group = t.groups[gid];
    await new Promise((resolve) => {
      const check = () => (group.remote.has('speaker/0') ? resolve() : setTimeout(check, 20));
      check();
    });
    await group.remote.get('speaker/0').call(true, true, t.listener());
  }, gid);
}

async function decodingMore(page, gid, than, what) {
  let last = null;
  return until(async () => {
    last = await streamStats(page, gid, 'speaker', 0);
    return last.frames > than ? last : null;
  }, what, { timeoutMs: 20000, describe: () => JSON.stringify(last) });
}

test('one captured camera published into two groups: viewers in both decode it; one room ending or muting leaves the other', async () => {
  const published = await speaker.evaluate(async ({ hall, overflow }) => {
    const t = window.__t;
    // The app captures once and gives the same MediaStream to both publications.
    t.camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const captures = t.gum;
    for (const gid of [hall, overflow]) {
      const p = t.groups[gid].publish(0);
      p.setMediaStream(t.camera);
      await p.call(true, true, t.listener());
    }
    return { captures, after: t.gum };
  }, { hall, overflow });
  assert.equal(published.after, published.captures, 'publishing into two groups captured nothing more');

  await Promise.all([view(inHall, hall), view(inOverflow, overflow)]);
  await decodingMore(inHall, hall, 10, 'the main hall viewer to decode the speaker');
  const overflowStart = await decodingMore(inOverflow, overflow, 10, 'the overflow viewer to decode the speaker');
  assert.ok(overflowStart.width > 0);

  // Muting video in the main hall does not mute the overflow room.
  await speaker.evaluate((hall) => window.__t.groups[hall].local.get(0).toggleVideoMute(), hall);
  let window1 = null;
  await until(async () => {
    const a = [await streamStats(inHall, hall, 'speaker', 0), await streamStats(inOverflow, overflow, 'speaker', 0)];
    await new Promise((r) => setTimeout(r, 700));
    const b = [await streamStats(inHall, hall, 'speaker', 0), await streamStats(inOverflow, overflow, 'speaker', 0)];
    window1 = { a, b };
    return a[0].frames === b[0].frames && b[1].frames > a[1].frames + 5;
  }, 'the hall to stop decoding while the overflow room keeps decoding', { timeoutMs: 15000, describe: () => JSON.stringify(window1) });
  await speaker.evaluate((hall) => window.__t.groups[hall].local.get(0).toggleVideoMute(), hall);
  const hallFrames = (await streamStats(inHall, hall, 'speaker', 0)).frames;
  await decodingMore(inHall, hall, hallFrames + 5, 'the hall to decode again after unmuting');

  // The main hall publication ends: the overflow room keeps decoding, the app's camera stays live.
  await speaker.evaluate((hall) => window.__t.groups[hall].local.get(0).hangup(), hall);
  const states = await speaker.evaluate(() => window.__t.camera.getTracks().map((t) => t.readyState));
  assert.deepEqual(states, ['live', 'live'], 'the shared camera tracks are not stopped when one publication ends');
  const frames = (await streamStats(inOverflow, overflow, 'speaker', 0)).frames;
  await decodingMore(inOverflow, overflow, frames + 15, 'the overflow viewer to keep decoding after the hall publication ended');

  // The last publication ends too: the SDK still does not stop tracks it was given.
  await speaker.evaluate((overflow) => window.__t.groups[overflow].local.get(0).hangup(), overflow);
  assert.deepEqual(await speaker.evaluate(() => window.__t.camera.getTracks().map((t) => t.readyState)), ['live', 'live']);
  assert.deepEqual(speaker.errors, []);
});

test('a publication can feed another group from its own capture (getStream), and outlives the first one', async () => {
  await speaker.evaluate(async ({ hall, overflow }) => {
    const t = window.__t;
    const first = t.groups[hall].publish(0);
    first.setMediaStream(null); // capture by the SDK this time
    await first.call(true, true, t.listener());
    const second = t.groups[overflow].publish(0);
    second.setMediaStream(first.getStream());
    await second.call(true, true, t.listener());
  }, { hall, overflow });
  await Promise.all([view(inHall, hall), view(inOverflow, overflow)]);
  await decodingMore(inHall, hall, 10, 'the hall viewer to decode the new publication');
  await decodingMore(inOverflow, overflow, 10, 'the overflow viewer to decode the new publication');
  // The first publication (the SDK's own capture) ends and stops its tracks; the second one's clones go on.
  const ended = await speaker.evaluate(async (hall) => {
    const p = window.__t.groups[hall].local.get(0);
    const tracks = p.getStream().getTracks();
    await p.hangup();
    return tracks.map((t) => t.readyState);
  }, hall);
  assert.deepEqual(ended, ['ended', 'ended']);
  const frames = (await streamStats(inOverflow, overflow, 'speaker', 0)).frames;
  await decodingMore(inOverflow, overflow, frames + 15, 'the overflow viewer to keep decoding after the first publication ended');
  assert.deepEqual(speaker.errors, []);
});
