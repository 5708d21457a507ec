// Headless Debian Chromium with fake camera and microphone, driven by playwright-core.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './server.mjs';

export const artifacts = path.join(root, 'tests/e2e/artifacts');

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-gpu',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--auto-select-desktop-capture-source=Entire screen',
    ],
  });
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
