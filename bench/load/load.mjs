#!/usr/bin/env node
// Load generator: N SignalR participants in M rooms against a local Convene silo.
// Measures connect, JoinGroup, Publish (and its OnPublisher fan-out) and chat fan-out latency,
// and the silo's memory per connected participant. See README.md.
//
// The main thread starts the silo, creates users and rooms through the backend API (not timed)
// and drives the phases; worker threads own the connections. Every room lives in one worker,
// so a message's send time and its receive times are read from the same clock.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as signalR from '@microsoft/signalr';

const TARGETS = { joinP99: 100, chatFanoutP99: 50 };

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Runs `fn(item, index)` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(runners);
}

/** Resolves when `check()` is true (re-checked whenever `signal` is poked), or after `timeoutMs`; resolves with whether it held. */
function awaitable() {
  let waiter = null;
  return {
    poke() { if (waiter && waiter.check()) { const w = waiter; waiter = null; clearTimeout(w.timer); w.resolve(true); } },
    until(check, timeoutMs) {
      if (check()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => { waiter = null; resolve(false); }, timeoutMs);
        waiter = { check, resolve, timer };
      });
    },
  };
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Worker: owns a share of the rooms and all their participants' connections.

async function workerMain() {
  const { baseUrl, rooms, options } = workerData;
  const participants = rooms.flatMap((room) => room.members.map((m) => ({ ...m, gid: room.gid, room: room.index })));
  const byAddress = new Map(participants.map((p) => [p.address, p]));
  const errors = [];
  let unexpectedCloses = 0;
  let stopping = false;
  const fail = (phase, who, e) => { errors.push(`${phase} ${who}: ${e?.message ?? e}`); };

  // Publisher fan-out bookkeeping: key "address/streamId" -> send time; deliveries per key.
  const publishSent = new Map();
  const publishLat = [];
  const publishAt = [];
  let publishDelivered = 0;
  const publishSeen = new Set();
  const publishSignal = awaitable();
  // Chat bookkeeping: text -> { sentAt, room, sender, receivers:Set }.
  const chatSent = new Map();
  const chatLat = [];
  const chatAt = [];
  let chatDelivered = 0;
  let chatDuplicates = 0;
  let chatStray = 0;
  const chatSignal = awaitable();

  function onPublisher(p) {
    return (info, joined) => {
      if (!joined) return;
      const key = `${info.address}/${info.streamId}`;
      const sent = publishSent.get(key);
      if (sent === undefined) return;
      const seenKey = `${key}>${p.address}`;
      if (publishSeen.has(seenKey)) return;
      publishSeen.add(seenKey);
      publishLat.push(performance.now() - sent);
      publishAt.push(performance.timeOrigin + sent);
      publishDelivered++;
      publishSignal.poke();
    };
  }

  function onMessage(p) {
    return (m) => {
      const now = performance.now();
      const sent = chatSent.get(m.text);
      if (!sent || m.gid !== p.gid) { chatStray++; return; }
      if (sent.receivers.has(p.address)) { chatDuplicates++; return; }
      sent.receivers.add(p.address);
      chatLat.push(now - sent.sentAt);
      chatAt.push(performance.timeOrigin + sent.sentAt);
      chatDelivered++;
      chatSignal.poke();
    };
  }

  // The client's own GC pauses (this worker's isolate), so a latency spike can be told apart from the silo's.
  let gcPauses = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) gcPauses.push(e.duration); }).observe({ entryTypes: ['gc'] });

  const phases = {
    async connect() {
      const lat = [];
      const at = [];
      const started = performance.now();
      await pool(participants, options.concurrency, async (p) => {
        const connection = new signalR.HubConnectionBuilder()
          .withUrl(`${baseUrl}/hub`, { accessTokenFactory: () => p.token, transport: signalR.HttpTransportType.WebSockets })
          .configureLogging(signalR.LogLevel.None)
          .build();
        connection.on('OnPublisher', onPublisher(p));
        connection.on('OnMessage', onMessage(p));
        for (const e of ['OnSubscriber', 'OnConnected', 'OnMute', 'OnTalking', 'OnHangup']) connection.on(e, () => {});
        connection.onclose((e) => { if (!stopping) { unexpectedCloses++; fail('close', p.address, e ?? 'closed'); } });
        const t = performance.now();
        try {
          await withTimeout(connection.start(), options.callTimeoutMs, 'connect');
          lat.push(performance.now() - t);
          at.push(performance.timeOrigin + t);
          p.connection = connection;
        } catch (e) { fail('connect', p.address, e); }
      });
      return { lat, at, ms: performance.now() - started };
    },

    async join() {
      const lat = [];
      const at = [];
      const started = performance.now();
      await pool(participants.filter((p) => p.connection), options.concurrency, async (p) => {
        const t = performance.now();
        try {
          await withTimeout(p.connection.invoke('JoinGroup', p.gid), options.callTimeoutMs, 'JoinGroup');
          lat.push(performance.now() - t);
          at.push(performance.timeOrigin + t);
          p.joined = true;
        } catch (e) { fail('join', p.address, e); }
      });
      return { lat, at, ms: performance.now() - started };
    },

    async publish() {
      const lat = [];
      const publishers = rooms.flatMap((room) => room.members.slice(0, options.publishers).map((m) => byAddress.get(m.address)))
        .filter((p) => p.joined);
      const receiversPerRoom = new Map(rooms.map((r) => [r.index, r.members.filter((m) => byAddress.get(m.address).joined).length]));
      // Every joined member of the room (the publisher too: it may list) gets OnPublisher(joined=true).
      const expected = publishers.reduce((sum, p) => sum + receiversPerRoom.get(p.room), 0);
      const started = performance.now();
      await pool(publishers, options.concurrency, async (p) => {
        const key = `${p.address}/0`;
        const t = performance.now();
        publishSent.set(key, t);
        try {
          await withTimeout(p.connection.invoke('Publish', p.gid, { streamId: 0, source: 'camera', name: p.address, audio: true, video: true, sdp: null }),
            options.callTimeoutMs, 'Publish');
          lat.push(performance.now() - t);
        } catch (e) { publishSent.delete(key); fail('publish', p.address, e); }
      });
      const expectedNow = [...publishSent.keys()].reduce((sum, key) => sum + receiversPerRoom.get(byAddress.get(key.slice(0, key.lastIndexOf('/'))).room), 0);
      await publishSignal.until(() => publishDelivered >= expectedNow, options.waitMs);
      return { lat, ms: performance.now() - started, fanout: publishLat, fanoutAt: publishAt, expected, delivered: publishDelivered };
    },

    async chat() {
      const lat = [];
      let expected = 0;
      const started = performance.now();
      const interval = options.interval;
      await Promise.all(rooms.map(async (room) => {
        const members = room.members.map((m) => byAddress.get(m.address)).filter((p) => p.joined);
        if (members.length === 0) return;
        // Rooms start spread over one interval, so the aggregate send rate is even.
        const offset = (room.index / options.rooms) * interval;
        for (let k = 0; k < options.messages; k++) {
          const due = started + offset + k * interval;
          const wait = due - performance.now();
          if (wait > 0) await delay(wait);
          const sender = members[k % members.length];
          const text = `load r${room.index} m${k} from ${sender.address}`;
          const record = { sentAt: performance.now(), receivers: new Set() };
          chatSent.set(text, record);
          expected += members.length - 1; // the sender does not get its own message back
          try {
            await withTimeout(sender.connection.invoke('SendGroupMessage', sender.gid, text, null), options.callTimeoutMs, 'SendGroupMessage');
            lat.push(performance.now() - record.sentAt);
          } catch (e) {
            chatSent.delete(text);
            expected -= members.length - 1;
            fail('send', sender.address, e);
          }
        }
      }));
      await chatSignal.until(() => chatDelivered >= expected, options.waitMs);
      return {
        lat, ms: performance.now() - started, fanout: chatLat, fanoutAt: chatAt, expected, delivered: chatDelivered,
        duplicates: chatDuplicates, stray: chatStray, sent: chatSent.size,
      };
    },

    async stop() {
      stopping = true;
      return {};
    },
  };

  parentPort.on('message', async ({ phase }) => {
    const startErrors = errors.length;
    gcPauses = [];
    let result;
    try {
      result = await phases[phase]();
    } catch (e) {
      fail(phase, 'worker', e);
      result = {};
    }
    const gc = { pauseMs: gcPauses.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...gcPauses), count: gcPauses.length };
    gcPauses = [];
    parentPort.postMessage({ phase, ...result, clientGc: gc, errors: errors.slice(startErrors), unexpectedCloses });
  });
}

// ---------------------------------------------------------------------------------------------
// Main: arguments, silo, users and rooms, phases, report.

function parseArgs(argv) {
  const o = {
    participants: 5000, rooms: 250, messages: 5, publishers: 2, concurrency: 100, workers: 1,
    interval: 1000, waitMs: 15000, callTimeoutMs: 30000, maxSeconds: 600, json: false, samples: null, siloEnv: {},
  };
  const numeric = { '--participants': 'participants', '--rooms': 'rooms', '--messages': 'messages', '--publishers': 'publishers',
    '--concurrency': 'concurrency', '--workers': 'workers', '--interval': 'interval', '--wait': 'waitMs', '--max-seconds': 'maxSeconds', '--call-timeout': 'callTimeoutMs' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') { o.help = true; }
    else if (a === '--samples') o.samples = argv[++i];
    else if (a === '--silo-env') {
      const kv = argv[++i] ?? '';
      const eq = kv.indexOf('=');
      if (eq < 1) throw new Error('--silo-env needs KEY=VALUE');
      o.siloEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    else if (numeric[a]) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      o[numeric[a]] = v;
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (o.participants < 1 || o.rooms < 1 || o.rooms > o.participants) throw new Error('need 1 <= --rooms <= --participants');
  if (o.workers < 1) o.workers = 1;
  return o;
}

const HELP = `node load.mjs [--participants N=5000] [--rooms M=250] [--messages K=5] [--publishers P=2]
                 [--concurrency C=100] [--workers W=1] [--interval MS=1000] [--wait MS=15000]
                 [--call-timeout MS=30000] [--max-seconds S=600] [--json] [--samples FILE.csv] [--silo-env KEY=VALUE]...
  Starts a silo (memory storage) on 127.0.0.1, creates N users and M rooms, connects everyone,
  joins, publishes (signalling only) and chats; prints latency percentiles and memory per participant.
  --concurrency  connects / joins / publishes in flight at once (split across workers)
  --interval     ms between two messages in one room (rooms are staggered over one interval)
  --wait         ms to wait for outstanding deliveries after a phase
  --call-timeout ms before one connect or hub call counts as failed (default 30000)
  --max-seconds  hard cap on the whole run
  --samples      also write every sample as CSV: metric,startEpochMs,latencyMs
  --silo-env     extra environment for the silo process (e.g. DOTNET_gcServer=0); repeatable`;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function stats(values) {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

/** CPU seconds (user + system) the process has used: /proc/<pid>/stat fields 14 and 15, in clock ticks (100 Hz). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function health(baseUrl) {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.json() : null;
  } catch { return null; }
}

async function mainThread() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) { console.log(HELP); return 0; }
  const log = options.json ? () => {} : (...a) => console.error(...a);
  // Each participant holds one socket here and one in the silo (which inherits this limit).
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const openFiles = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  if (openFiles < options.participants + 1024) {
    throw new Error(`open-file limit is ${openFiles}; ${options.participants} participants need at least ${options.participants + 1024}: run \`ulimit -n ${options.participants + 4096}\` first`);
  }
  const { startSilo } = await import('../../tests/e2e/lib/server.mjs');

  let silo;
  const workers = [];
  const hardCap = setTimeout(async () => {
    console.error(`load: hard cap of ${options.maxSeconds} s reached; stopping`);
    for (const w of workers) w.terminate();
    await silo?.stop().catch(() => {});
    process.exit(3);
  }, options.maxSeconds * 1000);
  hardCap.unref();

  const startedAt = new Date();
  const t0 = performance.now();
  silo = await startSilo({ env: options.siloEnv });
  try {
    log(`silo ${silo.baseUrl} pid ${silo.pid}; creating ${options.participants} users and ${options.rooms} rooms (not timed)`);

    // Users and rooms through the backend API. Participant i is in room floor(i * M / N): contiguous, even sizes.
    const N = options.participants;
    const M = options.rooms;
    const rooms = Array.from({ length: M }, (_, index) => ({ index, gid: 0, members: [] }));
    const all = Array.from({ length: N }, (_, i) => ({ address: `load-${String(i).padStart(6, '0')}`, room: Math.floor((i * M) / N) }));
    await pool(all, 32, async (p) => { p.token = await silo.user(p.address); });
    for (const p of all) rooms[p.room].members.push({ address: p.address, token: p.token });
    await pool(rooms, 16, async (room) => {
      room.gid = await silo.group(`load room ${room.index}`);
      const addresses = room.members.map((m) => m.address);
      for (let i = 0; i < addresses.length; i += 1000) await silo.members(room.gid, addresses.slice(i, i + 1000));
    });
    const setupMs = performance.now() - t0;
    log(`setup done in ${(setupMs / 1000).toFixed(1)} s`);

    // Settle the heap before the baseline: a couple of idle health reads.
    const healthBefore = await health(silo.baseUrl);
    const rssBefore = rssBytes(silo.pid);

    // Workers: rooms dealt round-robin.
    const W = Math.min(options.workers, M);
    const workerOptions = { ...options, concurrency: Math.max(1, Math.floor(options.concurrency / W)) };
    for (let w = 0; w < W; w++) {
      const share = rooms.filter((r) => r.index % W === w);
      workers.push(new Worker(fileURLToPath(import.meta.url), { workerData: { baseUrl: silo.baseUrl, rooms: share, options: workerOptions } }));
    }
    const failures = [];
    const cpu = {};
    const gc = {};
    const clientGc = {};
    const runPhase = async (phase) => {
      const gcBefore = (await health(silo.baseUrl))?.memory;
      const siloCpu = cpuSeconds(silo.pid);
      const clientCpu = process.cpuUsage();
      const results = await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
        const onMessage = (msg) => { if (msg.phase === phase) { w.off('message', onMessage); w.off('error', reject); resolve(msg); } };
        w.on('message', onMessage);
        w.once('error', reject);
        w.postMessage({ phase });
      })));
      for (const r of results) failures.push(...r.errors);
      const used = process.cpuUsage(clientCpu);
      cpu[phase] = { silo: +(cpuSeconds(silo.pid) - siloCpu).toFixed(2), client: +((used.user + used.system) / 1e6).toFixed(2) };
      clientGc[phase] = {
        pauseMs: +results.reduce((a, r) => a + (r.clientGc?.pauseMs ?? 0), 0).toFixed(1),
        maxMs: +Math.max(0, ...results.map((r) => r.clientGc?.maxMs ?? 0)).toFixed(1),
      };
      const gcAfter = (await health(silo.baseUrl))?.memory;
      if (gcBefore && gcAfter) {
        gc[phase] = {
          pauseMs: +(gcAfter.gcPauseMs - gcBefore.gcPauseMs).toFixed(1),
          collections: gcAfter.gcCollections.map((n, i) => n - gcBefore.gcCollections[i]),
        };
      }
      return results;
    };
    const merge = (results, key) => results.flatMap((r) => r[key] ?? []);
    const sum = (results, key) => results.reduce((s, r) => s + (r[key] ?? 0), 0);
    const maxMs = (results) => Math.max(...results.map((r) => r.ms ?? 0));

    log(`phase 1: connecting ${N} (concurrency ${options.concurrency}, ${W} worker${W > 1 ? 's' : ''})`);
    const connect = await runPhase('connect');
    const rssConnected = rssBytes(silo.pid);
    log(`phase 2: joining`);
    const join = await runPhase('join');
    const rssJoined = rssBytes(silo.pid);
    const healthJoined = await health(silo.baseUrl);
    log(`phase 3: publishing (${options.publishers} per room)`);
    const publish = await runPhase('publish');
    log(`phase 4: chat (${options.messages} per room, one every ${options.interval} ms per room)`);
    const chat = await runPhase('chat');
    const rssEnd = rssBytes(silo.pid);
    const stop = await runPhase('stop');
    const unexpectedCloses = sum(stop, 'unexpectedCloses');

    const connected = merge(connect, 'lat').length;
    const joinedCount = merge(join, 'lat').length;
    const chatExpected = sum(chat, 'expected');
    const chatDelivered = sum(chat, 'delivered');
    const publishExpected = sum(publish, 'expected');
    const publishDelivered = sum(publish, 'delivered');
    const result = {
      run: {
        date: startedAt.toISOString(), node: process.version, signalr: '10.0.11',
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
        participants: N, rooms: M, roomSize: N / M, messagesPerRoom: options.messages, publishersPerRoom: options.publishers,
        concurrency: options.concurrency, workers: W, intervalMs: options.interval, setupSeconds: +(setupMs / 1000).toFixed(1),
        note: 'client (Node) and silo share this machine',
      },
      latencyMs: {
        connect: stats(merge(connect, 'lat')),
        join: stats(merge(join, 'lat')),
        publish: stats(merge(publish, 'lat')),
        publisherFanout: stats(merge(publish, 'fanout')),
        chatSend: stats(merge(chat, 'lat')),
        chatFanout: stats(merge(chat, 'fanout')),
      },
      phaseSeconds: {
        connect: +(maxMs(connect) / 1000).toFixed(2), join: +(maxMs(join) / 1000).toFixed(2),
        publish: +(maxMs(publish) / 1000).toFixed(2), chat: +(maxMs(chat) / 1000).toFixed(2),
      },
      cpuSeconds: cpu,
      siloGc: gc,
      clientGc,
      counts: {
        connected, joined: joinedCount,
        publisherEventsExpected: publishExpected, publisherEventsDelivered: publishDelivered,
        messagesSent: sum(chat, 'sent'), deliveriesExpected: chatExpected, deliveriesReceived: chatDelivered,
        deliveriesMissing: Math.max(0, chatExpected - chatDelivered), duplicates: sum(chat, 'duplicates'), stray: sum(chat, 'stray'),
        unexpectedCloses, errors: failures.length,
      },
      memory: {
        rssBeforeMiB: +(rssBefore / 2 ** 20).toFixed(1), rssConnectedMiB: +(rssConnected / 2 ** 20).toFixed(1),
        rssJoinedMiB: +(rssJoined / 2 ** 20).toFixed(1), rssEndMiB: +(rssEnd / 2 ** 20).toFixed(1),
        rssPerParticipantKiB: +((rssJoined - rssBefore) / N / 1024).toFixed(1),
        gcHeapBeforeMiB: healthBefore?.memory?.gcHeapBytes != null ? +(healthBefore.memory.gcHeapBytes / 2 ** 20).toFixed(1) : null,
        gcHeapJoinedMiB: healthJoined?.memory?.gcHeapBytes != null ? +(healthJoined.memory.gcHeapBytes / 2 ** 20).toFixed(1) : null,
        gcHeapPerParticipantKiB: healthBefore?.memory?.gcHeapBytes != null && healthJoined?.memory?.gcHeapBytes != null
          ? +((healthJoined.memory.gcHeapBytes - healthBefore.memory.gcHeapBytes) / N / 1024).toFixed(1) : null,
        activationsBefore: healthBefore?.activations ?? null, activationsJoined: healthJoined?.activations ?? null,
      },
      targets: {},
      firstErrors: failures.slice(0, 10),
    };
    result.targets.joinP99 = { targetMs: TARGETS.joinP99, valueMs: result.latencyMs.join.p99, pass: result.latencyMs.join.p99 < TARGETS.joinP99 };
    result.targets.chatFanoutP99 = { targetMs: TARGETS.chatFanoutP99, valueMs: result.latencyMs.chatFanout.p99, pass: result.latencyMs.chatFanout.p99 < TARGETS.chatFanoutP99 };
    const ok = failures.length === 0 && connected === N && joinedCount === N
      && chatDelivered === chatExpected && publishDelivered === publishExpected && result.counts.duplicates === 0;
    result.ok = ok;

    result.run.siloEnv = options.siloEnv;
    if (options.samples) {
      const rows = ['metric,startEpochMs,latencyMs'];
      const add = (name, results, latKey, atKey) => {
        for (const r of results) (r[latKey] ?? []).forEach((v, i) => rows.push(`${name},${r[atKey][i].toFixed(1)},${v.toFixed(2)}`));
      };
      add('connect', connect, 'lat', 'at');
      add('join', join, 'lat', 'at');
      add('publisherFanout', publish, 'fanout', 'fanoutAt');
      add('chatFanout', chat, 'fanout', 'fanoutAt');
      writeFileSync(options.samples, rows.join('\n') + '\n');
    }
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else console.log(report(result));

    for (const w of workers) await w.terminate();
    await silo.stop();
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`load: ${e.stack ?? e}`);
    for (const w of workers) await w.terminate();
    await silo?.stop().catch(() => {});
    return 2;
  }
}

function report(r) {
  const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  const mark = (t) => `${t.pass ? 'PASS' : 'MISS'} (p99 < ${t.targetMs} ms)`;
  const { run, latencyMs: l, counts: c, memory: m, phaseSeconds: s } = r;
  const row = (name, st, target = '') => `| ${name} | ${f(st.p50)} | ${f(st.p99)} | ${f(st.max)} | ${target} |`;
  const lines = [
    `Convene load: ${run.participants} participants in ${run.rooms} rooms (${run.roomSize} each), ${run.publishersPerRoom} publishers and ${run.messagesPerRoom} messages per room`,
    `${run.date}, node ${run.node}, @microsoft/signalr ${run.signalr}, ${run.cpus} cores (${run.cpuModel}), ${run.memoryGiB} GiB; concurrency ${run.concurrency}, ${run.workers} worker(s), one message per room every ${run.intervalMs} ms`,
    ...(Object.keys(run.siloEnv ?? {}).length ? [`silo environment: ${Object.entries(run.siloEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`] : []),
    `Client and silo share this machine (${run.cpus} cores): the numbers include the client's own CPU use.`,
    '',
    '| metric (ms) | p50 | p99 | max | target |',
    '|---|---:|---:|---:|---|',
    row(`connect (negotiate + WebSocket + handshake), n=${l.connect.count}`, l.connect),
    row(`JoinGroup round trip, n=${l.join.count}`, l.join, mark(r.targets.joinP99)),
    row(`Publish round trip, n=${l.publish.count}`, l.publish),
    row(`OnPublisher fan-out, n=${l.publisherFanout.count}`, l.publisherFanout),
    row(`SendGroupMessage round trip, n=${l.chatSend.count}`, l.chatSend),
    row(`chat fan-out (send → each member's OnMessage), n=${l.chatFanout.count}`, l.chatFanout, mark(r.targets.chatFanoutP99)),
    '',
    `| silo memory | value |`,
    '|---|---:|',
    `| RSS before connecting | ${m.rssBeforeMiB} MiB |`,
    `| RSS all connected | ${m.rssConnectedMiB} MiB |`,
    `| RSS all joined | ${m.rssJoinedMiB} MiB |`,
    `| **RSS per participant** (joined − before) / N | **${m.rssPerParticipantKiB} KiB** |`,
    ...(m.gcHeapPerParticipantKiB != null ? [
      `| GC heap before / joined | ${m.gcHeapBeforeMiB} / ${m.gcHeapJoinedMiB} MiB |`,
      `| GC heap per participant | ${m.gcHeapPerParticipantKiB} KiB |`] : []),
    `| activations before / joined | ${m.activationsBefore} / ${m.activationsJoined} |`,
    '',
    `phases: connect ${s.connect} s, join ${s.join} s, publish ${s.publish} s, chat ${s.chat} s (setup, not timed: ${run.setupSeconds} s)`,
    `silo GC pause ms (gen0/gen1/gen2 collections): ${Object.entries(r.siloGc).filter(([p]) => p !== 'stop').map(([p, g]) => `${p} ${g.pauseMs} (${g.collections.join('/')})`).join(', ') || 'n/a'}`,
    `client GC pause ms total (longest): ${Object.entries(r.clientGc).filter(([p]) => p !== 'stop').map(([p, g]) => `${p} ${g.pauseMs} (${g.maxMs})`).join(', ')}`,
    `CPU seconds used (silo / client): ${['connect', 'join', 'publish', 'chat'].map((p) => `${p} ${r.cpuSeconds[p]?.silo} / ${r.cpuSeconds[p]?.client}`).join(', ')}`,
    `counts: connected ${c.connected}/${run.participants}, joined ${c.joined}, OnPublisher ${c.publisherEventsDelivered}/${c.publisherEventsExpected}, ` +
      `messages ${c.messagesSent}, deliveries ${c.deliveriesReceived}/${c.deliveriesExpected} (missing ${c.deliveriesMissing}, duplicates ${c.duplicates}, stray ${c.stray}), ` +
      `unexpected closes ${c.unexpectedCloses}, errors ${c.errors}`,
    ...r.firstErrors.map((e) => `  error: ${e}`),
    r.ok ? 'result: OK' : 'result: FAILED (errors or missing deliveries)',
  ];
  return lines.join('\n');
}

if (isMainThread) {
  process.exitCode = await mainThread().catch((e) => { console.error(`load: ${e.message}`); return 2; });
} else {
  await workerMain();
}
