// The backend API's interactive reference page (Scalar) in headless Chromium with every request off the silo
// blocked: it renders the generated OpenAPI document with its scripts served by the silo (no CDN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiloAndChromium } from './lib/browser.mjs';

const env = useSiloAndChromium();

test('the reference page renders the generated document offline', async () => {
  const { silo, browser } = env;
  const context = await browser.newContext();
  const page = await context.newPage();
  const blocked = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(silo.baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const documentLoaded = page.waitForResponse((r) => r.url() === `${silo.baseUrl}/openapi/v1.json` && r.status() === 200, { timeout: 30000 });
  await page.goto(`${silo.baseUrl}/scalar/v1`);
  await documentLoaded;
  // The document's own text, rendered by the page's scripts: its title, the /api summary, the /v1 tags.
  await page.getByText("Run one of the spec's operations", { exact: false }).first().waitFor({ timeout: 30000 });
  const text = await page.evaluate(() => document.body.innerText);
  for (const expected of ['Convene backend API', 'Users', 'Groups', 'AUTHFAIL']) {
    assert.ok(text.includes(expected), `the page should show '${expected}'; it shows: ${text.slice(0, 500)}`);
  }
  await context.close();
  // It asked nothing of any other host (scripts, styles, fonts all come from the silo).
  assert.deepEqual(blocked, [], `requests off the silo: ${blocked.join(', ')}`);
});
