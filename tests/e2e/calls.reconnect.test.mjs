// A one-to-one call whose media path breaks: alice's Chromium reaches the silo's media port through a UDP forwarder
// (lib/udp-forwarder.mjs; her page rewrites the relay's host candidate to the forwarder's port), which the test cuts.
// A short cut: the SDK renews her connections (onStatus 'reconnecting', 'reconnected') and both decode video again,
// end-to-end encrypted, in the same answered call. A cut longer than Convene:Calls:MediaLossGrace: the server ends
// the call as medialost and both SDKs end it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { openCallPage, callLog } from './lib/callpage.mjs';
import { startUdpForwarder } from './lib/udp-forwarder.mjs';

// The deliberate cut of the first test. Chromium reports the connections disconnected about 5 s into a cut and the SDK
// renews them 2 s later (call-reconnect.js); the relay closes alice's old peers after its 3 s consent timeout, plus up
// to its 5 s sweep interval. Both have happened before the path comes back, well within the 25 s grace.
const CUT_MS = 12000;

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** Makes the page send its call media to `port` instead of the silo's media port `mediaPort` (test code, not SDK). */
function rerouteMedia({ mediaPort, port }) {
  const original = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
    if (description?.sdp) {
      description = { type: description.type, sdp: description.sdp.replaceAll(` ${mediaPort} typ host`, ` ${port} typ host`) };
    }
    return original.call(this, description, ...rest);
  };
}

/** A silo with short media timeouts, alice (behind a forwarder) in an answered video call with bob. */
async function answeredCall(env) {
  const silo = await startSilo({ env });
  const forwarder = await startUdpForwarder(silo.mediaPort);
  const alice = await openCallPage(browser, silo, await silo.user('alice', 'ALICE'), 'answer',
    { initScript: { fn: rerouteMedia, arg: { mediaPort: silo.mediaPort, port: forwarder.port } } });
  const bob = await openCallPage(browser, silo, await silo.user('bob', 'BOB'), 'answer');
  const close = async () => {
    for (const p of [alice, bob]) await p.context().close().catch(() => {});
    forwarder.close();
    await silo.stop();
  };
  try {
    await alice.evaluate(async () => { window.__t.call = await window.__t.api.call('bob', window.__t.api.createCallProperties(true)); });
    await logHas(alice, 'status answered', 'alice to see the call answered');
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) await decodesMore(page, name, { id: 0, frames: 0 });
    assert.ok(forwarder.forwarded > 100, `alice's media goes through the forwarder (${forwarder.forwarded} datagrams)`);
    return { silo, forwarder, alice, bob, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function logHas(page, entry, expected, timeoutMs = 30000) {
  let last = [];
  await until(async () => { last = await callLog(page); return last.includes(entry); }, expected,
    { timeoutMs, describe: () => JSON.stringify(last) });
}

/** The page's current subscription connection (numbered in the page) and the video frames it decoded. */
function videoProgress(page) {
  return page.evaluate(async () => {
    const pc = window.__t.call?._subPc;
    if (!pc) return { id: 0, frames: 0 };
    pc.__id ??= (window.__pcCount = (window.__pcCount || 0) + 1);
    let frames = 0;
    (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0; });
    return { id: pc.__id, frames };
  });
}

/** Waits until the page decoded more than 10 video frames since `base` (on the same or a renewed connection). */
async function decodesMore(page, name, base) {
  let now = base;
  await until(async () => {
    now = await videoProgress(page);
    return (now.id === base.id ? now.frames - base.frames : now.frames) > 10;
  }, `${name} to decode more than 10 video frames after ${JSON.stringify(base)}`, { timeoutMs: 30000, describe: () => JSON.stringify(now) });
}

test('a cut of a few seconds: alice reconnects, both decode encrypted video again, the call stays answered', { timeout: 150000 }, async () => {
  const { forwarder, alice, bob, close } = await answeredCall({
    Convene__Media__ConsentTimeout: '00:00:10', Convene__Calls__MediaLossGrace: '00:00:25',
  });
  try {
    forwarder.cut();
    await new Promise((r) => setTimeout(r, CUT_MS));
    forwarder.restore();
    const dropped = forwarder.dropped;
    assert.ok(dropped > 50, `the cut dropped alice's media (${dropped} datagrams)`);
    const base = { alice: await videoProgress(alice), bob: await videoProgress(bob) };

    await logHas(alice, 'status reconnected', 'alice\'s SDK to report the call reconnected');
    await decodesMore(alice, 'alice', base.alice);
    await decodesMore(bob, 'bob', base.bob);

    const aliceLog = await callLog(alice);
    const bobLog = await callLog(bob);
    assert.ok(aliceLog.indexOf('status reconnecting') > aliceLog.indexOf('status answered'), `alice reported reconnecting after answered: ${aliceLog}`);
    for (const [log, name] of [[aliceLog, 'alice'], [bobLog, 'bob']]) {
      assert.deepEqual(log.filter((e) => e.startsWith('hangup') || e.startsWith('error')), [], `${name} saw no hangup or error: ${log}`);
    }
    for (const page of [alice, bob]) {
      const state = await page.evaluate(() => {
        const c = window.__t.api.getActiveCall();
        return c && { answered: c.isAnswered(), reconnecting: c.isReconnecting(), encrypted: c.isEncrypted(), same: c === window.__t.call };
      });
      assert.deepEqual(state, { answered: true, reconnecting: false, encrypted: true, same: true });
    }
    assert.ok(forwarder.forwarded > 0 && !forwarder.cutting);
    assert.deepEqual([...alice.errors, ...bob.errors], []);
  } finally {
    await close();
  }
});

test('a cut longer than the grace: the server ends the call as medialost on both sides', { timeout: 150000 }, async () => {
  // Chromium reports the connections disconnected about 5 s into the cut and the SDK renews them 2 s later; the relay
  // notices after its 10 s consent timeout (the shortest the silo accepts: browsers check consent every 2.5–6 s, and a
  // peer whose consent expired is not revived) and the call ends 10 s (the default grace) after that.
  const grace = 10000;
  const { forwarder, alice, bob, close } = await answeredCall({
    Convene__Media__ConsentTimeout: '00:00:10', Convene__Calls__MediaLossGrace: '00:00:10',
  });
  try {
    const cutAt = Date.now();
    forwarder.cut();
    await logHas(alice, 'status reconnecting', 'alice\'s SDK to try to reconnect');
    await logHas(bob, 'hangup medialost', 'bob\'s call to end as medialost', 60000);
    await logHas(alice, 'hangup medialost', 'alice\'s call to end as medialost', 60000);
    const elapsed = Date.now() - cutAt;
    assert.ok(elapsed >= grace, `the call lasted ${elapsed} ms into the cut, at least the ${grace} ms grace`);
    for (const page of [alice, bob]) assert.equal(await page.evaluate(() => window.__t.api.isCallInProgress()), false);
    assert.ok(!(await callLog(alice)).includes('status reconnected'), 'alice never reconnected');

    // The retries stopped with the call: restoring the path brings no new connection.
    const peers = await alice.evaluate(() => window.__t.call._pubPc === null && window.__t.call._subPc === null);
    assert.equal(peers, true, 'alice\'s connections are closed');
    forwarder.restore();
  } finally {
    await close();
  }
});

test('hanging up while it reconnects stops the retries; the peer sees a hangup', { timeout: 150000 }, async () => {
  // A grace far beyond the test: only the hangup can end this call.
  const { forwarder, alice, bob, close } = await answeredCall({
    Convene__Media__ConsentTimeout: '00:00:10', Convene__Calls__MediaLossGrace: '00:05:00',
  });
  try {
    forwarder.cut();
    await logHas(alice, 'status reconnecting', 'alice\'s SDK to try to reconnect');
    await alice.evaluate(() => window.__t.call.hangup());
    await logHas(alice, 'hangup hangup', 'alice\'s call to end');
    await logHas(bob, 'hangup hangup', 'bob to see alice hang up');
    // The path is still cut: a retry loop that ignored the hangup would go on for the whole grace.
    let state;
    await until(async () => {
      state = await alice.evaluate(() => ({ reconnecting: window.__t.call._reconnector.reconnecting, pub: !!window.__t.call._pubPc, sub: !!window.__t.call._subPc }));
      return !state.reconnecting && !state.pub && !state.sub;
    }, 'alice\'s retries to stop and her connections to close', { timeoutMs: 20000, describe: () => JSON.stringify(state) });
    assert.ok(forwarder.cutting);
    assert.ok(!(await callLog(alice)).includes('status reconnected'));
    for (const page of [alice, bob]) assert.equal(await page.evaluate(() => window.__t.api.isCallInProgress()), false);
  } finally {
    await close();
  }
});
