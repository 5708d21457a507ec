// One-to-one calls in headless Chromium: caller and callee each in its own browser context, through the JS SDK
// (call.js, e2ee.js), the hub, the call grain and the media relay of a real silo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { openCallPage, callLog, framesDecoded } from './lib/callpage.mjs';

let silo;
let browser;
const tokens = {};

before(async () => {
  silo = await startSilo({ env: { Convene__Calls__Policy: 'SharedGroup', Convene__Calls__RingTimeout: '00:00:08' } });
  browser = await launchChromium();
  for (const name of ['alice', 'bob', 'carol', 'dave', 'eve']) tokens[name] = await silo.user(name, name.toUpperCase());
  const gid = await silo.group('friends');
  await silo.members(gid, ['alice', 'bob', 'carol', 'dave']);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

async function logHas(page, entry, expected, timeoutMs = 20000) {
  let last = [];
  await until(async () => { last = await callLog(page); return last.includes(entry); }, expected,
    { timeoutMs, describe: () => JSON.stringify(last) });
}

async function placeCall(page, callee, video = true) {
  return page.evaluate(async ({ callee, video }) => {
    const call = await window.__t.api.call(callee, window.__t.api.createCallProperties(video));
    window.__t.call = call;
    return { id: call.id, state: call.state };
  }, { callee, video });
}

test('ring, answer, both decode end-to-end encrypted video, same safety code, mute seen by the peer, hang up seen by both', async () => {
  const alice = await openCallPage(browser, silo, tokens.alice);
  const bob = await openCallPage(browser, silo, tokens.bob, 'answer');
  try {
    const placed = await placeCall(alice, 'bob');
    assert.equal(placed.state, 'ringing');
    await logHas(bob, 'incoming alice true false', 'bob to be offered the call');
    await logHas(alice, 'status answered', 'alice to see the call answered');

    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      let frames = 0;
      await until(async () => (frames = await framesDecoded(page)) > 10, `${name} to decode more than 10 frames`,
        { timeoutMs: 30000, describe: () => `${frames} frames` });
    }
    const codes = await Promise.all([alice, bob].map((p) => p.evaluate(() => ({ code: window.__t.call.getSafetyCode(), e2ee: window.__t.call.isEncrypted() }))));
    assert.match(codes[0].code, /^\d{4} \d{4}$/);
    assert.equal(codes[0].code, codes[1].code, 'both sides show the same safety code');
    assert.deepEqual([codes[0].e2ee, codes[1].e2ee], [true, true]);

    // The E2EE proof: what bob's browser received from the relay is exactly the ciphertext alice's browser sent,
    // it differs from the encoded frame alice's encoder produced, and it decrypts to that encoded frame.
    const sent = await alice.evaluate(() => ({ cipher: [...window.__t.sent], plain: [...window.__t.sentPlain] }));
    const received = await bob.evaluate(() => window.__t.received.filter((e) => e.plain !== null));
    assert.ok(received.length > 10, `bob decrypted ${received.length} video frames`);
    const sentCipher = new Set(sent.cipher);
    const sentPlain = new Set(sent.plain);
    const matched = received.filter((e) => sentCipher.has(e.cipher) && sentPlain.has(e.plain));
    assert.ok(matched.length >= received.length * 0.9, `expected the received frames to be alice's ciphertexts decrypting to her frames; ${matched.length} of ${received.length} were`);
    assert.equal(received.filter((e) => sentPlain.has(e.cipher)).length, 0, 'no frame crossed the relay in the clear');
    assert.ok(received.every((e) => e.cipher !== e.plain));

    await alice.evaluate(() => window.__t.call.toggleAudioMute());
    await logHas(bob, 'mute true false', 'bob to see alice mute her audio');

    await bob.evaluate(() => window.__t.call.hangup());
    await logHas(alice, 'hangup hangup', 'alice to see bob hang up');
    await logHas(bob, 'hangup hangup', 'bob to see the call end');
    assert.equal(await alice.evaluate(() => window.__t.api.isCallInProgress()), false);
    assert.deepEqual([...alice.errors, ...bob.errors], []);
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('another key pair agrees on another key and safety code: the frames do not decrypt with it', async () => {
  const page = await openCallPage(browser, silo, tokens.carol);
  try {
    const result = await page.evaluate(async () => {
      const { CallKey } = await import('/sdk/e2ee.js');
      const [a, b, c] = await Promise.all([CallKey.create(), CallKey.create(), CallKey.create()]);
      const id = 'f'.repeat(32);
      const codeA = await a.agree(b.publicKey, id, true);
      const codeB = await b.agree(a.publicKey, id, false);
      await c.agree(a.publicKey, id, false); // an eavesdropper with its own key pair
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode('an encoded frame');
      const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, a.key, plain);
      const byB = new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, b.key, cipher));
      let byC = 'decrypted';
      try { await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, c.key, cipher); } catch { byC = 'refused'; }
      return { codeA, codeB, codeC: c.safetyCode, byB, byC };
    });
    assert.equal(result.codeA, result.codeB);
    assert.notEqual(result.codeC, result.codeA, 'a different key pair shows a different safety code');
    assert.equal(result.byB, 'an encoded frame');
    assert.equal(result.byC, 'refused');
  } finally {
    await page.context().close();
  }
});

test('busy, decline, no answer, unreachable and a call that is not allowed, as the caller sees them', async () => {
  const alice = await openCallPage(browser, silo, tokens.alice);
  const bob = await openCallPage(browser, silo, tokens.bob, 'ignore');
  const carol = await openCallPage(browser, silo, tokens.carol, 'decline');
  const eve = await openCallPage(browser, silo, tokens.eve);
  try {
    // No answer: bob's page shows the call and nobody takes it.
    await placeCall(alice, 'bob', false);
    await logHas(bob, 'show alice', 'bob to be shown the call');
    // Busy: bob is in alice's ringing call.
    const busy = await placeCall(carol, 'bob');
    assert.equal(busy.state, 'busy');
    await logHas(carol, 'status busy', 'carol to see busy');
    await logHas(carol, 'hangup busy', 'carol\'s call to end as busy');
    await logHas(alice, 'status noanswer', 'alice to see no answer after the ring timeout');
    await logHas(alice, 'hangup noanswer', 'alice\'s call to end');
    await logHas(bob, 'notify missed alice false', 'bob to be told he missed a call');

    // Decline: carol's onIncoming returns nothing.
    await placeCall(alice, 'carol');
    await logHas(alice, 'status declined', 'alice to see carol decline');
    await logHas(alice, 'hangup declined', 'alice\'s call to end as declined');

    // Unreachable: dave has no connection.
    const unreachable = await placeCall(alice, 'dave');
    assert.equal(unreachable.state, 'unreachable');
    await logHas(alice, 'hangup unreachable', 'alice\'s call to dave to end as unreachable');

    // Not allowed: eve shares no group with alice.
    const refused = await eve.evaluate(() => window.__t.api.call('alice', { video: true }).then(() => 'placed', (e) => e.code));
    assert.equal(refused, 'forbidden');
    assert.equal((await callLog(alice)).filter((e) => e.startsWith('incoming')).length, 0, 'alice was never offered a call');
    assert.deepEqual([...alice.errors, ...bob.errors, ...carol.errors, ...eve.errors], []);
  } finally {
    for (const p of [alice, bob, carol, eve]) await p.context().close();
  }
});
