#!/usr/bin/env node
// The whole silo process's CPU for one call (issue 13 item 5): a Chromium publisher (fake camera, 640×360, with
// its fake microphone) and a Chromium subscriber in one room, through the real signalling (SignalR hub + the JS SDK),
// measured over --seconds beside the same silo idle (no clients) over --seconds in the same run, before the call
// and again after both clients left (the silo warm).
//
//   dotnet build src/Silo/Convene.Silo -c Release && (cd tests/e2e && npm ci)
//   node bench/load/call-cost.mjs [--seconds 20] [--warmup 60] [--settle 20] [--threads 8]
//        [--variants 'shipped;spin:DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70']
//
// --variants runs one silo per variant side by side (label, then environment settings for that silo), each with its
// own publisher and subscriber, measured over the same windows: a same-run comparison on a shared machine.
// CPU = the silo's cpuacct cgroup (cgroup v1, created per silo when this runs as root: the scheduler's exact
// run time of every thread, ended ones too), else utime + stime of /proc/<silo pid>/stat (clock ticks: sampled, it
// reads low for a process that runs in short bursts); per thread from /proc/<pid>/task/*/{comm,schedstat}; packets
// from the silo's /metrics (convene_media_packets_total) and the subscriber's inbound-rtp stats. It stops by itself
// (--timeout, default 300 s) and kills only what it started.
import { mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
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
/** `label[:KEY=VALUE,KEY=VALUE]` separated by ';' — one silo each. */
const variants = String(args.variants ?? 'silo').split(';').filter(Boolean).map((v) => {
  const [label, settings = ''] = v.split(/:(.*)/s);
  return { label, env: Object.fromEntries(settings.split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2))) };
});
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

const cgroupRoot = '/sys/fs/cgroup/cpuacct';

/** A cpuacct cgroup of its own for `pid` (cgroup v1, root only); null where that is not possible here. */
function cgroupFor(pid, label) {
  const dir = `${cgroupRoot}/convene-call-cost-${process.pid}-${label}`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/cgroup.procs`, String(pid));
    readFileSync(`${dir}/cpuacct.usage`, 'utf8');
    return dir;
  } catch {
    return null;
  }
}

/** The silo's CPU seconds: its cgroup's exact usage where it has one, else its clock ticks. */
function siloCpuSeconds(run) {
  return run.cgroup ? Number(readFileSync(`${run.cgroup}/cpuacct.usage`, 'utf8')) / 1e9 : cpuSeconds(run.silo.pid);
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
async function measure(run, subscriber, what, allSilos) {
  const { silo } = run;
  console.error(`${new Date().toISOString()} ${what}: ${seconds} s window, ${run.label} silo pid ${silo.pid}`);
  // The scrapes and getStats calls are outside the CPU window (a /metrics scrape costs the silo CPU too).
  const m0 = await mediaCounters(silo);
  const s0 = subscriber ? await received(subscriber) : null;
  const counters0 = performance.now();
  // Chromium's processes: this script's descendants outside the silo's (playwright launches it as our child).
  const siloTree = new Set(allSilos.flatMap((p) => tree(p)));
  const chromium = subscriber ? tree(process.pid).filter((p) => p !== process.pid && !siloTree.has(p)) : [];
  const load0 = loadavg();
  const wall0 = performance.now();
  const cpu0 = siloCpuSeconds(run);
  const th0 = threads(silo.pid);
  const chr0 = chromium.reduce((s, p) => s + cpuSeconds(p), 0);
  // Threads read every 250 ms, so a thread that ends in the window (a retiring pool worker) keeps its last count.
  const seen = new Map(th0);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await sleep(Math.min(250, end - performance.now()));
    for (const [tid, t] of threads(silo.pid)) seen.set(tid, t);
  }
  const cpu1 = siloCpuSeconds(run);
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
  // ended ones (and, without a cgroup, /proc/<pid>/stat's sampling by clock ticks).
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
  const runs = [];
  let browser = null;
  const stopAll = async (how) => {
    await browser?.close().catch(() => {});
    await Promise.all(runs.map((r) => r.silo[how]().catch(() => {})));
    for (const r of runs) if (r.cgroup) try { rmdirSync(r.cgroup); } catch { /* still busy: left for the next run's root */ }
  };
  const timer = setTimeout(async () => {
    console.error(`call-cost: gave up after ${timeoutMs / 1000} s`);
    await stopAll('kill');
    process.exit(2);
  }, timeoutMs);
  try {
    for (const v of variants) {
      const silo = await startSilo({ env: v.env });
      runs.push({ ...v, silo, cgroup: cgroupFor(silo.pid, v.label), pages: [] });
    }
    const allSilos = runs.map((r) => r.silo.pid);
    const each = (f) => Promise.all(runs.map(f));
    browser = await launchFakeMediaChromium(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
    // Users and the room first (through the backend API), so the idle window sees none of it.
    await each(async (r) => {
      r.gid = await r.silo.group('Call cost');
      await r.silo.members(r.gid, ['pub', 'sub']);
      r.pubToken = await r.silo.user('pub', 'Publisher');
      r.subToken = await r.silo.user('sub', 'Subscriber');
      await mediaCounters(r.silo); // the first scrape JITs the exporter
    });
    // A new silo tiers up its code (the '.NET Tiered Compilation' thread) for about a minute: idle before that
    // would count the JIT, not the silo's steady cost.
    await sleep(warmup * 1000);
    await each(async (r) => { r.idle = await measure(r, null, 'idle', allSilos); });

    for (const r of runs) {
      r.pages.push(await openClient(browser, r.silo, r.pubToken, r.gid, 'publisher'));
      r.pages.push(await openClient(browser, r.silo, r.subToken, r.gid, 'subscriber'));
    }
    await each(async (r) => {
      let seen = null;
      await until(async () => (seen = await received(r.pages[1])).frames > 30, `the ${r.label} subscriber to decode 30 frames`,
        { timeoutMs: 60000, describe: () => JSON.stringify(seen) });
    });
    await sleep(settle * 1000); // the publisher's bitrate ramps up, the silo's new code paths tier up
    for (const r of runs) r.calls = [];
    for (let i = 0; i < callWindows; i++) await each(async (r) => { r.calls.push(await measure(r, r.pages[1], `call ${i + 1}`, allSilos)); });
    for (const r of runs) {
      r.errors = [...r.pages.flatMap((p) => p.errors), ...await Promise.all(r.pages.map((p) => p.evaluate(() => window.__cost.errors)))].flat();
    }
    // The same silo idle again, warm: both clients gone (their contexts closed: hub connections and peers drop).
    await Promise.all(runs.flatMap((r) => r.pages.map((p) => p.context().close())));
    await sleep(settle * 1000);
    await each(async (r) => { r.after = await measure(r, null, 'idle after', allSilos); });

    const cores = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
    console.log(`# call cost: ${runs.length} silo(s) side by side, ${cores} cores, windows of ${seconds} s (idle after ${warmup} s from start; call and idle again after ${settle} s settling); CPU from ${runs.every((r) => r.cgroup) ? 'cpuacct cgroups' : '/proc/<pid>/stat clock ticks'}`);
    for (const r of runs) {
      console.log(`## ${r.label} (${Object.entries(r.env).map(([k, v]) => `${k}=${v}`).join(' ') || 'as shipped'}), silo pid ${r.silo.pid}`);
      console.log(`idle threads (% of a core): ${fmtThreads(r.idle)}`);
      r.calls.forEach((call, i) => {
        console.log(`call window ${i + 1} threads (% of a core): ${fmtThreads(call)}`);
        console.log(`  silo packets/s: RTP in ${call.packets.inRtp.toFixed(1)}, RTP out ${call.packets.outRtp.toFixed(1)}, RTCP in ${call.packets.inRtcp.toFixed(1)}, RTCP out ${call.packets.outRtcp.toFixed(1)}; subscriber: ${JSON.stringify(call.subscriber)}`);
      });
      console.log(`idle-after threads (% of a core): ${fmtThreads(r.after)}`);
      if (r.errors.length) console.log(`page errors: ${r.errors.join('; ')}`);
    }
    console.log('');
    console.log('| silo | window | silo idle before / after the call (% of a core) | silo with the call | difference (to before / after) | RTP forwarded/s (subscriber received/s) | video | Chromium, all peers | load average (before; call; after) |');
    console.log('|---|---|---:|---:|---:|---:|---|---:|---|');
    for (const r of runs) {
      r.calls.forEach((call, i) => {
        console.log(`| ${r.label} | call ${i + 1} (${settle + i * seconds}–${settle + (i + 1) * seconds} s after the first frames) | ${pct(r.idle.percent)} / ${pct(r.after.percent)} | ${pct(call.percent)} | ${pct(call.percent - r.idle.percent)} / ${pct(call.percent - r.after.percent)} | ${call.packets.outRtp.toFixed(1)} (${call.subscriber.packets.toFixed(1)}) | ${call.subscriber.width}×${call.subscriber.height} ${call.subscriber.fps.toFixed(1)} fps | ${pct(call.chromiumPercent)} | ${r.idle.load}; ${call.load}; ${r.after.load} |`);
      });
    }
  } finally {
    clearTimeout(timer);
    await stopAll('stop');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
