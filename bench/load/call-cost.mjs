#!/usr/bin/env node
// The whole silo process's CPU for one call (issue 13 item 5): a Chromium publisher (fake camera, 640×360, with
// its fake microphone) and a Chromium subscriber in one room, through the real signalling (SignalR hub + the JS SDK),
// measured over --seconds beside the same silo idle (no clients) over --seconds in the same run, before the call
// and again after both clients left (the silo warm).
//
//   dotnet build src/Silo/Convene.Silo -c Release && (cd tests/e2e && npm ci)
//   node bench/load/call-cost.mjs [--seconds 20] [--warmup 60] [--settle 20] [--threads 8]
//
// CPU = utime + stime of /proc/<silo pid>/stat (every thread, dead ones too), per thread from
// /proc/<pid>/task/*/{comm,schedstat}; packets from the silo's /metrics (convene_media_packets_total) and the
// subscriber's inbound-rtp stats. It stops by itself (--timeout, default 240 s) and kills only what it started.
import { readFileSync, readdirSync } from 'node:fs';
import { startSilo, until } from '../../tests/e2e/lib/server.mjs';
import { launchFakeMediaChromium } from '../../tests/e2e/lib/chromium.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const seconds = Number(args.seconds ?? 20);
const settle = Number(args.settle ?? 20);
const warmup = Number(args.warmup ?? 60);
const callWindows = Number(args['call-windows'] ?? 2);
const topThreads = Number(args.threads ?? 8);
const timeoutMs = Number(args.timeout ?? 300) * 1000;
const ticks = 100; // USER_HZ on Linux x86-64 (getconf CLK_TCK)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat, after the comm's ')'). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / ticks;
  } catch { return 0; }
}

/** The process ids under `pid` (children, grandchildren, …), `pid` included. */
function tree(pid) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

/** CPU nanoseconds per thread of `pid`: Map tid → { name, ns } (/proc/<pid>/task/<tid>/schedstat, first field). */
function threads(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      out.set(tid, { name, ns });
    } catch { /* exited */ }
  }
  return out;
}

/** The silo's media counters from /metrics: packets in/out by protocol. */
async function mediaCounters(silo) {
  const res = await fetch(`${silo.baseUrl}/metrics`, { headers: { authorization: `Bearer ${silo.appToken}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const out = { 'in/rtp': 0, 'in/rtcp': 0, 'out/rtp': 0, 'out/rtcp': 0 };
  for (const line of (await res.text()).split('\n')) {
    const m = /^convene_media_packets_total\{([^}]*)\} (\S+)/.exec(line);
    if (!m) continue;
    const dir = /direction="(\w+)"/.exec(m[1])?.[1];
    const proto = /protocol="(\w+)"/.exec(m[1])?.[1];
    if (`${dir}/${proto}` in out) out[`${dir}/${proto}`] += Number(m[2]);
  }
  return out;
}

/** Measures `seconds` of the silo (and, with a subscriber, Chromium's processes): CPU, threads, counters, load. */
async function measure(silo, subscriber, what) {
  console.error(`${new Date().toISOString()} ${what}: ${seconds} s window, silo pid ${silo.pid}`);
  // The scrapes and getStats calls are outside the CPU window (a /metrics scrape costs the silo CPU too).
  const m0 = await mediaCounters(silo);
  const s0 = subscriber ? await received(subscriber) : null;
  const counters0 = performance.now();
  // Chromium's processes: this script's descendants outside the silo's (playwright launches it as our child).
  const siloTree = new Set(tree(silo.pid));
  const chromium = subscriber ? tree(process.pid).filter((p) => p !== process.pid && !siloTree.has(p)) : [];
  const load0 = loadavg();
  const wall0 = performance.now();
  const cpu0 = cpuSeconds(silo.pid);
  const th0 = threads(silo.pid);
  const chr0 = chromium.reduce((s, p) => s + cpuSeconds(p), 0);
  // Threads read every 250 ms, so a thread that ends in the window (a retiring pool worker) keeps its last count.
  const seen = new Map(th0);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await sleep(Math.min(250, end - performance.now()));
    for (const [tid, t] of threads(silo.pid)) seen.set(tid, t);
  }
  const cpu1 = cpuSeconds(silo.pid);
  const th1 = threads(silo.pid);
  for (const [tid, t] of seen) if (!th1.has(tid)) th1.set(tid, { name: `${t.name} (ended)`, ns: t.ns });
  const chr1 = chromium.reduce((s, p) => s + cpuSeconds(p), 0);
  const wall = (performance.now() - wall0) / 1000;
  const load1 = loadavg();
  const m1 = await mediaCounters(silo);
  const s1 = subscriber ? await received(subscriber) : null;
  const countersWall = (performance.now() - counters0) / 1000;
  const byName = new Map();
  for (const [tid, t] of th1) {
    const ns = t.ns - (th0.get(tid)?.ns ?? 0);
    byName.set(t.name, (byName.get(t.name) ?? 0) + ns);
  }
  const perSecond = (k) => (m1[k] - m0[k]) / countersWall;
  const percent = ((cpu1 - cpu0) / wall) * 100;
  const listed = [...byName.values()].reduce((a, b) => a + b, 0) / 1e9 / wall * 100;
  // What no thread read accounts for: threads that began and ended between two reads, the last < 250 ms of
  // ended ones, and /proc/<pid>/stat's rounding to clock ticks.
  byName.set('(unaccounted)', (percent - listed) * wall * 1e7);
  return {
    wall,
    percent,
    chromiumPercent: subscriber ? ((chr1 - chr0) / wall) * 100 : null,
    threads: [...byName].map(([name, ns]) => ({ name, percent: ns / 1e9 / wall * 100 })).sort((a, b) => b.percent - a.percent),
    packets: { inRtp: perSecond('in/rtp'), outRtp: perSecond('out/rtp'), inRtcp: perSecond('in/rtcp'), outRtcp: perSecond('out/rtcp') },
    subscriber: s0 && s1 ? {
      packets: (s1.packets - s0.packets) / countersWall, fps: (s1.frames - s0.frames) / countersWall, width: s1.width, height: s1.height,
      freezes: s1.freezes - s0.freezes,
    } : null,
    load: `${load0} → ${load1}`,
  };
}

/** The subscriber's inbound-rtp totals (audio + video packets, video frames decoded and size). */
function received(page) {
  return page.evaluate(async () => {
    const out = { packets: 0, frames: 0, width: 0, height: 0, freezes: 0 };
    for (const p of window.__cost.group.remote.values()) {
      if (!p.pc) continue;
      (await p.pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        out.packets += s.packetsReceived ?? 0;
        if (s.kind === 'video') Object.assign(out, { frames: s.framesDecoded ?? 0, width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, freezes: s.freezeCount ?? 0 });
      });
    }
    return out;
  });
}

/** A page on the silo's origin with the JS SDK, joined to `gid`: publishes its camera (360p) or subscribes. */
async function openClient(browser, silo, token, gid, role) {
  const context = await browser.newContext();
  await context.grantPermissions(['camera', 'microphone'], { origin: silo.baseUrl });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${silo.baseUrl}/sdk/convene.js`);
  await page.evaluate(async ({ token, gid, role }) => {
    const { Convene, STREAM_CAMERA } = await import('/sdk/convene.js');
    const t = { errors: [] };
    window.__cost = t;
    t.api = new Convene('', token);
    await t.api.start();
    t.group = t.api.groupCall(gid);
    t.group.setListener({
      onPublisher(p, joined) {
        if (joined && role === 'subscriber') p.call(true, true, {}).catch((e) => t.errors.push(e.message));
      },
    });
    await t.group.join();
    if (role === 'publisher') {
      const me = t.group.publish(0);
      me.setVideoSource(STREAM_CAMERA);
      await me.call(true, true, {});
      // The fake camera at 640×360 exactly, as the relay benchmarks' Chromium publishers send: the SDK captures
      // within the room's 640×480, and a max-height constraint (setResolution(360)) makes the fake device pick
      // its 320×240 format; the track it sends is me.stream's.
      await me.stream.getVideoTracks()[0].applyConstraints({ width: { exact: 640 }, height: { exact: 360 } });
    }
  }, { token, gid, role });
  return page;
}

const pct = (x) => x.toFixed(2);
const fmtThreads = (w) => w.threads.slice(0, topThreads).map((t) => `${t.name} ${pct(t.percent)}`).join(', ');

async function main() {
  const silo = await startSilo();
  let browser = null;
  const pages = [];
  const timer = setTimeout(async () => {
    console.error(`call-cost: gave up after ${timeoutMs / 1000} s`);
    await browser?.close().catch(() => {});
    await silo.kill();
    process.exit(2);
  }, timeoutMs);
  try {
    browser = await launchFakeMediaChromium(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
    // Users and the room first (through the backend API), so the idle window sees none of it.
    const gid = await silo.group('Call cost');
    await silo.members(gid, ['pub', 'sub']);
    const pubToken = await silo.user('pub', 'Publisher');
    const subToken = await silo.user('sub', 'Subscriber');
    // A new silo tiers up its code (the '.NET Tiered Compilation' thread) for about a minute: idle before that
    // would count the JIT, not the silo's steady cost.
    await mediaCounters(silo); // the first scrape JITs the exporter
    await sleep(warmup * 1000);
    const idle = await measure(silo, null, 'idle');

    pages.push(await openClient(browser, silo, pubToken, gid, 'publisher'));
    pages.push(await openClient(browser, silo, subToken, gid, 'subscriber'));
    const subscriber = pages[1];
    let seen = null;
    await until(async () => (seen = await received(subscriber)).frames > 30, 'the subscriber to decode 30 frames',
      { timeoutMs: 60000, describe: () => JSON.stringify(seen) });
    await sleep(settle * 1000); // the publisher's bitrate ramps up, the silo's new code paths tier up
    const calls = [];
    for (let i = 0; i < callWindows; i++) calls.push(await measure(silo, subscriber, `call ${i + 1}`));
    const errors = [...pages.flatMap((p) => p.errors), ...await Promise.all(pages.map((p) => p.evaluate(() => window.__cost.errors)))].flat();
    // The same silo idle again, warm: both clients gone (their contexts closed: hub connections and peers drop).
    await Promise.all(pages.map((p) => p.context().close()));
    await sleep(settle * 1000);
    const after = await measure(silo, null, 'idle after');

    const cores = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
    console.log(`# call cost: silo pid ${silo.pid} (${silo.baseUrl}), ${cores} cores, windows of ${seconds} s (idle after ${warmup} s from start; call and idle again after ${settle} s settling)`);
    console.log(`idle threads (% of a core): ${fmtThreads(idle)}`);
    calls.forEach((call, i) => {
      console.log(`call window ${i + 1} threads (% of a core): ${fmtThreads(call)}`);
      console.log(`  silo packets/s: RTP in ${call.packets.inRtp.toFixed(1)}, RTP out ${call.packets.outRtp.toFixed(1)}, RTCP in ${call.packets.inRtcp.toFixed(1)}, RTCP out ${call.packets.outRtcp.toFixed(1)}; subscriber: ${JSON.stringify(call.subscriber)}`);
    });
    console.log(`idle-after threads (% of a core): ${fmtThreads(after)}`);
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
    console.log('');
    console.log('| window | silo idle before / after the call (% of a core) | silo with the call | difference (to before / after) | RTP forwarded/s (subscriber received/s) | video | Chromium, both peers | load average (before; call; after) |');
    console.log('|---|---:|---:|---:|---:|---|---:|---|');
    calls.forEach((call, i) => {
      console.log(`| call ${i + 1} (${settle + i * seconds}–${settle + (i + 1) * seconds} s after the first frames) | ${pct(idle.percent)} / ${pct(after.percent)} | ${pct(call.percent)} | ${pct(call.percent - idle.percent)} / ${pct(call.percent - after.percent)} | ${call.packets.outRtp.toFixed(1)} (${call.subscriber.packets.toFixed(1)}) | ${call.subscriber.width}×${call.subscriber.height} ${call.subscriber.fps.toFixed(1)} fps | ${pct(call.chromiumPercent)} | ${idle.load}; ${call.load}; ${after.load} |`);
    });
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await silo.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
