// The spec's SDK vocabulary in headless Chromium (three fake cameras, fake microphones) against a real silo:
// getMuteStatus(video), OnMute's remote argument, local mute of a viewed stream, setVideoSource mid-call without
// renegotiation, OnConnected once per stream, the participants listener and OnAudioDeviceChanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { openSdkPage, joinGroup, events, streamStats } from './lib/sdk-page.mjs';

let silo;
let browser;
let gid;
let alice; // publishes camera 0
let bob; // views alice's stream

const ALICE = () => `${gid}:alice/0`;

before(async () => {
  silo = await startSilo();
  browser = await launchChromium({ cameras: 3 });
  gid = await silo.group('Vocabulary room');
  await silo.members(gid, ['alice', 'bob']);
  alice = await openSdkPage(browser, silo, await silo.user('alice', 'Alice'));
  bob = await openSdkPage(browser, silo, await silo.user('bob', 'Bob'));
  await joinGroup(alice, gid);
  await alice.evaluate(async (gid) => {
    const t = window.__t;
    const me = t.groups[gid].publish(0);
    me.setVideoSource(t.sdk.STREAM_CAMERA, 0);
    await me.call(true, true, t.listener());
  }, gid);
  await joinGroup(bob, gid);
  await bob.evaluate(async (gid) => {
    const t = window.__t;
    // Raw hub events too, to know when the relay's OnConnected has arrived.
    t.raw = [];
    t.api.connection.on('OnConnected', (p, connected) => t.raw.push({ key: `${p.gid}:${p.address}/${p.streamId}`, connected }));
    const p = t.groups[gid].remote.get('alice/0');
    await p.call(true, true, t.listener());
  }, gid);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

async function decodingMore(page, address, than, what) {
  let last = null;
  return until(async () => {
    last = await streamStats(page, gid, address, 0);
    return last.frames > than ? last : null;
  }, what, { timeoutMs: 20000, describe: () => JSON.stringify(last) });
}

/** Waits until video frames stay still over a window in which audio packets still arrive. */
async function videoStoppedAudioFlowing(page, address) {
  let last = null;
  return until(async () => {
    const a = await streamStats(page, gid, address, 0);
    await new Promise((r) => setTimeout(r, 700));
    const b = await streamStats(page, gid, address, 0);
    last = { a, b };
    return a.frames === b.frames && b.audioPackets > a.audioPackets ? b : null;
  }, 'video frames to stop while audio packets keep arriving', { timeoutMs: 15000, describe: () => JSON.stringify(last) });
}

test('OnConnected fires exactly once per stream, for the publisher and for the subscriber', async () => {
  await decodingMore(bob, 'alice', 5, 'bob to decode alice');
  // Both reports have arrived: the relay's hub event and the peer connection's own state.
  await until(() => bob.evaluate(() => window.__t.raw.some((e) => e.connected)), 'the relay\'s OnConnected at bob');
  const connected = (await events(bob, 'onConnected')).filter((e) => e.args[0] === ALICE());
  assert.deepEqual(connected.map((e) => e.args[1]), [true], `bob's onConnected for alice/0: ${JSON.stringify(connected)}`);
  const mine = (await events(alice, 'onConnected')).filter((e) => e.args[0] === ALICE());
  assert.deepEqual(mine.map((e) => e.args[1]), [true], `alice's onConnected for her stream: ${JSON.stringify(mine)}`);
});

test('getMuteStatus(video) and OnMute with remote: false for your own toggle, true at the viewer', async () => {
  const own = await alice.evaluate(async (gid) => {
    const me = window.__t.groups[gid].local.get(0);
    const before = [me.getMuteStatus(false), me.getMuteStatus(true)];
    await me.toggleAudioMute();
    return { before, after: [me.getMuteStatus(false), me.getMuteStatus(true)] };
  }, gid);
  assert.deepEqual(own, { before: [false, false], after: [true, false] });
  const aliceMute = (await events(alice, 'onMute')).at(-1);
  assert.deepEqual(aliceMute.args, [ALICE(), true, false, false], 'alice: onMute(p, audioMuted, videoMuted, remote=false)');

  const remote = await until(async () => (await events(bob, 'onMute')).find((e) => e.args[0] === ALICE() && e.args[1] === true), 'bob to get onMute for alice\'s audio');
  assert.deepEqual(remote.args, [ALICE(), true, false, true], 'bob: onMute(p, audioMuted, videoMuted, remote=true)');
  assert.deepEqual(await bob.evaluate((gid) => {
    const p = window.__t.groups[gid].remote.get('alice/0');
    return [p.getMuteStatus(false), p.getMuteStatus(true)];
  }, gid), [true, false]);

  await alice.evaluate((gid) => window.__t.groups[gid].local.get(0).toggleAudioMute(), gid);
  await until(async () => (await events(bob, 'onMute')).some((e) => e.args[0] === ALICE() && e.args[1] === false && e.args[3] === true), 'bob to see alice unmute');
  assert.equal(await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').getMuteStatus(false), gid), false);
});

test('toggleVideoMute on a viewed stream stops receiving its video (for the viewer only) and unmuting resumes it', async () => {
  const start = await decodingMore(bob, 'alice', 0, 'bob to decode alice');
  const status = await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').toggleVideoMute(), gid);
  assert.deepEqual(status, { audio: false, video: true });
  const local = (await events(bob, 'onMute')).at(-1);
  assert.deepEqual(local.args, [ALICE(), false, true, false], 'bob: onMute(p, false, true, remote=false)');
  assert.equal(await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').getMuteStatus(true), gid), true);
  // The relay no longer sends video to bob: alice sees bob's subscription as audio only.
  await until(async () => (await events(alice, 'onSubscriber')).some((e) => e.args[0].address === 'bob' && e.args[0].video === false && e.args[1] === true),
    'alice to see bob subscribed without video', { timeoutMs: 10000 });
  const stopped = await videoStoppedAudioFlowing(bob, 'alice');
  // The publisher still sends video (nobody else muted it).
  const sent = await streamStats(alice, gid, 'alice', 0, true);
  await until(async () => (await streamStats(alice, gid, 'alice', 0, true)).frames > sent.frames + 5, 'alice to keep sending video');

  await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').toggleVideoMute(), gid);
  assert.equal(await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').getMuteStatus(true), gid), false);
  await decodingMore(bob, 'alice', stopped.frames + 5, 'frames to resume after the local unmute');
  assert.ok(start.frames > 0);
  // Still one OnConnected for the stream: re-subscribing for a local mute is not a new connection.
  const connected = (await events(bob, 'onConnected')).filter((e) => e.args[0] === ALICE());
  assert.deepEqual(connected.map((e) => e.args[1]), [true]);
});

// Chromium's fake camera 1 delivers Y16 (a depth format the encoder does not take: no frames are sent from it);
// camera 2 delivers MJPEG like a real webcam, so the switch goes to camera 2.
test('setVideoSource switches camera 0 → camera 2 → screen mid-call with replaceTrack: no new offer, the viewer keeps decoding', async () => {
  const before = await alice.evaluate((gid) => {
    const t = window.__t;
    const me = t.groups[gid].local.get(0);
    t.pcBefore = me.pc;
    return { sdp: me.pc.localDescription.sdp, offers: t.invokes.filter((i) => i.sdp === true).length, label: me.getStream().getVideoTracks()[0].label };
  }, gid);
  assert.equal(before.label, 'fake_device_0');
  const bobPublishers = (await events(bob, 'onPublisher')).length;

  const camera2 = await alice.evaluate(async (gid) => {
    const me = window.__t.groups[gid].local.get(0);
    await me.setVideoSource(window.__t.sdk.STREAM_CAMERA, 2);
    return me.pc.getSenders().find((s) => s.track && s.track.kind === 'video').track.label;
  }, gid);
  assert.equal(camera2, 'fake_device_2', 'the video sender sends camera 2');
  let frames = (await streamStats(bob, gid, 'alice', 0)).frames;
  await decodingMore(bob, 'alice', frames + 10, 'bob to keep decoding after the switch to camera 2');

  const screen = await alice.evaluate(async (gid) => {
    const me = window.__t.groups[gid].local.get(0);
    await me.setVideoSource(window.__t.sdk.STREAM_SCREEN);
    return me.pc.getSenders().find((s) => s.track && s.track.kind === 'video').track.label;
  }, gid);
  assert.match(screen, /^screen/, 'the video sender sends the screen');
  frames = (await streamStats(bob, gid, 'alice', 0)).frames;
  await decodingMore(bob, 'alice', frames + 10, 'bob to keep decoding after the switch to the screen');

  const after = await alice.evaluate((gid) => {
    const t = window.__t;
    const me = t.groups[gid].local.get(0);
    return { samePc: me.pc === t.pcBefore, sdp: me.pc.localDescription.sdp, offers: t.invokes.filter((i) => i.sdp === true).length };
  }, gid);
  assert.ok(after.samePc, 'the same peer connection');
  assert.equal(after.sdp, before.sdp, 'no new local description');
  assert.equal(after.offers, before.offers, 'no new SDP offer sent to the server');

  const changes = await until(async () => {
    const list = (await events(bob, 'onVideoSourceChanged')).filter((e) => e.args[0] === ALICE());
    return list.some((e) => e.args[1] === 'screen') ? list : null;
  }, 'bob\'s onVideoSourceChanged(p, "screen")');
  assert.ok(changes.length >= 1);
  assert.equal(await bob.evaluate((gid) => window.__t.groups[gid].remote.get('alice/0').info.source, gid), 'screen');
  assert.equal((await events(bob, 'onPublisher')).length, bobPublishers, 'a source switch is not a new publisher at the viewer');
  const own = (await events(alice, 'onVideoSourceChanged')).map((e) => e.args.slice(1));
  assert.deepEqual(own, [['camera', 2], ['screen', 0]]);
});

test('the participants listener reports everyone publishing and who just joined or left', async () => {
  const atJoin = (await events(bob, 'onParticipants'))[0];
  assert.deepEqual(atJoin.args, [[ALICE()], [ALICE()]], 'at join: all and latest');
  await alice.evaluate(async (gid) => {
    const t = window.__t;
    const screen = t.groups[gid].publish(1);
    screen.setVideoSource(t.sdk.STREAM_SCREEN);
    await screen.call(false, true, t.listener());
  }, gid);
  const joined = await until(async () => (await events(bob, 'onParticipants')).find((e) => e.args[1].includes(`${gid}:alice/1`)), 'onParticipants with alice/1 as latest');
  assert.deepEqual([...joined.args[0]].sort(), [ALICE(), `${gid}:alice/1`]);
  await alice.evaluate((gid) => window.__t.groups[gid].local.get(1).hangup(), gid);
  const left = await until(async () => {
    const list = await events(bob, 'onParticipants');
    return list.length > 0 && list.at(-1).args[0].length === 1 ? list.at(-1) : null;
  }, 'onParticipants after alice/1 left');
  assert.deepEqual(left.args, [[ALICE()], []]);
});

test('OnAudioDeviceChanged on devicechange, and when the microphone is switched mid-call without renegotiation', async () => {
  await alice.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
  const onChange = await until(async () => (await events(alice, 'onAudioDeviceChanged'))[0], 'onAudioDeviceChanged after devicechange');
  assert.equal(onChange.args[0].kind, 'audioinput');
  assert.match(onChange.args[0].label, /Fake/);
  assert.equal(onChange.args[1], null);

  const offers = await alice.evaluate(() => window.__t.invokes.filter((i) => i.sdp === true).length);
  const packets = (await streamStats(bob, gid, 'alice', 0)).audioPackets;
  await alice.evaluate((gid) => window.__t.groups[gid].local.get(0).setAudioDevice(1), gid);
  const switched = (await events(alice, 'onAudioDeviceChanged')).at(-1);
  assert.equal(switched.args[0].label, 'Fake Audio Input 1');
  assert.notEqual(switched.args[1].label, 'Fake Audio Input 1');
  assert.equal(await alice.evaluate(() => window.__t.invokes.filter((i) => i.sdp === true).length), offers, 'no new offer');
  await until(async () => (await streamStats(bob, gid, 'alice', 0)).audioPackets > packets + 20, 'bob to keep receiving audio');
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});

test('a mid-call switch to the screen in a room without screen sharing is refused and changes nothing', async () => {
  const noScreen = await silo.group('No screens', { call: { screen: false } });
  await silo.members(noScreen, ['alice']);
  await joinGroup(alice, noScreen);
  const result = await alice.evaluate(async (gid) => {
    const t = window.__t;
    const me = t.groups[gid].publish(0);
    await me.call(true, true, t.listener());
    const error = await me.setVideoSource(t.sdk.STREAM_SCREEN).then(() => null, (e) => e.code || e.message);
    const sent = me.pc.getSenders().find((s) => s.track && s.track.kind === 'video').track;
    return { error, source: me.info.source, label: sent.label, state: sent.readyState, stream: me.getStream().getVideoTracks()[0] === sent };
  }, noScreen);
  assert.deepEqual(result, { error: 'forbidden', source: 'camera', label: 'fake_device_0', state: 'live', stream: true });
});
