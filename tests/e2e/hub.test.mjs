// Hub tests: the official @microsoft/signalr client against a real silo process.
// Each event must reach exactly the users the permissions allow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo } from './lib/server.mjs';
import { connect } from './lib/client.mjs';

let silo;
const tokens = {};

before(async () => {
  silo = await startSilo();
  for (const name of ['alice', 'bob', 'carol', 'dave', 'speaker', 'viewer1', 'viewer2', 'flood', 'calm']) {
    tokens[name] = await silo.user(name);
  }
});

after(async () => {
  await silo?.stop();
});

const stream0 = (audio = true, video = true) => ({ streamId: 0, source: 'camera', name: 'cam', audio, video, sdp: null });

/** Awaits `promise` or fails after `ms` naming what was expected. */
function within(promise, ms, expected) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`expected ${expected} within ${ms} ms`)), ms); }),
  ]);
}

async function expectHubError(promise, code, fragment) {
  await assert.rejects(promise, (e) => {
    assert.match(e.message, new RegExp(`\\[${code}\\]`), `expected a [${code}] error, got: ${e.message}`);
    if (fragment) assert.match(e.message, new RegExp(fragment));
    return true;
  });
}

test('a conference: join, publish, list, subscribe, mute, chat and hang up reach exactly the right users', async () => {
  const gid = await silo.group('standup');
  await silo.members(gid, ['alice', 'bob', 'carol']);
  const alice = await connect(silo, tokens.alice, 'alice');
  const bob = await connect(silo, tokens.bob, 'bob');
  const carol = await connect(silo, tokens.carol, 'carol');
  try {
    assert.deepEqual((await alice.invoke('Hello')).address, 'alice');
    for (const c of [alice, bob, carol]) {
      const joined = await c.invoke('JoinGroup', gid);
      assert.equal(joined.canPublish, true);
      assert.equal(joined.name, 'standup');
    }

    const published = await alice.invoke('Publish', gid, stream0());
    assert.equal(published.participant.address, 'alice');
    assert.equal(published.sdp, null);
    for (const c of [bob, carol]) {
      const [p, joined] = await c.waitFor('OnPublisher', (p) => p.address === 'alice');
      assert.equal(joined, true);
      assert.equal(p.streamId, 0);
      assert.equal(p.source, 'camera');
    }
    const list = await bob.invoke('ListPublishers', gid);
    assert.deepEqual(list.map((p) => `${p.address}/${p.streamId}`), ['alice/0']);

    await bob.invoke('Subscribe', gid, { publisher: 'alice', streamId: 0, audio: true, video: false, sdp: null });
    const [sub, subJoined] = await alice.waitFor('OnSubscriber', (s) => s.address === 'bob');
    assert.equal(subJoined, true);
    assert.equal(sub.audio, true);
    assert.equal(sub.video, false);

    const muted = await alice.invoke('SetMute', gid, 0, true, false);
    assert.equal(muted.audioMuted, true);
    const [mute] = await bob.waitFor('OnMute', (p) => p.address === 'alice');
    assert.equal(mute.audioMuted, true);
    assert.equal(mute.videoMuted, false);

    const id = await bob.invoke('SendGroupMessage', gid, 'hello team', null);
    for (const c of [alice, carol]) {
      const [m] = await c.waitFor('OnMessage', (m) => m.id === id);
      assert.equal(m.text, 'hello team');
      assert.equal(m.from, 'bob');
      assert.equal(m.gid, gid);
    }
    const direct = await alice.invoke('SendMessage', 'carol', 'just for carol');
    const [dm] = await carol.waitFor('OnMessage', (m) => m.gid === 0 && m.id === direct);
    assert.equal(dm.from, 'alice');
    const history = await carol.invoke('GetHistory', gid, null, 10);
    assert.deepEqual(history.map((m) => m.text), ['hello team']);

    await alice.invoke('Unpublish', gid, 0);
    const [hung, reason] = await bob.waitFor('OnHangup', (p) => p.address === 'alice');
    assert.equal(hung.streamId, 0);
    assert.equal(reason, 'hangup');
    await carol.waitFor('OnPublisher', (p, joined) => p.address === 'alice' && joined === false);
    assert.deepEqual(await bob.invoke('ListPublishers', gid), []);

    // Only the subscriber heard about the mute and the hang-up; only carol got the direct message;
    // the sender of a group message does not get it back (no loop-back flag).
    assert.equal(carol.seen('OnMute').length, 0);
    assert.equal(carol.seen('OnHangup').length, 0);
    assert.equal(bob.seen('OnMessage').filter(([m]) => m.gid === 0).length, 0);
    assert.equal(bob.seen('OnMessage').filter(([m]) => m.id === id && m.gid === gid).length, 0);
    assert.equal(bob.seen('OnSubscriber').length, 0);
  } finally {
    await Promise.all([alice.stop(), bob.stop(), carol.stop()]);
  }
});

test('a webinar: viewers cannot publish, never receive OnSubscriber, and see the speaker', async () => {
  const gid = await silo.group('webinar', { flags: 0x100 | 0x2000 | 0x20000 });
  await silo.members(gid, ['speaker'], { pub: true });
  await silo.members(gid, ['viewer1', 'viewer2'], { pub: false });
  const speaker = await connect(silo, tokens.speaker, 'speaker');
  const viewers = [await connect(silo, tokens.viewer1, 'viewer1'), await connect(silo, tokens.viewer2, 'viewer2')];
  try {
    await speaker.invoke('JoinGroup', gid);
    for (const v of viewers) {
      const joined = await v.invoke('JoinGroup', gid);
      assert.equal(joined.canPublish, false);
      assert.equal(joined.canSubscribe, true);
      await expectHubError(v.invoke('Publish', gid, stream0()), 'forbidden');
    }
    await speaker.invoke('Publish', gid, stream0());
    for (const v of viewers) {
      await v.waitFor('OnPublisher', (p, joined) => p.address === 'speaker' && joined);
      await v.invoke('Subscribe', gid, { publisher: 'speaker', streamId: 0, audio: true, video: true, sdp: null });
    }
    await speaker.waitFor('OnSubscriber', (s) => s.address === 'viewer1');
    await speaker.waitFor('OnSubscriber', (s) => s.address === 'viewer2');
    // A later event to the viewers proves earlier ones had their chance to arrive.
    await speaker.invoke('SetMute', gid, 0, false, true);
    for (const v of viewers) {
      await v.waitFor('OnMute', (p) => p.videoMuted === true);
      assert.equal(v.seen('OnSubscriber').length, 0, `${v.name} must not receive OnSubscriber`);
    }
    // The spec lets a publisher view its own stream, so it is told about it like everyone allowed to list.
    assert.equal(speaker.seen('OnPublisher').filter(([p]) => p.address === 'speaker').length, 1);
  } finally {
    await Promise.all([speaker.stop(), ...viewers.map((v) => v.stop())]);
  }
});

test('a connection can never act in a group it is not a member of', async () => {
  const gid = await silo.group('private');
  await silo.members(gid, ['alice']);
  const alice = await connect(silo, tokens.alice, 'alice');
  const dave = await connect(silo, tokens.dave, 'dave');
  try {
    await alice.invoke('JoinGroup', gid);
    await alice.invoke('Publish', gid, stream0());
    await expectHubError(dave.invoke('JoinGroup', gid), 'forbidden');
    await expectHubError(dave.invoke('Publish', gid, stream0()), 'bad_request', 'join group');
    await expectHubError(dave.invoke('Subscribe', gid, { publisher: 'alice', streamId: 0, audio: true, video: true, sdp: null }), 'bad_request', 'join group');
    await expectHubError(dave.invoke('SendGroupMessage', gid, 'let me in', null), 'forbidden');
    await expectHubError(dave.invoke('ListPublishers', gid), 'forbidden');
    await expectHubError(dave.invoke('GetHistory', gid, null, 10), 'forbidden');
    const id = await alice.invoke('SendGroupMessage', gid, 'members only', null);
    assert.ok(id > 0);
    await alice.invoke('SendMessage', 'dave', 'a direct message still works');
    await dave.waitFor('OnMessage', (m) => m.gid === 0);
    assert.equal(dave.seen('OnMessage').filter(([m]) => m.gid === gid).length, 0);
    assert.equal(dave.seen('OnPublisher').length, 0);
  } finally {
    await Promise.all([alice.stop(), dave.stop()]);
  }
});

test('a bad token is refused at connect', async () => {
  await assert.rejects(connect(silo, 'not-a-token', 'intruder'), /401|Unauthorized/);
  const old = await silo.user('rotated');
  await silo.user('rotated'); // useradd again: the old token is revoked
  await assert.rejects(connect(silo, old, 'revoked'), /401|Unauthorized/);
});

test('every argument is validated with a clear code', async () => {
  const gid = await silo.group('validation');
  await silo.members(gid, ['alice']);
  const alice = await connect(silo, tokens.alice, 'alice');
  try {
    await alice.invoke('JoinGroup', gid);
    await expectHubError(alice.invoke('JoinGroup', 0), 'bad_request', 'gid');
    await expectHubError(alice.invoke('JoinGroup', 987654321), 'not_found');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), streamId: 256 }), 'bad_request', 'streamId');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), streamId: -1 }), 'bad_request', 'streamId');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), name: 'n'.repeat(257) }), 'bad_request', 'name');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), source: 'webcam' }), 'bad_request', 'source');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), audio: false, video: false }), 'bad_request');
    await expectHubError(alice.invoke('SendGroupMessage', gid, 'x'.repeat(64 * 1024 + 1), null), 'bad_request', 'text');
    await expectHubError(alice.invoke('SendGroupMessage', gid, '', null), 'bad_request', 'text');
    await expectHubError(alice.invoke('SendMessage', 'a b', 'hi'), 'bad_request', 'to');
    await expectHubError(alice.invoke('SendMessage', 'nobody-here', 'hi'), 'not_found');
    await expectHubError(alice.invoke('Subscribe', gid, { publisher: 'bob', streamId: 3, audio: true, video: true, sdp: null }), 'not_found');
    await expectHubError(alice.invoke('GetHistory', gid, null, 0), 'bad_request', 'count');
    await expectHubError(alice.invoke('Publish', gid, { ...stream0(), sdp: 'v=0 not really sdp' }), 'bad_request', 'sdp');
    // Nothing above changed anything.
    assert.deepEqual(await alice.invoke('ListPublishers', gid), []);
    assert.deepEqual(await alice.invoke('GetHistory', gid, null, 10), []);
    // A 64 KiB message is fine.
    assert.ok(await alice.invoke('SendGroupMessage', gid, 'y'.repeat(64 * 1024), null) > 0);
  } finally {
    await alice.stop();
  }
});

test('a flood from one connection is throttled for that connection only', async () => {
  const flood = await connect(silo, tokens.flood, 'flood');
  const calm = await connect(silo, tokens.calm, 'calm');
  try {
    const results = await Promise.allSettled(Array.from({ length: 600 }, () => flood.invoke('Hello')));
    const limited = results.filter((r) => r.status === 'rejected' && /\[rate_limited\]/.test(r.reason.message));
    assert.ok(limited.length > 100, `expected many rate-limited calls, got ${limited.length} of 600`);
    assert.ok(results.some((r) => r.status === 'fulfilled'), 'the first calls of the burst succeed');
    const calmResults = await Promise.all(Array.from({ length: 20 }, () => calm.invoke('Hello')));
    assert.equal(calmResults.length, 20);
  } finally {
    await Promise.all([flood.stop(), calm.stop()]);
  }
});

test('a dropped connection leaves, reconnects, rejoins and the others see it go and come back', async () => {
  const gid = await silo.group('flaky');
  await silo.members(gid, ['alice', 'bob']);
  const alice = await connect(silo, tokens.alice, 'alice', { reconnect: true });
  const bob = await connect(silo, tokens.bob, 'bob');
  try {
    await bob.invoke('JoinGroup', gid);
    await alice.invoke('JoinGroup', gid);
    await alice.invoke('Publish', gid, stream0());
    await bob.waitFor('OnPublisher', (p, joined) => p.address === 'alice' && joined);

    // Restore what the JS SDK restores: rejoin and republish.
    const restored = new Promise((resolve, reject) => {
      alice.connection.onreconnected(async () => {
        try {
          await alice.invoke('JoinGroup', gid);
          await alice.invoke('Publish', gid, stream0());
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
    // Drop the transport the way a network failure does (the client sees an error, not a stop).
    alice.connection.connection.stop(new Error('network dropped'));

    await bob.waitFor('OnPublisher', (p, joined) => p.address === 'alice' && joined === false);
    await restored;
    const comeBack = () => bob.seen('OnPublisher').filter(([p, joined]) => p.address === 'alice' && joined).length === 2;
    await bob.waitFor('OnPublisher', (p, joined) => p.address === 'alice' && joined && comeBack());
    const list = await bob.invoke('ListPublishers', gid);
    assert.deepEqual(list.map((p) => p.address), ['alice']);
  } finally {
    await Promise.all([alice.stop(), bob.stop()]);
  }
});

test('joining tells the room media limits from its call settings', async () => {
  const hd = await silo.group('hd room', { call: { resolution: 2, bitrate: 800, video: true } });
  const audioOnly = await silo.group('audio room', { call: { video: false } });
  await silo.members(hd, ['alice']);
  await silo.members(audioOnly, ['alice']);
  const alice = await connect(silo, tokens.alice, 'alice');
  try {
    const joined = await alice.invoke('JoinGroup', hd);
    assert.deepEqual([joined.maxWidth, joined.maxHeight, joined.maxBitrateKbps], [1920, 1080, 800]);
    const audio = await alice.invoke('JoinGroup', audioOnly);
    assert.equal(audio.video, false);
    assert.deepEqual([audio.maxWidth, audio.maxHeight], [640, 480]);
    await expectHubError(alice.invoke('Publish', audioOnly, stream0(true, true)), 'forbidden', 'video');
    assert.ok((await alice.invoke('Publish', audioOnly, stream0(true, false))).participant);
  } finally {
    await alice.stop();
  }
});

test('regenerating or deleting a user ends the connections opened with the old token', async () => {
  const token = await silo.user('revokee');
  const client = await connect(silo, token, 'revokee');
  const closed = new Promise((resolve) => client.connection.onclose(resolve));
  assert.equal((await client.invoke('Hello')).address, 'revokee');

  await silo.user('revokee'); // useradd again: a new token, the old one revoked
  await within(closed, 10000, 'the connection with the revoked token to be closed');
  assert.equal(client.connection.state, 'Disconnected');
  await assert.rejects(connect(silo, token, 'old token'), /401|Unauthorized/);

  const deleted = await connect(silo, await silo.user('deletee'), 'deletee');
  const gone = new Promise((resolve) => deleted.connection.onclose(resolve));
  await silo.api({ op: 'userdel', user: { address: 'deletee' } });
  await within(gone, 10000, "the deleted user's connection to be closed");
  assert.equal(deleted.connection.state, 'Disconnected');
});
