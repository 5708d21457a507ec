// Starts a real Convene silo process for end-to-end tests and talks to its backend API.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = process.env.CONVENE_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A free TCP port on loopback, below the kernel's ephemeral range (32768–60999 here): a port the kernel hands out
 * for outgoing connections (browsers, clients, Azurite's) could be taken between this check and the silo's bind.
 */
export async function freePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canBind(port)) return port;
  }
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canBind(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function siloDll() {
  for (const config of ['Release', 'Debug']) {
    const dll = path.join(root, 'src/Silo/Convene.Silo/bin', config, 'net10.0/Convene.Silo.dll');
    if (existsSync(dll)) return dll;
  }
  throw new Error('Convene.Silo is not built: run `dotnet build Orleans.sln -c Release` (test.sh does).');
}

/**
 * Starts a silo on a free port with its own data directory and app token.
 * @param {{storage?: 'memory'|'sqlite', dataDir?: string, env?: object}} options
 */
export async function startSilo(options = {}) {
  const port = options.port ?? await freePort();
  const mediaPort = options.mediaPort ?? await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'convene-e2e-'));
  const appToken = options.appToken ?? randomBytes(24).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [siloDll(), '--urls', baseUrl], {
    cwd: dataDir,
    env: {
      ...process.env,
      Convene__AppToken: appToken,
      Convene__DataDirectory: dataDir,
      Convene__Storage: options.storage ?? 'memory',
      Convene__Media__Port: String(mediaPort),
      Logging__LogLevel__Default: 'Warning',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const startTimeoutMs = options.startTimeoutMs ?? 30000;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`silo exited with ${child.exitCode} before it was healthy:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`silo was not healthy within ${startTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const silo = {
    baseUrl, appToken, dataDir, port, mediaPort,
    /** The silo process id (for reading its memory from /proc). */
    pid: child.pid,
    get output() { return output; },
    /** POST /api with an operation body; resolves with the parsed JSON (throws on non-2xx unless allowed). */
    async api(body, { allowError = false } = {}) {
      const res = await fetch(`${baseUrl}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` },
        body: JSON.stringify({ token: appToken, ...body }),
      });
      const json = await res.json();
      if (!res.ok && !allowError) throw new Error(`${body.op} failed (${res.status}): ${JSON.stringify(json)}`);
      return json;
    },
    /** Creates (or regenerates) a user; resolves with its access token. */
    async user(address, name) {
      const r = await silo.api({ op: 'useradd', user: { address, name: name ?? address } });
      return r.user.token;
    },
    /**
     * Creates a group (spec groupadd fields, e.g. { flags: 0x100 }); resolves with its gid.
     * Then add members with `members(gid, addresses, permissions)`.
     */
    async group(name, fields = {}) {
      const r = await silo.api({ op: 'groupadd', group: { name, flags: 0, ...fields } });
      return r.group.gid;
    },
    /** Adds members (groupeditmembers) with member permissions such as { pub: false }. */
    async members(gid, addresses, permissions = {}) {
      await silo.api({ op: 'groupeditmembers', group: { gid, members: { m: addresses.join(','), permissions } } });
    },
    /** Whether the process is still running. */
    get running() { return child.exitCode === null && child.signalCode === null; },
    /** Kills the process at once (SIGKILL: no graceful shutdown, like a crashed machine) and waits for it. */
    async kill() {
      if (silo.running) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    /** GET a backend API path (e.g. /v1/groups/1/room) with the app token; resolves with { status, json }. */
    async get(pathAndQuery) {
      const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${appToken}` } });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { json = { text }; }
      return { status: res.status, json };
    },
    /** Stops the silo gracefully (SIGTERM) and waits for it. */
    async stop({ keepData = false } = {}) {
      if (silo.running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return silo;
}

/** Awaits `predicate()` becoming truthy, or fails naming what was expected and what was last seen. */
export async function until(predicate, expected, { timeoutMs = 10000, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`expected ${expected} within ${timeoutMs} ms; found ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
