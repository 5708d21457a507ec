// Several real silo processes forming one Orleans cluster (Azure Table or PostgreSQL membership), for the
// cluster tests: each silo has its own HTTP port, silo and gateway TCP ports and UDP media port; all share the
// app token, the cluster id and the stores.
import { randomBytes } from 'node:crypto';
import { startSilo, freePort, until } from './server.mjs';

/** Membership settings the cluster tests use (Convene:Cluster:*; the silo's defaults, spelled out). */
export const MEMBERSHIP = { ProbeTimeout: '00:00:02', MissedProbesLimit: '2', VotesForDeathDeclaration: '2' };

/**
 * The stores for `provider` ('azure' | 'postgres'), from the variables tests/services.sh exports; null when
 * they are not set (the caller fails with a clear message: the test must not silently pass).
 */
export function clusterStoreEnv(provider, runId) {
  if (provider === 'azure') {
    const cs = process.env.CONVENE_TEST_AZURE;
    if (!cs) return null;
    return {
      Convene__Cluster__Provider: 'azure',
      Convene__Storage: 'azure',
      Convene__AzureStorage__ConnectionString: cs,
      // A container of its own per run (lower case letters, digits and dashes).
      Convene__AzureStorage__Container: `convene-${runId}`,
    };
  }
  if (provider === 'postgres') {
    const cs = process.env.CONVENE_TEST_POSTGRES;
    if (!cs) return null;
    return {
      Convene__Cluster__Provider: 'postgres',
      Convene__Storage: 'postgres',
      Convene__Postgres__ConnectionString: cs,
    };
  }
  throw new Error(`unknown provider ${provider}`);
}

/** GET /health of a silo, or null when it does not answer. */
export async function health(silo) {
  try {
    const res = await fetch(`${silo.baseUrl}/health`, { signal: AbortSignal.timeout(3000) });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/**
 * Starts `count` silos of one cluster on `provider` and waits until each sees all of them. If one fails to
 * start, the others are stopped and the error carries every silo's log.
 */
export async function startCluster(provider, { count = 3, startTimeoutMs = 60000 } = {}) {
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const stores = clusterStoreEnv(provider, runId);
  if (!stores) {
    throw new Error(`the ${provider} cluster test needs ${provider === 'azure' ? 'CONVENE_TEST_AZURE' : 'CONVENE_TEST_POSTGRES'} `
      + '(run it through ./test.sh, which starts the stores with tests/services.sh)');
  }
  const appToken = randomBytes(24).toString('hex');
  const clusterId = `e2e-${provider}-${runId}`;
  const cluster = {
    provider, clusterId, runId, appToken, silos: [],
    /** Every silo's log, for failure messages. */
    logs() {
      return cluster.silos.filter(Boolean).map((s, i) => `----- silo started ${i + 1}: ${s.address ?? '?'} (${s.baseUrl}, media udp ${s.mediaPort}${s.running ? '' : ', not running'}) -----\n${s.output}`).join('\n');
    },
    async stop() {
      await Promise.all(cluster.silos.filter(Boolean).map((s) => s.stop().catch(() => s.kill())));
    },
  };
  // HTTP ports chosen up front: each gateway allows the pages of the others (the SDK moves between them).
  const httpPorts = [];
  for (let i = 0; i < count; i++) httpPorts.push(await freePort());
  const origins = httpPorts.map((p) => `http://127.0.0.1:${p}`).join(',');
  const startOne = async (index) => {
    const siloPort = await freePort();
    const gatewayPort = await freePort();
    const silo = await startSilo({
      port: httpPorts[index],
      appToken,
      storage: stores.Convene__Storage,
      startTimeoutMs,
      env: {
        ...stores,
        Convene__Cluster__ClusterId: clusterId,
        Convene__Cluster__ServiceId: `convene-e2e-${runId}`,
        Convene__Cluster__SiloPort: String(siloPort),
        Convene__Cluster__GatewayPort: String(gatewayPort),
        Convene__Cluster__AdvertisedAddress: '127.0.0.1',
        Convene__Hub__AllowedOrigins: origins,
        ...Object.fromEntries(Object.entries(MEMBERSHIP).map(([k, v]) => [`Convene__Cluster__${k}`, v])),
        // What membership, the gateways and the rooms do, for the logs printed on failure.
        Logging__LogLevel__Convene: 'Information',
        'Logging__LogLevel__Orleans.Runtime.MembershipService': 'Information',
      },
    });
    silo.siloPort = siloPort;
    silo.gatewayPort = gatewayPort;
    cluster.silos[index] = silo;
    return silo;
  };
  try {
    // The first silo creates the membership table; the others join it (in parallel: 2 cores are enough).
    await startOne(0);
    const rest = await Promise.allSettled(Array.from({ length: count - 1 }, (_, i) => startOne(i + 1)));
    const failed = rest.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await waitForSilos(cluster, cluster.silos, count, 60000);
    for (const silo of cluster.silos) silo.address = (await health(silo)).silo;
  } catch (e) {
    e.message += `\n${cluster.logs()}`;
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/** Waits until every silo in `silos` answers /health with cluster.silos === `expected`. */
export async function waitForSilos(cluster, silos, expected, timeoutMs) {
  let seen = [];
  await until(async () => {
    seen = await Promise.all(silos.map(health));
    return seen.every((h) => h?.cluster?.silos === expected);
  }, `every silo's /health to show cluster.silos == ${expected}`, {
    timeoutMs,
    describe: () => JSON.stringify(seen.map((h) => h && { silo: h.silo, cluster: h.cluster })),
  });
}

/** The silo room `gid` is active on, as /v1/groups/{gid}/room names it (asking `via`). */
export async function roomSilo(via, gid) {
  const { status, json } = await via.get(`/v1/groups/${gid}/room`);
  if (status !== 200) throw new Error(`GET /v1/groups/${gid}/room on ${via.baseUrl} answered ${status}: ${JSON.stringify(json)}`);
  return json.room;
}
