// The classroom on the demo page in headless Chromium (fake camera and microphone), through the JS SDK, the SignalR
// gateway and the media relay of a real silo process: a student raises a hand, the teacher lets her publish (capped
// at 360p by her member settings), mutes everyone but himself (her video stops decoding at the other students),
// removes a student from the call and ends it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium, openDemo, screenshot } from './lib/browser.mjs';

let silo;
let browser;
let gid;
const pages = {};

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  // Only selected members publish (0x100); an HD room, but student s1 is capped at 360 lines and 150 kbit/s.
  gid = await silo.group('Classroom', { flags: 0x100, call: { resolution: 1 } });
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'teacher', admin: { admin: true } } } });
  await silo.members(gid, ['s1', 's2'], { pub: false });
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 's1', call: { maxheight: 360, bitrate: 150 } } } });
  for (const name of ['teacher', 's1', 's2']) pages[name] = await openDemo(browser, silo, await silo.user(name), gid);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

/** Inbound video stats of `page`'s subscription to `publisher`'s camera. */
function inbound(page, publisher) {
  return page.evaluate(async (publisher) => {
    const p = [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === publisher && x.getType() === 0);
    if (!p || !p.pc) return null;
    let video = null;
    (await p.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') video = { frames: s.framesDecoded ?? 0, height: s.frameHeight ?? 0 };
    });
    return video;
  }, publisher);
}

test('the teacher has the moderation panel, the students do not; a raised hand shows at the teacher', async () => {
  const { teacher, s1, s2 } = pages;
  await teacher.waitForSelector('#moderation #members li[data-address="s1"]', { timeout: 30000 });
  assert.equal(await s1.locator('#moderation').count(), 0);
  assert.equal(await s2.locator('#moderation').count(), 0);
  assert.equal(await s1.isDisabled('#publish-camera'), true);

  await s1.click('#raise-hand');
  await teacher.waitForSelector('#members li[data-address="s1"].hand', { timeout: 30000 });
  await s1.waitForSelector('#raise-hand.raised', { timeout: 30000 });
});

test('let publish: the student publishes within her 360p / 150 kbit/s limits and everyone decodes her', async () => {
  const { teacher, s1, s2 } = pages;
  await teacher.click('#publish-camera');
  await teacher.click('#members li[data-address="s1"] button.publish');
  await s1.waitForSelector('#publish-camera:not([disabled])', { timeout: 30000 });
  await teacher.waitForSelector('#members li[data-address="s1"] button.publish:has-text("Revoke")', { timeout: 30000 });
  await s1.click('#publish-camera');
  let seen = {};
  for (const viewer of [teacher, s2]) {
    await until(async () => {
      seen = await inbound(viewer, 's1');
      return seen?.frames > 5;
    }, 'frames of s1 decoded', { timeoutMs: 30000, describe: () => JSON.stringify(seen) });
  }
  // Her member limit reached the SDK (join answer) and capped her capture: never taller than 360 lines.
  assert.equal(await s1.evaluate(() => window.conveneDemo.group.info.maxHeight), 360);
  assert.ok(seen.height > 0 && seen.height <= 360, `s1's video must be at most 360 lines high, decoded ${JSON.stringify(seen)}`);
  // Her bitrate cap reached the relay, whose REMB keeps her encoder under it (Chromium starts at 300 kbit/s).
  let target = null;
  await until(async () => {
    target = await s1.evaluate(async () => {
      let t = null;
      (await window.conveneDemo.camera.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') t = s.targetBitrate ?? null; });
      return t;
    });
    return target !== null && target <= 165000;
  }, 's1\'s encoder target bitrate under her 150 kbit/s member cap', { timeoutMs: 20000, describe: () => `targetBitrate ${target}` });
});

test('the resolution picker offers only what her limit allows; 180p shrinks what she sends, above her limit is refused', async () => {
  const { s1, teacher } = pages;
  await s1.waitForSelector('#resolution:not([disabled])', { timeout: 30000 });
  const options = await s1.$$eval('#resolution option', (os) => os.map((o) => o.value));
  assert.deepEqual(options, ['0', '180', '360'], 'her 360-line member limit leaves Best, 180p and 360p');
  await s1.selectOption('#resolution', '180');
  let sent = null;
  await until(async () => {
    sent = await s1.evaluate(async () => {
      let h = null;
      (await window.conveneDemo.camera.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') h = s.frameHeight ?? null; });
      return h;
    });
    return sent !== null && sent > 0 && sent <= 180;
  }, 's1 sending at most 180 lines after choosing 180p', { timeoutMs: 20000, describe: () => `frameHeight ${sent}` });
  let seen = null;
  await until(async () => { seen = await inbound(teacher, 's1'); return seen?.height > 0 && seen.height <= 180; },
    'the teacher decoding s1 at 180 lines or fewer', { timeoutMs: 20000, describe: () => JSON.stringify(seen) });
  const refused = await s1.evaluate(() => window.conveneDemo.camera.setResolution(720).then(() => null, (e) => e.message));
  assert.match(refused ?? '', /above your limit of 360/);
  await s1.selectOption('#resolution', '0');
});

test('mute all but me: the student\'s video stops decoding at the other students, the teacher\'s does not', async () => {
  const { teacher, s1, s2 } = pages;
  await teacher.click('#mute-all');
  await s1.waitForSelector('#call-ended:has-text("teacher muted")', { timeout: 30000 });
  await s2.waitForSelector('#participants li[data-address="s1"] .muted:has-text("video muted")', { timeout: 30000 });
  // Stopped: the count stays the same across an interval long enough for several frames.
  let last = null;
  await until(async () => {
    const a = (await inbound(s2, 's1')).frames;
    await new Promise((r) => setTimeout(r, 700));
    last = [a, (await inbound(s2, 's1')).frames];
    return last[0] === last[1];
  }, 's1\'s frames to stop decoding at s2 after the moderator muted her', { timeoutMs: 15000, describe: () => JSON.stringify(last) });
  const teacherFrames = (await inbound(s2, 'teacher'))?.frames ?? 0;
  await until(async () => ((await inbound(s2, 'teacher'))?.frames ?? 0) > teacherFrames + 5,
    'the teacher\'s own video to keep decoding at s2', { timeoutMs: 15000 });
});

test('remove from the call and end the call reach the students', async () => {
  const { teacher, s1, s2 } = pages;
  await teacher.click('#members li[data-address="s2"] button.remove');
  await s2.waitForSelector('#call-ended:has-text("removed you")', { timeout: 30000 });
  assert.equal(await s2.isDisabled('#raise-hand'), true);
  await screenshot(teacher, 'moderation-teacher');
  await teacher.click('#end-call');
  await s1.waitForSelector('#call-ended:has-text("ended the call")', { timeout: 30000 });
  await teacher.waitForSelector('#call-ended:has-text("ended the call")', { timeout: 30000 });
  const room = await silo.get(`/v1/groups/${gid}/room`);
  assert.equal(room.json.room.connections, 0, JSON.stringify(room.json));
  for (const [name, page] of Object.entries(pages)) assert.deepEqual(page.errors, [], `${name} page errors`);
});
