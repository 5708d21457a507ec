// Headless Chromium for WebRTC tests: the flags every test browser runs with (no sandbox, fake camera and
// microphone, nothing in the background), and a blank page that is a secure context without a server. Used by
// lib/browser.mjs and by the interop tools the Media tests drive (tools/webrtc-peer.mjs, tools/webrtc-room.mjs).
import { chromium } from 'playwright-core';

const fakeMediaArgs = [
  '--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-gpu',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches headless Chromium at `executablePath` with fake media and `args` added. */
export function launchFakeMediaChromium(executablePath, args = []) {
  return chromium.launch({ executablePath, headless: true, args: [...fakeMediaArgs, ...args] });
}

/**
 * A new page on http://localhost/`name`, answered by a route inside the browser (nothing leaves the machine):
 * about:blank is not a secure context (no mediaDevices), a localhost page is. `onConsole` gets each console line.
 */
export async function openLocalPage(browser, name, onConsole) {
  const page = await browser.newPage();
  page.on('console', (m) => onConsole(m.text()));
  await page.route('http://localhost/**', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>${name}</title>` }));
  await page.goto(`http://localhost/${name}`);
  return page;
}
