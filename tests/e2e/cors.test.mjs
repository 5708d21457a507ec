// Cross-origin apps: a page served from the app's own origin (a static server on another port) imports the JS SDK
// from the silo and joins a call; a page from an origin not in Convene:Cors:Origins is refused (SDK module, negotiate
// and a direct WebSocket to the hub).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startSilo, freePort, until } from './lib/server.mjs';
import { launchChromium, openDemo } from './lib/browser.mjs';

let silo;
let browser;
let appServer;
let otherServer;
let appOrigin;
let otherOrigin;

/** A tiny static server: the app's own page, with nothing of Convene's on it. */
async function startStatic(port) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>An app</title><h1>An app on its own origin</h1>');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

before(async () => {
  const appPort = await freePort();
  const otherPort = await freePort();
  appOrigin = `http://127.0.0.1:${appPort}`;
  otherOrigin = `http://127.0.0.1:${otherPort}`;
  appServer = await startStatic(appPort);
  otherServer = await startStatic(otherPort);
  silo = await startSilo({ env: { Convene__Cors__Origins: appOrigin } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await silo?.stop();
  appServer?.close();
  otherServer?.close();
});

test('a page from an allowed origin imports the SDK from the silo, joins a call and its camera reaches the others', async () => {
  const gid = await silo.group('Cross-origin room');
  await silo.members(gid, ['alice', 'bob']);
  const aliceToken = await silo.user('alice', 'Alice');

  const context = await browser.newContext();
  await context.grantPermissions(['camera', 'microphone'], { origin: appOrigin });
  const alice = await context.newPage();
  const errors = [];
  alice.on('pageerror', (e) => errors.push(e.message));
  await alice.goto(appOrigin);
  assert.notEqual(new URL(alice.url()).origin, new URL(silo.baseUrl).origin);
  await alice.evaluate(async ({ siloUrl, token, gid }) => {
    const { Convene, STREAM_CAMERA } = await import(`${siloUrl}/sdk/convene.js`);
    const t = { publishers: [] };
    window.__app = t;
    const api = new Convene(siloUrl, token);
    await api.start();
    const group = api.groupCall(gid);
    group.setListener({ onPublisher: (p, joined) => t.publishers.push(`${p.getAddress()} ${joined ? 'joined' : 'left'}`) });
    await group.join();
    const me = group.publish(0);
    me.setVideoSource(STREAM_CAMERA);
    await me.call(true, true, {});
  }, { siloUrl: silo.baseUrl, token: aliceToken, gid });

  // Bob, on the silo's demo page, receives Alice's camera from the other origin; Alice sees Bob publish.
  const bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
  await bob.waitForSelector('#participants li[data-address="alice"]', { timeout: 15000 });
  let frames = 0;
  await until(async () => {
    frames = await bob.evaluate(async () => {
      const p = [...window.conveneDemo.group.remote.values()].find((x) => x.getAddress() === 'alice');
      if (!p || !p.pc) return 0;
      let n = 0;
      (await p.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded ?? 0; });
      return n;
    });
    return frames > 5;
  }, 'bob to decode frames from the cross-origin page', { timeoutMs: 20000, describe: () => `${frames} frames` });
  await bob.click('#publish-camera');
  let seen = [];
  await until(async () => {
    seen = await alice.evaluate(() => window.__app.publishers);
    return seen.includes('bob joined');
  }, 'the cross-origin page to see bob publish', { timeoutMs: 15000, describe: () => JSON.stringify(seen) });
  assert.deepEqual(errors, []);
  await context.close();
  await bob.context().close();
});

test('a page from an origin not allowed can neither import the SDK nor reach the hub', async () => {
  const token = await silo.user('mallory', 'Mallory');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(otherOrigin);
  const outcome = await page.evaluate(async ({ siloUrl, token }) => {
    const result = {};
    try {
      await import(`${siloUrl}/sdk/convene.js`);
      result.sdk = 'imported';
    } catch (e) {
      result.sdk = `refused: ${e.message}`;
    }
    try {
      const res = await fetch(`${siloUrl}/hub/negotiate?negotiateVersion=1`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      result.negotiate = `answered ${res.status}`;
    } catch (e) {
      result.negotiate = `refused: ${e.message}`;
    }
    // skipNegotiation's route: a WebSocket is not subject to CORS, so the silo itself must check the Origin.
    result.websocket = await new Promise((resolve) => {
      const ws = new WebSocket(`${siloUrl.replace('http', 'ws')}/hub?access_token=${encodeURIComponent(token)}`);
      ws.onopen = () => { ws.close(); resolve('opened'); };
      ws.onerror = () => resolve('refused');
      setTimeout(() => resolve('no answer'), 10000);
    });
    return result;
  }, { siloUrl: silo.baseUrl, token });
  await context.close();

  assert.match(outcome.sdk, /^refused/, JSON.stringify(outcome));
  assert.match(outcome.negotiate, /^refused/, JSON.stringify(outcome));
  assert.equal(outcome.websocket, 'refused', JSON.stringify(outcome));
});
