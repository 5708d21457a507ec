// Headless Debian Chromium with fake camera and microphone, driven by playwright-core.
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { root, startSilo } from './server.mjs';
import { launchFakeMediaChromium } from './chromium.mjs';

export const artifacts = path.join(root, 'tests/e2e/artifacts');

/** Chromium with fake media; `cameras` fake cameras (fake_device_0, fake_device_1, …). */
export async function launchChromium({ cameras = 1 } = {}) {
  return launchFakeMediaChromium(process.env.CHROMIUM_PATH || '/usr/bin/chromium', [
    '--auto-select-desktop-capture-source=Entire screen',
    ...(cameras > 1 ? [`--use-fake-device-for-media-stream=device-count=${cameras}`] : []),
  ]);
}

/**
 * A test file's silo and Chromium: registers `before` (start both) and `after` (close both) hooks and returns an
 * object whose `silo` and `browser` are set once `before` has run.
 */
export function useSiloAndChromium() {
  const env = { silo: null, browser: null };
  before(async () => {
    env.silo = await startSilo();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.silo?.stop();
  });
  return env;
}

/** Saves a screenshot of `page` under tests/e2e/artifacts/. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens the demo page as a user and joins group `gid`. */
export async function openDemo(browser, silo, token, gid) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone'], { origin: silo.baseUrl });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${silo.baseUrl}/?gid=${gid}`);
  await page.fill('#token', token);
  await page.click('#join');
  await page.waitForSelector('#room:not([hidden])', { timeout: 15000 });
  page.errors = errors;
  return page;
}

/**
 * Opens a page on `origin` (a silo's base URL) that uses the JS SDK the way the demo page does, with all of
 * `urls` as the gateways (the SDK connects to the first and moves to the next when it is lost), joins group
 * `gid` and, as 'publisher', publishes its fake camera, or, as 'subscriber', subscribes to every publisher.
 * In the page, `window.__convene` records SDK events (t.log) and every 50 ms the video frames decoded on each peer
 * connection (t.pcs: id, role, first seen, remote candidate port, frames, when frames last rose).
 */
export async function openSdkClient(browser, origin, urls, token, gid, role) {
  const context = await browser.newContext();
  await context.grantPermissions(['camera', 'microphone'], { origin });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.errors = errors;
  await page.goto(`${origin}/sdk/convene.js`);
  await page.evaluate(async ({ urls, token, gid, role }) => {
    const { Convene, STREAM_CAMERA } = await import('/sdk/convene.js');
    const t = { log: [], pcs: [], rises: [], role };
    window.__convene = t;
    const log = (what, detail) => t.log.push({ at: Date.now(), what, detail });
    const api = new Convene(urls, token);
    t.api = api;
    api.setListener({ onConnectionStatus: (s) => log('status', `${s} (${api.url})`) });
    await api.start();
    const group = api.groupCall(gid);
    t.group = group;
    group.setListener({
      onPublisher(p, joined) {
        log('publisher', `${p.getAddress()}/${p.getType()} ${joined ? 'joined' : 'left'}`);
        if (joined && role === 'subscriber') p.call(true, true, {}).catch((e) => log('error', `subscribe: ${e.message}`));
      },
      onMessage: (m) => log('message', m.text),
      onRestored: () => log('restored', api.url),
    });
    await group.join();
    if (role === 'publisher') {
      const me = group.publish(0);
      me.setVideoSource(STREAM_CAMERA);
      await me.call(true, true, {});
    }
    // Frames decoded (subscriber) or sent (publisher) per peer connection, sampled every 50 ms.
    const ids = new WeakMap();
    const sample = async () => {
      const peers = role === 'publisher' ? [...group.local.values()] : [...group.remote.values()];
      for (const p of peers) {
        const pc = p.pc;
        if (!pc) continue;
        let entry = ids.get(pc);
        if (!entry) {
          entry = { id: t.pcs.length + 1, firstSeen: Date.now(), frames: 0, lastRise: null, firstFrame: null, port: null, state: null };
          ids.set(pc, entry);
          t.pcs.push(entry);
        }
        const sdp = pc.remoteDescription?.sdp || '';
        const candidate = /a=candidate:\S+ \d+ udp \d+ (\S+) (\d+) typ host/i.exec(sdp);
        if (candidate) entry.port = Number(candidate[2]);
        entry.state = pc.connectionState;
        if (pc.connectionState === 'closed') continue;
        let frames = 0;
        (await pc.getStats()).forEach((s) => {
          if (role === 'subscriber' && s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
          if (role === 'publisher' && s.type === 'outbound-rtp' && s.kind === 'video') frames = s.framesSent ?? 0;
        });
        if (frames > entry.frames) {
          const now = Date.now();
          if (entry.firstFrame === null) entry.firstFrame = now;
          entry.lastRise = now;
          entry.frames = frames;
          t.rises.push(now);
          if (t.rises.length > 5000) t.rises.splice(0, 1000);
        }
      }
    };
    const loop = () => sample().catch((e) => log('error', `stats: ${e.message}`)).finally(() => setTimeout(loop, 50));
    loop();
  }, { urls, token, gid, role });
  return page;
}

/**
 * The page's SDK record, for assertions and failure messages: gateway in use, status, events, peer connections,
 * and the times frames rose (any peer connection) since `since`.
 */
export function sdkState(page, since = Number.MAX_SAFE_INTEGER) {
  return page.evaluate((since) => {
    const t = window.__convene;
    return { url: t.api.url, status: t.api.status, log: t.log, pcs: t.pcs, rises: t.rises.filter((at) => at >= since) };
  }, since);
}
