// Moderation from the client with the official @microsoft/signalr client against a real silo process: members,
// permissions and media limits, mute others, remove from the call, end the call, raised hands, call.maxdur.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { connect } from './lib/client.mjs';

const MODERATION_EVENTS = ['OnMemberChanged', 'OnGroupDeleted', 'OnRaiseHand', 'OnCallEnded', 'OnModeratorMute'];

let silo;
const tokens = {};

before(async () => {
  silo = await startSilo();
  for (const name of ['teacher', 's1', 's2', 's3', 'host', 'guest', 'm1', 'm2', 'd1']) tokens[name] = await silo.user(name);
});

after(async () => {
  await silo?.stop();
});

/** A hub client that also records the moderation events (the shared client records the others). */
async function join(name, gid) {
  const client = await connect(silo, tokens[name], name);
  for (const event of MODERATION_EVENTS) client.connection.on(event, (...args) => client.events.push({ event, args }));
  client.moderation = (event, match = () => true, timeoutMs = 15000) => until(
    () => client.events.find((e) => e.event === event && match(...e.args))?.args,
    `${name} to receive a matching ${event}`,
    { timeoutMs, describe: () => JSON.stringify(client.events.filter((e) => MODERATION_EVENTS.includes(e.event))) });
  if (gid) client.joined = await client.invoke('JoinGroup', gid);
  return client;
}

const camera = (audio = true, video = true) => ({ streamId: 0, source: 'camera', name: 'cam', audio, video, sdp: null });

async function expectHubError(promise, code, fragment) {
  await assert.rejects(promise, (e) => {
    assert.match(e.message, new RegExp(`\\[${code}\\]`), `expected a [${code}] error, got: ${e.message}`);
    if (fragment) assert.match(e.message, new RegExp(fragment));
    return true;
  });
}

test('a classroom: the teacher mutes all, lets a student talk, takes it back and removes someone; students cannot moderate', async () => {
  // The spec's classroom: only selected members publish; the teacher is an admin, the students may not publish.
  const gid = await silo.group('class', { flags: 0x100 });
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'teacher', admin: { admin: true } } } });
  await silo.members(gid, ['s1', 's2', 's3'], { pub: false });
  const teacher = await join('teacher', gid);
  const students = [await join('s1', gid), await join('s2', gid), await join('s3', gid)];
  const [s1, s2, s3] = students;
  try {
    await teacher.invoke('Publish', gid, camera());
    for (const s of students) {
      await s.waitFor('OnPublisher', (p) => p.address === 'teacher');
      await s.invoke('Subscribe', gid, { publisher: 'teacher', streamId: 0, audio: true, video: true, sdp: null });
    }
    await expectHubError(s1.invoke('Publish', gid, camera()), 'forbidden');

    // A student raises a hand: everyone who may list sees it, and a late joiner gets the list.
    await s1.invoke('RaiseHand', gid, true);
    for (const c of [teacher, s2]) await c.moderation('OnRaiseHand', (g, address, raised) => g === gid && address === 's1' && raised);
    assert.deepEqual(await teacher.invoke('GetRaisedHands', gid), ['s1']);

    // Students cannot moderate or change members.
    await expectHubError(s2.invoke('MuteAllButMe', gid, true, true), 'forbidden', 'modify');
    await expectHubError(s2.invoke('RemoveFromCall', gid, 's3'), 'forbidden', 'remuser');
    await expectHubError(s2.invoke('EndCall', gid), 'forbidden');
    await expectHubError(s2.invoke('EditMembers', gid, { members: ['s2'], remove: false, permissions: { pub: true } }), 'forbidden');

    // The teacher lets s1 talk: s1 is told and may publish; the class sees the new publisher.
    await teacher.invoke('EditMembers', gid, { members: ['s1'], remove: false, permissions: { pub: true } });
    const [access] = await s1.moderation('OnMemberChanged', (a) => a.canPublish);
    assert.equal(access.gid, gid);
    assert.equal(access.address, 's1');
    await s1.invoke('Publish', gid, camera());
    await teacher.waitFor('OnPublisher', (p, joined) => p.address === 's1' && joined);
    await teacher.invoke('Subscribe', gid, { publisher: 's1', streamId: 0, audio: true, video: true, sdp: null });
    await s1.invoke('RaiseHand', gid, false);
    await teacher.moderation('OnRaiseHand', (g, address, raised) => address === 's1' && !raised);

    // Mute everyone but me: s1 is muted (told by whom), the teacher's own stream is not; s1's viewers get OnMute.
    await teacher.invoke('MuteAllButMe', gid, true, false);
    const [mutedStream, by] = await s1.moderation('OnModeratorMute');
    assert.equal(by, 'teacher');
    assert.equal(mutedStream.audioMuted, true);
    assert.equal(mutedStream.videoMuted, false);
    await teacher.waitFor('OnMute', (p) => p.address === 's1' && p.audioMuted);
    const list = await s2.invoke('ListPublishers', gid);
    assert.equal(list.find((p) => p.address === 'teacher').audioMuted, false);
    assert.equal(list.find((p) => p.address === 's1').audioMuted, true);

    // Taken back: the room ends s1's stream.
    await teacher.invoke('EditMembers', gid, { members: ['s1'], remove: false, permissions: { pub: false } });
    const [, reason] = await teacher.waitFor('OnHangup', (p) => p.address === 's1');
    assert.equal(reason, 'permission revoked');
    await s1.moderation('OnMemberChanged', (a) => !a.canPublish);

    // s3 is removed from the call: told, out of the call, and may join again.
    await teacher.invoke('RemoveFromCall', gid, 's3');
    const [g, why, who] = await s3.moderation('OnCallEnded');
    assert.deepEqual([g, why, who], [gid, 'removed', 'teacher']);
    await expectHubError(s3.invoke('Subscribe', gid, { publisher: 'teacher', streamId: 0, audio: true, video: true, sdp: null }), 'not_found', 'join again');
    await teacher.waitFor('OnSubscriber', (s, joined) => s.address === 's3' && !joined);
    await s3.invoke('JoinGroup', gid);
    await s3.invoke('Subscribe', gid, { publisher: 'teacher', streamId: 0, audio: true, video: true, sdp: null });

    // Class over: everyone's call ends.
    await teacher.invoke('EndCall', gid);
    for (const c of [teacher, s1, s2, s3]) await c.moderation('OnCallEnded', (g2, r) => g2 === gid && r === 'ended');
    const room = await silo.get(`/v1/groups/${gid}/room`);
    assert.equal(room.json.room?.connections ?? room.json.connections ?? 0, 0, JSON.stringify(room.json));
    // The non-moderators never heard of mute events they were not concerned with.
    assert.equal(s2.seen('OnMute').length, 0);
  } finally {
    await Promise.all([teacher, ...students].map((c) => c.stop()));
  }
});

test('member call settings from groupeditmembers: the join tells the limits, media not allowed is refused with a clear code', async () => {
  const gid = await silo.group('panel', { call: { resolution: 1 } });
  await silo.members(gid, ['host', 'guest']);
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'host', admin: { admin: true } } } });
  await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'guest', call: { maxheight: 360, bitrate: 300, video: false } } } });
  const members = await silo.api({ op: 'groupgetmembers', group: { gid } });
  assert.deepEqual(members.members.find((m) => m.address === 'guest').call, { resolution: -1, maxheight: 360, bitrate: 300, audio: true, video: false });
  const bad = await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: 'guest', call: { maxheight: 20 } } } }, { allowError: true });
  assert.equal(bad.result, false);
  assert.match(JSON.stringify(bad), /group\.members\.call\.maxheight/);

  const host = await join('host', gid);
  const guest = await join('guest', gid);
  try {
    assert.equal(host.joined.maxHeight, 720);
    assert.deepEqual(guest.joined.limits, { audio: true, video: false, maxWidth: 640, maxHeight: 360, maxBitrateKbps: 300 });
    assert.equal(guest.joined.maxHeight, 360);
    await expectHubError(guest.invoke('Publish', gid, camera(true, true)), 'media_not_allowed', 'video');
    const voice = await guest.invoke('Publish', gid, camera(true, false));
    assert.equal(voice.limits.maxBitrateKbps, 300);

    // The host (admin) gives the guest HD video through the hub; the guest is told the new limits.
    await host.invoke('EditMembers', gid, { members: ['guest'], remove: false, call: { default: true, resolution: 1 } });
    const [access] = await guest.moderation('OnMemberChanged', (a) => a.limits.video);
    assert.deepEqual(access.limits, { audio: true, video: true, maxWidth: 1280, maxHeight: 720, maxBitrateKbps: 0 });
    await guest.invoke('Publish', gid, camera(true, true));
    const listed = await host.invoke('ListMembers', gid, 0, 10);
    assert.deepEqual(listed.find((m) => m.address === 'guest').call, { resolution: 1, maxHeight: 0, bitrate: 0, audio: true, video: true });
    assert.deepEqual(listed.find((m) => m.address === 'host').admin, ['admin']);

    // Bad input is refused with bad_request, before any grain call.
    await expectHubError(host.invoke('EditMembers', gid, { members: [], remove: false }), 'bad_request', 'members');
    await expectHubError(host.invoke('MuteParticipant', gid, '', null, true, true), 'bad_request', 'address');
    await expectHubError(host.invoke('MuteParticipant', gid, 'guest', 999, true, true), 'bad_request', 'streamId');
    await expectHubError(host.invoke('MuteAllButMe', gid, false, false), 'bad_request');
    await expectHubError(host.invoke('MuteParticipant', gid, 'nobody', null, true, false), 'not_found');
  } finally {
    await Promise.all([host.stop(), guest.stop()]);
  }
});

test('call.maxdur ends the call for everyone with OnCallEnded("maxdur")', async () => {
  const gid = await silo.group('short', { call: { maxdur: 2 } });
  await silo.members(gid, ['m1', 'm2']);
  const started = Date.now();
  const a = await join('m1', gid);
  const b = await join('m2', gid);
  try {
    await a.invoke('Publish', gid, camera());
    for (const c of [a, b]) {
      const [g, reason, by] = await c.moderation('OnCallEnded', () => true, 30000);
      assert.deepEqual([g, reason, by], [gid, 'maxdur', null]);
    }
    assert.ok(Date.now() - started >= 1500, `ended after ${Date.now() - started} ms, before the 2 s maximum`);
    await b.waitFor('OnPublisher', (p, joined) => p.address === 'm1' && !joined);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('a deleted group ends the call: OnGroupDeleted reaches the clients in it', async () => {
  const gid = await silo.group('gone');
  await silo.members(gid, ['d1']);
  const d1 = await join('d1', gid);
  try {
    await silo.api({ op: 'groupdel', group: { gid } });
    const [g] = await d1.moderation('OnGroupDeleted');
    assert.equal(g, gid);
  } finally {
    await d1.stop();
  }
});
