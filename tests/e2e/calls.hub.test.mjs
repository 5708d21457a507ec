// One-to-one calls at the hub: the call state machine with the official @microsoft/signalr client against a real
// silo (policy SharedGroup, a short ring timeout). Media is covered by calls.browser.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo } from './lib/server.mjs';
import { connect } from './lib/client.mjs';

const RING_TIMEOUT_MS = 5000;
let silo;
const tokens = {};

before(async () => {
  silo = await startSilo({ env: { Convene__Calls__Policy: 'SharedGroup', Convene__Calls__RingTimeout: '00:00:05' } });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'eve']) tokens[name] = await silo.user(name, name.toUpperCase());
  const gid = await silo.group('friends');
  await silo.members(gid, ['alice', 'bob', 'carol', 'dave']); // eve shares no group with them
});

after(async () => {
  await silo?.stop();
});

const request = (publicKey = null, video = true) => ({ video, maxBitrate: 0, publicKey });

async function expectHubError(promise, code, fragment) {
  await assert.rejects(promise, (e) => {
    assert.match(e.message, new RegExp(`\\[${code}\\]`), `expected a [${code}] error, got: ${e.message}`);
    if (fragment) assert.match(e.message, new RegExp(fragment));
    return true;
  });
}

/** Resolves with the first OnCall event of `kind` for call `id` (and `state`, when given). */
async function callEvent(client, kind, id, state) {
  const [e] = await client.waitFor('OnCall', (e) => e.kind === kind && e.call.id === id && (!state || e.call.state === state));
  return e;
}

async function clients(...names) {
  return Promise.all(names.map((n) => connect(silo, tokens[n], n)));
}

async function stopAll(list) {
  await Promise.all(list.map((c) => c.stop().catch(() => {})));
}

test('ring, answer with key shares relayed, mute seen by the peer, hang up seen by both', async () => {
  const [alice, bob] = await clients('alice', 'bob');
  try {
    const call = await alice.invoke('Call', 'bob', request('alice-key'));
    assert.equal(call.state, 'ringing');
    assert.equal(call.caller, 'alice');
    assert.equal(call.callerName, 'ALICE');
    assert.match(call.id, /^[0-9a-f]{32}$/);
    const incoming = await callEvent(bob, 'incoming', call.id);
    assert.equal(incoming.publicKey, 'alice-key');
    assert.equal(incoming.call.video, true);
    assert.equal((await bob.invoke('GetActiveCall')).id, call.id, 'the ringing call is bob\'s active call');

    const answered = await bob.invoke('AnswerCall', call.id, 'bob-key');
    assert.equal(answered.state, 'answered');
    const status = await callEvent(alice, 'status', call.id, 'answered');
    assert.equal(status.publicKey, 'bob-key');
    assert.ok(status.call.answeredAt);
    assert.equal((await alice.invoke('GetActiveCall')).state, 'answered');

    await alice.invoke('MuteCall', call.id, true, false);
    const mute = await callEvent(bob, 'mute', call.id);
    assert.deepEqual([mute.audioMuted, mute.videoMuted], [true, false]);

    const ended = await bob.invoke('HangupCall', call.id);
    assert.equal(ended.state, 'hangup');
    const hangup = await callEvent(alice, 'hangup', call.id);
    assert.equal(hangup.call.reason, 'hangup');
    assert.equal(hangup.call.endedBy, 'bob');
    assert.ok(hangup.call.endedAt);
    await callEvent(bob, 'hangup', call.id);
    assert.equal(await alice.invoke('GetActiveCall'), null);
    assert.equal(await bob.invoke('GetActiveCall'), null);
    await expectHubError(alice.invoke('MuteCall', call.id, false, false), 'conflict', 'ended');
  } finally {
    await stopAll([alice, bob]);
  }
});

test('a second call to someone in a call is busy, and so is a call from someone in a call', async () => {
  const [alice, bob, carol] = await clients('alice', 'bob', 'carol');
  try {
    const first = await alice.invoke('Call', 'bob', request());
    await callEvent(bob, 'incoming', first.id);
    const second = await carol.invoke('Call', 'bob', request());
    assert.equal(second.state, 'busy');
    assert.equal(second.reason, 'busy');
    assert.equal(bob.seen('OnCall').filter(([e]) => e.call.id === second.id).length, 0, 'bob is not offered the second call');
    const third = await carol.invoke('Call', 'alice', request());
    assert.equal(third.state, 'busy', 'alice placed a call, so she is busy too');
    await expectHubError(alice.invoke('Call', 'carol', request()), 'conflict', 'in a call');
    await alice.invoke('HangupCall', first.id);
    const fourth = await carol.invoke('Call', 'bob', request());
    assert.equal(fourth.state, 'ringing', 'bob is free again once the first call ended');
    await carol.invoke('HangupCall', fourth.id);
  } finally {
    await stopAll([alice, bob, carol]);
  }
});

test('the callee declines: the caller sees declined; the caller cancels: the callee missed a call', async () => {
  const [alice, bob] = await clients('alice', 'bob');
  try {
    const call = await alice.invoke('Call', 'bob', request());
    await callEvent(bob, 'incoming', call.id);
    const declined = await bob.invoke('HangupCall', call.id);
    assert.equal(declined.state, 'declined');
    await callEvent(alice, 'status', call.id, 'declined');
    assert.equal((await callEvent(alice, 'hangup', call.id)).call.reason, 'declined');

    const cancelled = await alice.invoke('Call', 'bob', request());
    await callEvent(bob, 'incoming', cancelled.id);
    await alice.invoke('HangupCall', cancelled.id);
    assert.equal((await callEvent(bob, 'hangup', cancelled.id)).call.state, 'hangup');
    const missed = await callEvent(bob, 'missed', cancelled.id);
    assert.equal(missed.call.caller, 'alice');
    assert.equal(bob.seen('OnCall').filter(([e]) => e.kind === 'missed' && e.call.id === call.id).length, 0, 'a declined call is not a missed one');
  } finally {
    await stopAll([alice, bob]);
  }
});

test('nobody answers: after the ring timeout the caller sees noanswer and the callee a missed call', async () => {
  const [alice, bob] = await clients('alice', 'bob');
  try {
    const started = Date.now();
    const call = await alice.invoke('Call', 'bob', request(null, false));
    const status = await callEvent(alice, 'status', call.id, 'noanswer');
    assert.ok(Date.now() - started >= RING_TIMEOUT_MS - 100, `noanswer came after ${Date.now() - started} ms, before the ${RING_TIMEOUT_MS} ms timeout`);
    assert.equal(status.call.reason, 'noanswer');
    await callEvent(alice, 'hangup', call.id);
    const missed = await callEvent(bob, 'missed', call.id);
    assert.equal(missed.call.video, false);
    await expectHubError(bob.invoke('AnswerCall', call.id, null), 'conflict', 'ended');
  } finally {
    await stopAll([alice, bob]);
  }
});

test('a callee with no connection is unreachable; a user outside the policy may not call; bad input is refused', async () => {
  const [alice, eve, carol] = await clients('alice', 'eve', 'carol');
  try {
    const call = await alice.invoke('Call', 'dave', request());
    assert.equal(call.state, 'unreachable');
    assert.equal(await alice.invoke('GetActiveCall'), null, 'an unreachable call leaves the caller free');

    await expectHubError(eve.invoke('Call', 'alice', request()), 'forbidden', 'group');
    await expectHubError(alice.invoke('Call', 'eve', request()), 'forbidden', 'group');
    assert.equal(alice.seen('OnCall').filter(([e]) => e.kind === 'incoming').length, 0);

    await expectHubError(alice.invoke('Call', 'alice', request()), 'bad_request', 'yourself');
    await expectHubError(alice.invoke('Call', 'nobody-here', request()), 'not_found');
    await expectHubError(alice.invoke('Call', 'bad address', request()), 'bad_request', 'callee');
    await expectHubError(alice.invoke('Call', 'bob', { video: true, maxBitrate: -1, publicKey: null }), 'bad_request', 'maxBitrate');
    await expectHubError(alice.invoke('Call', 'bob', request('x'.repeat(600))), 'bad_request', 'publicKey');
    await expectHubError(alice.invoke('AnswerCall', 'not-an-id', null), 'bad_request', 'callId');
    await expectHubError(alice.invoke('HangupCall', '0'.repeat(32)), 'not_found');

    const ringing = await alice.invoke('Call', 'carol', request());
    await callEvent(carol, 'incoming', ringing.id);
    await expectHubError(eve.invoke('AnswerCall', ringing.id, null), 'forbidden', 'not your call');
    await expectHubError(eve.invoke('SubscribeCall', ringing.id, true, true, 'v=0'), 'forbidden');
    await expectHubError(alice.invoke('AnswerCall', ringing.id, null), 'forbidden', 'callee');
    await expectHubError(carol.invoke('PublishCall', ringing.id, 'v=0'), 'conflict', 'answer');
    await expectHubError(alice.invoke('SubscribeCall', ringing.id, true, true, 'v=0'), 'conflict', 'not answered');
    await alice.invoke('HangupCall', ringing.id);
  } finally {
    await stopAll([alice, eve, carol]);
  }
});

test('the connection in a call goes away: the peer sees the call end as disconnected', async () => {
  const [alice, bob] = await clients('alice', 'bob');
  try {
    const call = await alice.invoke('Call', 'bob', request());
    await callEvent(bob, 'incoming', call.id);
    await bob.invoke('AnswerCall', call.id, null);
    await alice.stop();
    const hangup = await callEvent(bob, 'hangup', call.id);
    assert.equal(hangup.call.reason, 'disconnected');
    assert.equal(hangup.call.endedBy, 'alice');
    assert.equal(await bob.invoke('GetActiveCall'), null);
  } finally {
    await stopAll([alice, bob]);
  }
});
