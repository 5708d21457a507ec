// Webhooks and metrics of a real call: a silo process with a webhook receiver (a Node HTTP server that verifies
// each signature as the README shows) and /metrics on a port of its own, two Chromium pages publishing cameras.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startSilo, freePort, until } from './lib/server.mjs';
import { launchChromium, openDemo } from './lib/browser.mjs';

const secret = 'e2e-webhook-secret-0123456789abcdef';
let receiver;
let receiverUrl;
const received = []; // { id, type, room, data, verified }
let silo;
let metricsPort;
let browser;
let gid;
let alice;
let bob;

/** The README's verification: HMAC-SHA256 of `${timestamp}.${body}`, hex, in `v1=`; timestamp within 5 minutes. */
function verify(headers, body) {
  const timestamp = headers['convene-webhook-timestamp'];
  const signature = headers['convene-webhook-signature'] ?? '';
  if (!/^\d+$/.test(timestamp ?? '') || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = 'v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

before(async () => {
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const event = JSON.parse(body.toString('utf8'));
      received.push({ ...event, headerId: req.headers['convene-webhook-id'], verified: verify(req.headers, body) });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks`;
  metricsPort = await freePort();
  silo = await startSilo({
    env: {
      Convene__Webhooks__Urls__0: receiverUrl,
      Convene__Webhooks__Secret: secret,
      Convene__Metrics__Port: String(metricsPort),
      Convene__Metrics__RequireAppToken: 'false',
    },
  });
  browser = await launchChromium();
  gid = await silo.group('Observed room');
  await silo.members(gid, ['alice', 'bob']);
  alice = await openDemo(browser, silo, await silo.user('alice', 'Alice'), gid);
  bob = await openDemo(browser, silo, await silo.user('bob', 'Bob'), gid);
});

after(async () => {
  await browser?.close();
  await silo?.stop();
  receiver?.close();
});

async function scrape() {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  assert.equal(res.status, 200, `GET /metrics on the metrics port: ${res.status}`);
  return res.text();
}

/** The sum of a metric's samples whose labels include `labels` (Prometheus text format). */
function value(text, name, labels = {}) {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([0-9.eE+-]+|NaN)/.exec(line);
    if (!m || m[1] !== name) continue;
    const tags = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => tags[k] === v)) {
      sum += Number(m[3]);
      found = true;
    }
  }
  return found ? sum : null;
}

test('a call shows in /metrics on the metrics port: packet and byte counters move, rooms, participants and streams count it', async () => {
  await alice.click('#publish-camera');
  await bob.click('#publish-camera');
  await bob.waitForSelector('#participants li[data-address="alice"]', { timeout: 15000 });

  let text = '';
  const rtpOut = () => value(text, 'convene_media_packets_total', { direction: 'out', protocol: 'rtp' });
  // Both publications and both subscriptions set up, and media forwarded.
  await until(async () => {
    text = await scrape();
    return rtpOut() > 50 && value(text, 'convene_streams') === 2 && value(text, 'convene_media_peers') >= 4;
  }, 'forwarded RTP packets in convene_media_packets_total, two streams and four media peers', { timeoutMs: 30000, describe: () => text.split('\n').filter((l) => l.startsWith('convene_')).join('\n') });
  const first = { out: rtpOut(), in: value(text, 'convene_media_packets_total', { direction: 'in', protocol: 'rtp' }), bytes: value(text, 'convene_media_bytes_total', { direction: 'out' }) };
  assert.equal(value(text, 'convene_participants'), 2, 'two participants');
  assert.equal(value(text, 'convene_streams'), 2, 'two published streams');
  assert.equal(value(text, 'convene_rooms'), 1, 'one room with a call');
  assert.ok(value(text, 'convene_media_peers') >= 4, `expected at least 4 media peers (2 publications, 2 subscriptions), found ${value(text, 'convene_media_peers')}`);
  assert.ok(value(text, 'convene_room_join_duration_seconds_count') >= 2, 'the two joins in the join latency histogram');
  assert.ok(text.includes('orleans_'), "Orleans' own meters are exported");
  assert.ok(text.includes('kestrel_'), "Kestrel's meters are exported");

  await until(async () => {
    text = await scrape();
    return rtpOut() > first.out && value(text, 'convene_media_packets_total', { direction: 'in', protocol: 'rtp' }) > first.in
      && value(text, 'convene_media_bytes_total', { direction: 'out' }) > first.bytes ? true : null;
  }, 'packet and byte counters to keep rising during the call', { timeoutMs: 20000, describe: () => `first ${JSON.stringify(first)}, now out=${rtpOut()}` });

  // Not on the public port.
  const publicScrape = await fetch(`${silo.baseUrl}/metrics`, { headers: { authorization: `Bearer ${silo.appToken}` } });
  assert.equal(publicScrape.status, 404, '/metrics must not be served on the public port when it has a port of its own');
});

test('the webhook receiver gets signed, de-duplicable events of the call in order', async () => {
  const room = `group:${gid}`;
  const types = () => received.filter((e) => e.room === room).map((e) => `${e.type}${e.data.address ? ' ' + e.data.address : ''}`);
  await until(() => types().filter((t) => t.startsWith('stream.published')).length >= 2, 'two stream.published events',
    { timeoutMs: 15000, describe: () => JSON.stringify(types()) });
  await bob.close();
  await until(() => types().includes('participant.left bob'), 'participant.left for bob after his page closed',
    { timeoutMs: 30000, describe: () => JSON.stringify(types()) });

  const events = received.filter((e) => e.room === room);
  assert.ok(events.every((e) => e.verified), `every signature verifies: ${JSON.stringify(events.filter((e) => !e.verified))}`);
  assert.ok(events.every((e) => e.id === e.headerId && e.data.gid === gid), 'the id header matches the body; data names the gid');
  assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'one id per event');
  const seen = types();
  assert.deepEqual(seen.slice(0, 3), ['room.started', 'participant.joined alice', 'participant.joined bob']);
  assert.deepEqual(seen.filter((t) => t.startsWith('stream.published')).sort(), ['stream.published alice', 'stream.published bob']);
  const bobLeft = seen.indexOf('participant.left bob');
  assert.ok(seen.indexOf('stream.unpublished bob') >= 0 && seen.indexOf('stream.unpublished bob') < bobLeft,
    `bob's stream ends before he leaves: ${JSON.stringify(seen)}`);
  assert.ok(!seen.includes('room.finished'), 'alice is still in the call');
});
