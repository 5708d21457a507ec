// The demo page's one-to-one calls in headless Chromium: a "Call" button on a participant, the call view with
// ringing, answer, timer, safety code, mute and hang up; default call policy (any user of the app).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSilo, until } from './lib/server.mjs';
import { launchChromium, openDemo, screenshot } from './lib/browser.mjs';

let silo;
let browser;
let alice;
let bob;

before(async () => {
  silo = await startSilo();
  browser = await launchChromium();
  const gid = await silo.group('Call room');
  await silo.members(gid, ['alice', 'bob']);
  alice = await openDemo(browser, silo, await silo.user('alice', 'Alice'), gid);
  bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
});

const state = (page) => page.evaluate(() => document.getElementById('call-view')?.dataset.state ?? null);

async function stateIs(page, expected, who) {
  let last = null;
  await until(async () => (last = await state(page)) === expected, `${who}'s call view to say '${expected}'`,
    { timeoutMs: 20000, describe: () => String(last) });
}

test('calling a participant from the demo page: ring, answer, video, safety code, timer, mute, hang up', async () => {
  await bob.click('#publish-camera');
  await alice.waitForSelector('#participants li[data-address="bob"] button.call', { timeout: 15000 });
  await alice.click('#participants li[data-address="bob"] button.call');
  await stateIs(alice, 'ringing', 'alice');
  await bob.waitForSelector('#call-view:not([hidden]) #call-answer:not([hidden])', { timeout: 15000 });
  assert.match(await bob.textContent('#call-title'), /Call from Alice/);
  await screenshot(bob, 'call-incoming');
  await bob.click('#call-answer');
  await stateIs(alice, 'answered', 'alice');
  await stateIs(bob, 'answered', 'bob');

  for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
    await until(() => page.evaluate(() => document.getElementById('call-remote').videoWidth > 0), `${who}'s call view to show the peer's video`, { timeoutMs: 30000 });
  }
  const codes = [await alice.textContent('#call-code'), await bob.textContent('#call-code')];
  assert.match(codes[0], /^\d{4} \d{4}$/);
  assert.equal(codes[0], codes[1], 'both call views show the same safety code');
  assert.equal(await alice.textContent('#call-e2ee'), 'end-to-end encrypted');
  await until(async () => (await alice.textContent('#call-timer')) !== '0:00', 'the call timer to run', { timeoutMs: 5000 });

  await alice.click('#call-mute-audio');
  await until(async () => (await bob.textContent('#call-peer-mute')).includes('peer muted audio'), 'bob to see alice muted', { timeoutMs: 10000 });
  await screenshot(alice, 'call-answered');

  await bob.click('#call-hangup');
  await stateIs(alice, 'ended: hangup', 'alice');
  await stateIs(bob, 'ended: hangup', 'bob');
  assert.deepEqual([...alice.errors, ...bob.errors], []);
});
