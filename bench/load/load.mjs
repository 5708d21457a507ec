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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
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
          .withUrl(`${p.url ?? baseUrl}/hub`, { accessTokenFactory: () => p.token, transport: signalR.HttpTransportType.WebSockets })
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
      // Which events did not arrive: "publisher>receiver (room, receiver's hub)", the first 20.
      const missing = [];
      for (const key of publishSent.keys()) {
        const publisher = byAddress.get(key.slice(0, key.lastIndexOf('/')));
        for (const m of rooms[rooms.findIndex((r) => r.index === publisher.room)].members) {
          const receiver = byAddress.get(m.address);
          if (receiver.joined && !publishSeen.has(`${key}>${receiver.address}`) && missing.length < 20) {
            missing.push(`OnPublisher ${publisher.address}>${receiver.address} (room ${publisher.room}, hub ${receiver.url ?? baseUrl})`);
          }
        }
      }
      return { lat, ms: performance.now() - started, fanout: publishLat, fanoutAt: publishAt, expected, delivered: publishDelivered, missing };
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
      const missing = [];
      for (const room of rooms) {
        for (const [text, record] of chatSent) {
          if (!text.startsWith(`load r${room.index} `)) continue;
          const sender = text.slice(text.lastIndexOf(' ') + 1);
          for (const m of room.members) {
            const receiver = byAddress.get(m.address);
            if (receiver.joined && m.address !== sender && !record.receivers.has(m.address) && missing.length < 20) {
              missing.push(`OnMessage "${text}" > ${m.address} (hub ${receiver.url ?? baseUrl})`);
            }
          }
        }
      }
      return {
        missing,
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
    silos: 1, cluster: false,
  };
  const numeric = { '--participants': 'participants', '--rooms': 'rooms', '--messages': 'messages', '--publishers': 'publishers',
    '--concurrency': 'concurrency', '--workers': 'workers', '--silos': 'silos', '--interval': 'interval', '--wait': 'waitMs', '--max-seconds': 'maxSeconds', '--call-timeout': 'callTimeoutMs' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--cluster') o.cluster = true;
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
  if (!Number.isInteger(o.silos) || o.silos < 1) throw new Error('--silos needs a whole number >= 1');
  if (o.silos > 1) o.cluster = true;
  return o;
}

const HELP = `node load.mjs [--participants N=5000] [--rooms M=250] [--messages K=5] [--publishers P=2]
                 [--concurrency C=100] [--workers W=1] [--interval MS=1000] [--wait MS=15000]
                 [--call-timeout MS=30000] [--max-seconds S=600] [--json] [--samples FILE.csv] [--silo-env KEY=VALUE]...
                 [--silos S=1] [--cluster] [--client node|dotnet]
  Starts a silo (memory storage) on 127.0.0.1, creates N users and M rooms, connects everyone,
  joins, publishes (signalling only) and chats; prints latency percentiles and memory per participant.
  --concurrency  connects / joins / publishes in flight at once (split across workers)
  --interval     ms between two messages in one room (rooms are staggered over one interval)
  --wait         ms to wait for outstanding deliveries after a phase
  --call-timeout ms before one connect or hub call counts as failed (default 30000)
  --max-seconds  hard cap on the whole run
  --samples      also write every sample as CSV: metric,startEpochMs,latencyMs
  --silo-env     extra environment for the silo process (e.g. DOTNET_gcServer=0); repeatable (every silo)
  --silos        S silo processes in one cluster (azure membership and azure storage on a private Azurite from
                 tests/e2e/node_modules: run npm ci there); participant i connects to silo i mod S
  --cluster      the cluster set-up (Azurite, azure membership and storage) even with one silo
  --client       node (default: @microsoft/signalr in worker threads) or dotnet (bench/Convene.Load, Convene.Client's
                 ConferenceClient in its own process; one silo only, no --workers/--samples)`;

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

// ---------------------------------------------------------------------------------------------
// Silos: one (memory storage, localhost clustering, as tests/e2e starts it), or a cluster of N silo
// processes with Azure Table membership and Azure storage on a private, in-memory Azurite.

/** Free loopback TCP ports, distinct from every port handed out earlier in this run. */
const usedPorts = new Set();
async function distinctPort(freePort) {
  for (;;) {
    const port = await freePort();
    if (!usedPorts.has(port)) { usedPorts.add(port); return port; }
  }
}

function waitForPort(port, child, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) { reject(new Error(`${what} exited with ${child.exitCode}`)); return; }
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`${what} did not accept connections on 127.0.0.1:${port} within ${timeoutMs / 1000} s`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`. */
async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Azurite (tests/e2e's devDependency) in memory on free loopback ports; the node process itself, no npx, so one kill stops it. */
async function startAzurite(root, freePort) {
  const bin = path.join(root, 'tests/e2e/node_modules/azurite/dist/src/azurite.js');
  if (!existsSync(bin)) throw new Error('Azurite is not installed: run `cd tests/e2e && npm ci` (--silos N > 1 needs it)');
  const blob = await distinctPort(freePort);
  const queue = await distinctPort(freePort);
  const table = await distinctPort(freePort);
  const child = spawn(process.execPath, [bin, '--silent', '--inMemoryPersistence', '--skipApiVersionCheck',
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    '--blobPort', String(blob), '--queuePort', String(queue), '--tablePort', String(table)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  try {
    await waitForPort(blob, child, 'Azurite (blob)', 60000);
    await waitForPort(table, child, 'Azurite (table)', 60000);
  } catch (e) {
    await stopChild(child);
    throw new Error(`${e.message}\n${output}`);
  }
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  return {
    pid: child.pid, ports: { blob, queue, table },
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;` +
      `QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`,
    stop: () => stopChild(child),
  };
}

/**
 * Starts the silos. Without `cluster`: one silo as before (memory storage, localhost clustering).
 * With it: Azurite, then `count` silo processes (azure membership + azure storage, one ClusterId and app token,
 * distinct HTTP / silo / gateway / media ports), and waits until every /health sees `count` silos.
 * Returns { silos, azurite, stop() }; everything started is stopped again on failure.
 */
async function startSilos(options, log, started = { silos: [], azurite: null }) {
  const { startSilo, freePort, root } = await import('../../tests/e2e/lib/server.mjs');
  started.stop = async () => {
    await Promise.all(started.silos.map((s) => s.stop().catch(() => {})));
    await started.azurite?.stop().catch(() => {});
  };
  if (!options.cluster) {
    started.silos.push(await startSilo({ env: options.siloEnv }));
    return started;
  }
  try {
    started.azurite = await startAzurite(root, freePort);
    log(`Azurite pid ${started.azurite.pid} on 127.0.0.1 (blob ${started.azurite.ports.blob}, table ${started.azurite.ports.table})`);
    const clusterId = `load-${randomBytes(4).toString('hex')}`;
    const appToken = randomBytes(24).toString('hex');
    const specs = [];
    for (let i = 0; i < options.silos; i++) {
      specs.push({ port: await distinctPort(freePort), mediaPort: await distinctPort(freePort), siloPort: await distinctPort(freePort), gatewayPort: await distinctPort(freePort) });
    }
    // One after the other: the first creates the membership table; each start is a few seconds.
    for (const spec of specs) {
      const silo = await startSilo({
        port: spec.port, mediaPort: spec.mediaPort, appToken, storage: 'azure',
        env: {
          Convene__Cluster__Provider: 'azure',
          Convene__AzureStorage__ConnectionString: started.azurite.connectionString,
          Convene__Cluster__ClusterId: clusterId,
          Convene__Cluster__ServiceId: clusterId,
          Convene__Cluster__SiloPort: String(spec.siloPort),
          Convene__Cluster__GatewayPort: String(spec.gatewayPort),
          ...options.siloEnv,
        },
      });
      silo.siloPort = spec.siloPort;
      silo.gatewayPort = spec.gatewayPort;
      started.silos.push(silo);
    }
    const deadline = Date.now() + 90000;
    for (const silo of started.silos) {
      for (;;) {
        const h = await health(silo.baseUrl);
        if (h?.cluster?.silos === options.silos) { silo.address = h.silo; break; }
        if (Date.now() > deadline) throw new Error(`${silo.baseUrl}/health did not see ${options.silos} silos within 90 s (last: ${JSON.stringify(h?.cluster)})`);
        await delay(250);
      }
    }
    return started;
  } catch (e) {
    await started.stop();
    throw e;
  }
}

/** Which silo each room's call is active on (GET /v1/groups/{gid}/room, app token), as counts per silo index. */
async function roomPlacement(silos, rooms) {
  const counts = new Array(silos.length).fill(0);
  let unknown = 0;
  await pool(rooms, 16, async (room, i) => {
    const silo = silos[i % silos.length];
    try {
      const res = await fetch(`${silo.baseUrl}/v1/groups/${room.gid}/room`, { headers: { authorization: `Bearer ${silo.appToken}` }, signal: AbortSignal.timeout(10000) });
      const where = res.ok ? (await res.json())?.room?.silo : null;
      const index = silos.findIndex((s) => s.address && s.address === where);
      if (index >= 0) counts[index]++; else unknown++;
    } catch { unknown++; }
  });
  return { sampled: rooms.length, perSilo: counts, unknown };
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

  // Filled in as silos and Azurite start, so the hard cap and signals can stop them even mid-start.
  const cluster = { silos: [], azurite: null, stop: async () => {} };
  const workers = [];
  const hardCap = setTimeout(async () => {
    console.error(`load: hard cap of ${options.maxSeconds} s reached; stopping`);
    for (const w of workers) w.terminate();
    await cluster?.stop().catch(() => {});
    process.exit(3);
  }, options.maxSeconds * 1000);
  hardCap.unref();
  // Ctrl+C / kill: stop the silos and Azurite before leaving.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      console.error(`load: ${signal}; stopping`);
      for (const w of workers) w.terminate();
      await cluster?.stop().catch(() => {});
      process.exit(130);
    });
  }

  const startedAt = new Date();
  const t0 = performance.now();
  await startSilos(options, log, cluster);
  const silos = cluster.silos;
  const S = silos.length;
  const silo = silos[0]; // setup (users, rooms) goes through the first silo
  try {
    log(`${S} silo${S > 1 ? 's' : ''}${options.cluster ? ' (azure membership and storage on Azurite)' : ''}: ${silos.map((s) => `${s.baseUrl} pid ${s.pid}`).join(', ')}; creating ${options.participants} users and ${options.rooms} rooms (not timed)`);

    // Users and rooms through the backend API. Participant i is in room floor(i * M / N): contiguous, even sizes;
    // it connects to silo i mod S, so every room has members on every gateway.
    const N = options.participants;
    const M = options.rooms;
    const rooms = Array.from({ length: M }, (_, index) => ({ index, gid: 0, members: [] }));
    const all = Array.from({ length: N }, (_, i) => ({ address: `load-${String(i).padStart(6, '0')}`, room: Math.floor((i * M) / N), silo: i % S }));
    await pool(all, 32, async (p) => { p.token = await silo.user(p.address); });
    for (const p of all) rooms[p.room].members.push({ address: p.address, token: p.token, url: silos[p.silo].baseUrl });
    await pool(rooms, 16, async (room) => {
      room.gid = await silo.group(`load room ${room.index}`);
      const addresses = room.members.map((m) => m.address);
      for (let i = 0; i < addresses.length; i += 1000) await silo.members(room.gid, addresses.slice(i, i + 1000));
    });
    const setupMs = performance.now() - t0;
    log(`setup done in ${(setupMs / 1000).toFixed(1)} s`);

    const healthAll = () => Promise.all(silos.map((s) => health(s.baseUrl)));
    const rssAll = () => silos.map((s) => rssBytes(s.pid));
    const total = (xs) => xs.reduce((a, b) => a + b, 0);
    const sumMemory = (hs, key) => (hs.every((h) => h?.memory?.[key] != null) ? total(hs.map((h) => h.memory[key])) : null);

    // Settle the heap before the baseline: a couple of idle health reads.
    const healthBefore = await healthAll();
    const rssBefore = rssAll();

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
      const gcBefore = (await healthAll()).map((h) => h?.memory);
      const siloCpu = silos.map((s) => cpuSeconds(s.pid));
      const azuriteCpu = cluster.azurite ? cpuSeconds(cluster.azurite.pid) : 0;
      const clientCpu = process.cpuUsage();
      const results = await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
        const onMessage = (msg) => { if (msg.phase === phase) { w.off('message', onMessage); w.off('error', reject); resolve(msg); } };
        w.on('message', onMessage);
        w.once('error', reject);
        w.postMessage({ phase });
      })));
      for (const r of results) failures.push(...r.errors);
      const used = process.cpuUsage(clientCpu);
      const perSilo = silos.map((s, i) => +(cpuSeconds(s.pid) - siloCpu[i]).toFixed(2));
      cpu[phase] = {
        silo: +total(perSilo).toFixed(2), client: +((used.user + used.system) / 1e6).toFixed(2), ...(S > 1 ? { silos: perSilo } : {}),
        ...(cluster.azurite ? { azurite: +(cpuSeconds(cluster.azurite.pid) - azuriteCpu).toFixed(2) } : {}),
      };
      clientGc[phase] = {
        pauseMs: +results.reduce((a, r) => a + (r.clientGc?.pauseMs ?? 0), 0).toFixed(1),
        maxMs: +Math.max(0, ...results.map((r) => r.clientGc?.maxMs ?? 0)).toFixed(1),
      };
      const gcAfter = (await healthAll()).map((h) => h?.memory);
      if (gcBefore.every(Boolean) && gcAfter.every(Boolean)) {
        const pauses = gcAfter.map((a, i) => +(a.gcPauseMs - gcBefore[i].gcPauseMs).toFixed(1));
        gc[phase] = {
          pauseMs: +total(pauses).toFixed(1),
          collections: [0, 1, 2].map((g) => total(gcAfter.map((a, i) => a.gcCollections[g] - gcBefore[i].gcCollections[g]))),
          ...(S > 1 ? { silos: pauses } : {}),
        };
      }
      return results;
    };
    const merge = (results, key) => results.flatMap((r) => r[key] ?? []);
    const sum = (results, key) => results.reduce((s, r) => s + (r[key] ?? 0), 0);
    const maxMs = (results) => Math.max(...results.map((r) => r.ms ?? 0));

    log(`phase 1: connecting ${N} (concurrency ${options.concurrency}, ${W} worker${W > 1 ? 's' : ''}${S > 1 ? `, round-robin over ${S} gateways` : ''})`);
    const connect = await runPhase('connect');
    const rssConnected = rssAll();
    log(`phase 2: joining`);
    const join = await runPhase('join');
    const rssJoined = rssAll();
    const healthJoined = await healthAll();
    // Where the rooms' calls ended up (not timed; after the join phase, so every room is active).
    const placement = options.cluster ? await roomPlacement(silos, rooms) : null;
    if (placement) log(`rooms per silo: ${placement.perSilo.join(' / ')}${placement.unknown ? ` (${placement.unknown} unknown)` : ''}`);
    log(`phase 3: publishing (${options.publishers} per room)`);
    const publish = await runPhase('publish');
    log(`phase 4: chat (${options.messages} per room, one every ${options.interval} ms per room)`);
    const chat = await runPhase('chat');
    const rssEnd = rssAll();
    const stop = await runPhase('stop');
    const unexpectedCloses = sum(stop, 'unexpectedCloses');

    const connected = merge(connect, 'lat').length;
    const joinedCount = merge(join, 'lat').length;
    const chatExpected = sum(chat, 'expected');
    const chatDelivered = sum(chat, 'delivered');
    const publishExpected = sum(publish, 'expected');
    const publishDelivered = sum(publish, 'delivered');
    const mib = (b) => +(b / 2 ** 20).toFixed(1);
    const gcHeapBefore = sumMemory(healthBefore, 'gcHeapBytes');
    const gcHeapJoined = sumMemory(healthJoined, 'gcHeapBytes');
    const phaseNames = ['connect', 'join', 'publish', 'chat'];
    const siloCpuTotal = total(phaseNames.map((p) => cpu[p]?.silo ?? 0));
    const result = {
      run: {
        date: startedAt.toISOString(), node: process.version, signalr: '10.0.11',
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
        loadavg: os.loadavg().map((v) => +v.toFixed(2)),
        participants: N, rooms: M, roomSize: N / M, messagesPerRoom: options.messages, publishersPerRoom: options.publishers,
        concurrency: options.concurrency, workers: W, intervalMs: options.interval, setupSeconds: +(setupMs / 1000).toFixed(1),
        silos: S, clustering: options.cluster ? 'azure (Azurite), storage azure' : 'localhost, storage memory',
        note: 'client (Node) and silo(s) share this machine',
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
      // All silos together, CPU seconds per 1,000 participants: per phase and the four phases summed.
      siloCpuPer1000: {
        ...Object.fromEntries(phaseNames.map((p) => [p, +((cpu[p]?.silo ?? 0) / (N / 1000)).toFixed(3)])),
        total: +(siloCpuTotal / (N / 1000)).toFixed(3),
      },
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
        rssBeforeMiB: mib(total(rssBefore)), rssConnectedMiB: mib(total(rssConnected)),
        rssJoinedMiB: mib(total(rssJoined)), rssEndMiB: mib(total(rssEnd)),
        rssPerParticipantKiB: +((total(rssJoined) - total(rssBefore)) / N / 1024).toFixed(1),
        gcHeapBeforeMiB: gcHeapBefore != null ? mib(gcHeapBefore) : null,
        gcHeapJoinedMiB: gcHeapJoined != null ? mib(gcHeapJoined) : null,
        gcHeapPerParticipantKiB: gcHeapBefore != null && gcHeapJoined != null ? +((gcHeapJoined - gcHeapBefore) / N / 1024).toFixed(1) : null,
        activationsBefore: healthBefore.every((h) => h) ? total(healthBefore.map((h) => h.activations ?? 0)) : null,
        activationsJoined: healthJoined.every((h) => h) ? total(healthJoined.map((h) => h.activations ?? 0)) : null,
      },
      ...(S > 1 ? {
        silos: silos.map((s, i) => ({
          baseUrl: s.baseUrl, pid: s.pid, address: s.address, participants: all.filter((p) => p.silo === i).length,
          rssBeforeMiB: mib(rssBefore[i]), rssJoinedMiB: mib(rssJoined[i]), rssEndMiB: mib(rssEnd[i]),
          cpuSeconds: Object.fromEntries(phaseNames.map((p) => [p, cpu[p]?.silos?.[i] ?? null])),
          gcPauseMs: Object.fromEntries(phaseNames.map((p) => [p, gc[p]?.silos?.[i] ?? null])),
          activationsJoined: healthJoined[i]?.activations ?? null,
        })),
      } : {}),
      ...(placement ? { roomPlacement: placement } : {}),
      targets: {},
      firstErrors: failures.slice(0, 10),
      firstMissing: [...merge(publish, 'missing'), ...merge(chat, 'missing')].slice(0, 20),
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

    if (!ok) {
      // The silos' warnings (the log level is Warning) often say why, e.g. a gateway registration that expired.
      for (const [i, s] of silos.entries()) {
        const lines = s.output.split('\n').filter((line) => line.trim()).slice(-30);
        if (lines.length) console.error(`silo ${i} (${s.baseUrl}) output, last ${lines.length} lines:\n${lines.join('\n')}`);
      }
    }
    clearTimeout(hardCap); // the results are out: stopping the silos is not part of the run
    for (const w of workers) await w.terminate();
    await cluster.stop();
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`load: ${e.stack ?? e}`);
    for (const w of workers) await w.terminate();
    await cluster?.stop().catch(() => {});
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
    `${run.silos} silo${run.silos > 1 ? 's' : ''} (${run.clustering}); load average at the end ${run.loadavg.join(' ')}`,
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
    `CPU seconds used (silo${run.silos > 1 ? 's' : ''} / client): ${['connect', 'join', 'publish', 'chat'].map((p) => `${p} ${r.cpuSeconds[p]?.silo} / ${r.cpuSeconds[p]?.client}`).join(', ')}`,
    ...(r.cpuSeconds.chat?.azurite != null ? [`Azurite (storage and membership) CPU seconds: ${['connect', 'join', 'publish', 'chat'].map((p) => `${p} ${r.cpuSeconds[p]?.azurite}`).join(', ')}`] : []),
    `silo CPU seconds per 1,000 participants: ${['connect', 'join', 'publish', 'chat', 'total'].map((p) => `${p} ${r.siloCpuPer1000[p]}`).join(', ')}`,
    ...(r.silos ?? []).map((s, i) => `silo ${i} (${s.baseUrl}, ${s.participants} participants, ${s.activationsJoined} activations joined): CPU s ` +
      `${Object.entries(s.cpuSeconds).map(([p, v]) => `${p} ${v}`).join(', ')}; GC pause ms ${Object.entries(s.gcPauseMs).map(([p, v]) => `${p} ${v}`).join(', ')}; ` +
      `RSS before / joined / end ${s.rssBeforeMiB} / ${s.rssJoinedMiB} / ${s.rssEndMiB} MiB`),
    ...(r.roomPlacement ? [`rooms per silo after the join phase (GET /v1/groups/{gid}/room, ${r.roomPlacement.sampled} rooms): ${r.roomPlacement.perSilo.map((n, i) => `silo ${i}: ${n}`).join(', ')}${r.roomPlacement.unknown ? `, unknown ${r.roomPlacement.unknown}` : ''}`] : []),
    `counts: connected ${c.connected}/${run.participants}, joined ${c.joined}, OnPublisher ${c.publisherEventsDelivered}/${c.publisherEventsExpected}, ` +
      `messages ${c.messagesSent}, deliveries ${c.deliveriesReceived}/${c.deliveriesExpected} (missing ${c.deliveriesMissing}, duplicates ${c.duplicates}, stray ${c.stray}), ` +
      `unexpected closes ${c.unexpectedCloses}, errors ${c.errors}`,
    ...r.firstErrors.map((e) => `  error: ${e}`),
    ...(r.firstMissing ?? []).map((e) => `  missing: ${e}`),
    r.ok ? 'result: OK' : 'result: FAILED (errors or missing deliveries)',
  ];
  return lines.join('\n');
}

/**
 * `--client dotnet`: the same run driven by Convene.Client's ConferenceClient in its own .NET process
 * (bench/Convene.Load, built with `dotnet build bench/Convene.Load -c Release`), so the generator's GC is not Node's.
 * The other arguments go to it unchanged; its exit code is this one's.
 */
async function runDotnetClient(argv) {
  const dll = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../Convene.Load/bin/Release/net10.0/Convene.Load.dll');
  if (!existsSync(dll)) { console.error('load: bench/Convene.Load is not built: run `dotnet build bench/Convene.Load -c Release`'); return 2; }
  const child = spawn('dotnet', [dll, ...argv], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 2))));
}

if (isMainThread) {
  const clientAt = process.argv.indexOf('--client');
  const client = clientAt >= 0 ? process.argv[clientAt + 1] : 'node';
  if (client === 'dotnet') {
    process.exitCode = await runDotnetClient(process.argv.slice(2).filter((_, i) => i !== clientAt - 2 && i !== clientAt - 1));
  } else if (client !== 'node') {
    console.error('load: --client is node (default) or dotnet');
    process.exitCode = 2;
  } else {
    if (clientAt >= 0) process.argv.splice(clientAt, 2);
    process.exitCode = await mainThread().catch((e) => { console.error(`load: ${e.message}`); return 2; });
  }
} else {
  await workerMain();
}
