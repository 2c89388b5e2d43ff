/**
 * Browse latency under load: the api as its own process on the seeded 100,000-needs x
 * 10,000-organizations database, and 50 concurrent clients in this process sending the web
 * app's own queries (read from apps/web/src/** /*.graphql, fragments and all) over keep-alive
 * HTTP: the need list with domain + district + near filters, a need's page, an organization's
 * page, the hall screen's fair with its stats. Prints p50/p95/p99 per query and overall, the
 * errors, and the targets (p95 <= 50 ms, p99 <= 150 ms, no error).
 *
 *   npm run bench:api -- [--clients 50] [--seconds 20] [--warmup 3] [--think-ms 0] [--apis 1] [--only Needs] [--db marketplace_bench] [--reseed]
 *
 * --think-ms: each client's pause after an answer (0: the next request at once, the server saturated).
 * --apis: api processes, the clients spread over them in turn (a load balancer's round robin).
 * --only: send only this operation of the mix (Needs, Need, Organization or ScreenFair), to see its own cost.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npm run bench:api
 *
 * DATABASE_URL names the server; the data lives in its own database (--db, default
 * marketplace_bench), seeded once by `npm run seed -- --needs 100000 --organizations 10000
 * --seed 42` when it holds no needs (--reseed: drop and seed again) and kept for the next run.
 * Clients sign in as the seed's demo accounts (organizer, communities, organizations) or
 * browse anonymously, one in four each. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"
 * profiles the api under the load.
 */
import { NANJING_DISTRICTS, SERVICE_DOMAINS } from '@app/reference-data';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print, visit } from 'graphql';
import { Client } from 'pg';

const TARGET_P95_MS = 50;
const TARGET_P99_MS = 150;
const SEED_ARGS = ['--needs', '100000', '--organizations', '10000', '--seed', '42'];
const DEMO_PASSWORD = 'nanjing-demo-2026';
const DEMO_ACCOUNTS = ['organizer@demo.nj', 'community1@demo.nj', 'community2@demo.nj', 'org1@demo.nj', 'org2@demo.nj', 'org3@demo.nj'];
const DOMAINS = SERVICE_DOMAINS;

interface Options {
  clients: number;
  seconds: number;
  warmup: number;
  db: string;
  reseed: boolean;
  thinkMs: number;
  /** Api processes, the clients spread over them in turn (as a load balancer would). */
  apis: number;
  /** One operation of the mix alone (its name), or null for the whole mix. */
  only: string | null;
}

function options(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  const dbAt = argv.indexOf('--db');
  const db = dbAt >= 0 ? argv[dbAt + 1] : 'marketplace_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(db) || /test/.test(db)) throw new Error(`--db must be a plain database name, not a tests' one: ${db}`);
  return {
    clients: get('clients', 50),
    seconds: get('seconds', 20),
    warmup: get('warmup', 3),
    db,
    reseed: argv.includes('--reseed'),
    thinkMs: get('think-ms', 0),
    apis: Math.max(1, Math.floor(get('apis', 1))),
    only: argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null,
  };
}

// ---- the web app's operations ----

/** Every .graphql file of the web app, parsed: operations by name, fragments by name. */
function webOperations(): { operations: Map<string, OperationDefinitionNode>; fragments: Map<string, FragmentDefinitionNode> } {
  const root = resolve(__dirname, '..', __filename.endsWith('.js') ? '..' : '', 'apps', 'web', 'src');
  const operations = new Map<string, OperationDefinitionNode>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.graphql')) {
        for (const def of parse(readFileSync(path, 'utf8')).definitions) {
          if (def.kind === Kind.OPERATION_DEFINITION && def.name) operations.set(def.name.value, def);
          if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
        }
      }
    }
  };
  walk(root);
  return { operations, fragments };
}

/** The operation's text as the web app sends it: the operation and the fragments it spreads, transitively. */
function documentOf(name: string, web: ReturnType<typeof webOperations>): string {
  const operation = web.operations.get(name);
  if (!operation) throw new Error(`the web app has no operation ${name}`);
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = web.fragments.get(spread.name.value);
        if (!fragment) throw new Error(`fragment ${spread.name.value} not found`);
        if (!used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] };
  return print(document);
}

// ---- the api process ----

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

function builtScript(...parts: string[]): string {
  return resolve(__dirname, '..', __filename.endsWith('.js') ? '..' : '', 'dist', ...parts);
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the api exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('the api did not become healthy in time');
}

/** Creates and seeds the benchmark's database when it holds no needs (or --reseed). */
async function ensureDatabase(serverUrl: string, db: string, reseed: boolean): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    if (reseed) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${db}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  let needs = 0;
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'service_needs'`);
    if (rows[0].n) needs = (await client.query('SELECT count(*)::int AS n FROM service_needs')).rows[0].n;
  } finally {
    await client.end();
  }
  if (needs === 0) {
    console.log(`seeding ${db}: npm run seed -- ${SEED_ARGS.join(' ')}`);
    const seeded = spawnSync(process.execPath, [builtScript('scripts', 'seed.js'), ...SEED_ARGS], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: 'inherit',
    });
    if (seeded.status !== 0) throw new Error(`seeding ${db} failed`);
  }
  return url.toString();
}

// ---- the load ----

/** The sign-ins' socket; each client has its own. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One POST /graphql on the client's own keep-alive socket; the error, if any, as text. */
function post(port: number, body: string, token: string | null, socketAgent: Agent): Promise<{ ms: number; error: string | null; data: unknown }> {
  const start = performance.now();
  return new Promise((resolvePost) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: socketAgent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - start;
          let parsed: { data?: unknown; errors?: Array<{ message: string }> };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            resolvePost({ ms, error: `HTTP ${res.statusCode}: not JSON`, data: null });
            return;
          }
          const error = res.statusCode !== 200 ? `HTTP ${res.statusCode}` : parsed.errors?.length ? parsed.errors[0].message : null;
          resolvePost({ ms, error, data: parsed.data });
        });
      },
    );
    req.on('error', (e) => resolvePost({ ms: performance.now() - start, error: e.message, data: null }));
    req.end(body);
  });
}

interface Sample {
  needIds: string[];
  organizationIds: string[];
  fairId: string;
}

async function sampleIds(url: string): Promise<Sample> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const needs = await client.query(`SELECT id FROM service_needs WHERE status = 'PUBLISHED' ORDER BY md5(id::text) LIMIT 5000`);
    const orgs = await client.query(`SELECT id FROM organizations ORDER BY md5(id::text) LIMIT 2000`);
    const fair = await client.query(`SELECT id FROM fairs WHERE status = 'OPEN' ORDER BY created_at LIMIT 1`);
    return { needIds: needs.rows.map((r) => r.id), organizationIds: orgs.rows.map((r) => r.id), fairId: fair.rows[0].id };
  } finally {
    await client.end();
  }
}

/** A deterministic generator, so two runs send the same requests. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Mix {
  name: string;
  share: number;
  operation: string;
  variables: (rnd: () => number, sample: Sample) => Record<string, unknown>;
}

/** What a browsing crowd sends: mostly lists and pages, the hall screens' fair figures throughout. */
const MIX: Mix[] = [
  {
    name: 'needs (domain+district+near)',
    share: 0.4,
    operation: 'Needs',
    variables: (rnd) => {
      const district = NANJING_DISTRICTS[Math.floor(rnd() * NANJING_DISTRICTS.length)];
      const domains = [DOMAINS[Math.floor(rnd() * DOMAINS.length)], ...(rnd() < 0.3 ? [DOMAINS[Math.floor(rnd() * DOMAINS.length)]] : [])];
      return {
        filter: {
          statuses: ['PUBLISHED', 'MATCHED', 'CONTRACTED'],
          domains: [...new Set(domains)],
          district: district.name,
          near: { point: { lat: district.lat, lng: district.lng }, radiusKm: 2 + Math.floor(rnd() * 9) },
        },
        first: 20,
        after: null,
      };
    },
  },
  { name: "need's page", share: 0.25, operation: 'Need', variables: (rnd, s) => ({ id: s.needIds[Math.floor(rnd() * s.needIds.length)] }) },
  {
    name: "organization's page",
    share: 0.15,
    operation: 'Organization',
    variables: (rnd, s) => ({ id: s.organizationIds[Math.floor(rnd() * s.organizationIds.length)] }),
  },
  { name: 'fair stats (screen)', share: 0.2, operation: 'ScreenFair', variables: (_rnd, s) => ({ id: s.fairId }) },
];

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second)
  } catch {
    return null;
  }
}

/** CPU seconds of the PostgreSQL backends serving the benchmark's database, summed (backends that left are not counted). */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return new Map(rows.map((r) => [r.pid as number, cpuSeconds(r.pid) ?? 0]));
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL must name a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  const url = await ensureDatabase(serverUrl, opts.db, opts.reseed);
  const web = webOperations();
  const mixes = opts.only ? MIX.filter((m) => m.operation === opts.only).map((m) => ({ ...m, share: 1 })) : MIX;
  if (mixes.length === 0) throw new Error(`--only must name an operation of the mix: ${MIX.map((m) => m.operation).join(', ')}`);
  const documents = new Map(mixes.map((m) => [m.operation, documentOf(m.operation, web)]));
  const sample = await sampleIds(url);

  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const jwtSecret = process.env.JWT_SECRET ?? randomBytes(32).toString('hex'); // one secret: a token from one api works on the others
  const ports: number[] = [];
  const apis: ChildProcess[] = [];
  for (let a = 0; a < opts.apis; a++) {
    const port = await freePort();
    ports.push(port);
    apis.push(
      spawn(process.execPath, [...nodeArgs, builtScript('apps', 'api', 'src', 'main.js')], {
        // As deployed (docker/Dockerfile): NODE_ENV=production, which also drops graphql-js's development-only checks.
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: String(port),
          JWT_SECRET: jwtSecret,
          NODE_ENV: process.env.BENCH_API_NODE_ENV ?? 'production',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
  }
  const port = ports[0];
  try {
    await Promise.all(ports.map((p, a) => waitForHealth(`http://127.0.0.1:${p}`, apis[a])));
    const tokens: Array<string | null> = [];
    for (const email of DEMO_ACCOUNTS) {
      const login = await post(port, JSON.stringify({ query: documentOf('Login', web), variables: { email, password: DEMO_PASSWORD } }), null, agent);
      if (login.error) throw new Error(`login ${email}: ${login.error}`);
      tokens.push((login.data as { login: { token: string } }).login.token);
    }
    tokens.push(null, null); // anonymous visitors: one in four

    const byName = new Map(mixes.map((m) => [m.name, [] as number[]]));
    const errors = new Map<string, number>();
    const errorSamples: string[] = [];
    let measuring = false;
    let stop = false;
    const client = async (i: number) => {
      const rnd = random(1000 + i);
      const token = tokens[i % tokens.length];
      const socket = new Agent({ keepAlive: true, maxSockets: 1 });
      while (!stop) {
        let pick = rnd();
        const mix = mixes.find((m) => (pick -= m.share) < 0) ?? mixes[mixes.length - 1];
        const body = JSON.stringify({ operationName: mix.operation, query: documents.get(mix.operation), variables: mix.variables(rnd, sample) });
        const res = await post(ports[i % ports.length], body, token, socket);
        if (opts.thinkMs) await new Promise((r) => setTimeout(r, opts.thinkMs));
        if (!measuring) continue;
        byName.get(mix.name)!.push(res.ms);
        if (res.error) {
          errors.set(mix.name, (errors.get(mix.name) ?? 0) + 1);
          if (errorSamples.length < 5) errorSamples.push(`${mix.name}: ${res.error}`);
        }
      }
      socket.destroy();
    };
    const clients = Array.from({ length: opts.clients }, (_, i) => client(i));
    await new Promise((r) => setTimeout(r, opts.warmup * 1000));
    measuring = true;
    const cpuStart = process.cpuUsage();
    const apisCpu = (): number | null => {
      let sum = 0;
      for (const api of apis) {
        const seconds = cpuSeconds(api.pid!);
        if (seconds === null) return null;
        sum += seconds;
      }
      return sum;
    };
    const apiCpuStart = apisCpu();
    const pgCpuStart = await backendCpu(url);
    const load: number[] = [];
    const loadTimer = setInterval(() => load.push(loadavg()[0]), 1000);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(loadTimer);
    const clientCpu = process.cpuUsage(cpuStart);
    const apiCpu = apiCpuStart === null ? null : apisCpu()! - apiCpuStart;
    const pgCpuEnd = await backendCpu(url);
    const pgCpu = [...pgCpuEnd].reduce((sum, [pid, s]) => sum + s - (pgCpuStart.get(pid) ?? 0), 0);
    stop = true;
    await Promise.all(clients);

    const rows: Record<string, string | number>[] = [];
    const all: number[] = [];
    for (const m of mixes) {
      const times = byName.get(m.name)!.sort((a, b) => a - b);
      all.push(...times);
      rows.push({
        query: `${m.name} [${m.operation}]`,
        requests: times.length,
        'req/s': Math.round(times.length / elapsed),
        'p50 ms': percentile(times, 50).toFixed(1),
        'p95 ms': percentile(times, 95).toFixed(1),
        'p99 ms': percentile(times, 99).toFixed(1),
        'max ms': percentile(times, 100).toFixed(1),
        errors: errors.get(m.name) ?? 0,
      });
    }
    all.sort((a, b) => a - b);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    const [p50, p95, p99] = [percentile(all, 50), percentile(all, 95), percentile(all, 99)];
    rows.push({
      query: 'all',
      requests: all.length,
      'req/s': Math.round(all.length / elapsed),
      'p50 ms': p50.toFixed(1),
      'p95 ms': p95.toFixed(1),
      'p99 ms': p99.toFixed(1),
      'max ms': percentile(all, 100).toFixed(1),
      errors: errorCount,
    });
    console.log(
      `\nBrowse under load: ${opts.clients} clients (pause ${opts.thinkMs} ms between requests) over ${opts.apis} api process(es) for ${opts.seconds} s (after ${opts.warmup} s warm-up), database ${opts.db}`,
    );
    console.table(rows);
    const meanLoad = load.reduce((a, b) => a + b, 0) / Math.max(1, load.length);
    console.log(
      `machine: 1-min load average ${meanLoad.toFixed(1)} during the run (2 cores shared with the clients in this process: ${((clientCpu.user + clientCpu.system) / 1e6 / elapsed).toFixed(2)} cores)`,
    );
    // What the load costs whatever else the machine runs: CPU per request of the api and of its PostgreSQL backends.
    if (apiCpu !== null) {
      console.log(
        `cost per request: api ${((1000 * apiCpu) / all.length).toFixed(1)} ms CPU (${(apiCpu / elapsed).toFixed(2)} cores over ${opts.apis} process(es)), ` +
          `PostgreSQL ${((1000 * pgCpu) / all.length).toFixed(1)} ms CPU (${(pgCpu / elapsed).toFixed(2)} cores)`,
      );
      // The bound that CPU sets: each api process runs its JavaScript on one core, and the api, PostgreSQL
      // and the clients share the machine's cores; clients that never pause each wait clients / throughput.
      const cores = availableParallelism();
      const perRequest = (apiCpu + pgCpu + (clientCpu.user + clientCpu.system) / 1e6) / all.length;
      const ceiling = Math.min(cores / perRequest, opts.apis / (apiCpu / all.length));
      const wait = (1000 * opts.clients) / ceiling;
      const meanForP95 = 0.7 * TARGET_P95_MS; // p95 ran about 1.4x the mean in these runs
      console.log(
        `ceiling at this cost: ${Math.round(ceiling)} requests/s (${cores} cores, ${(1000 * perRequest).toFixed(1)} ms CPU per request in all, ` +
          `${opts.apis} api process(es) at one core each), so ${opts.clients} clients that never pause wait >= ${wait.toFixed(0)} ms each; ` +
          `a p95 of ${TARGET_P95_MS} ms needs a mean wait near ${meanForP95} ms: about ${Math.round((1000 * opts.clients) / meanForP95)} requests/s`,
      );
    }
    const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
    console.log(
      `targets: p95 ${p95.toFixed(1)} <= ${TARGET_P95_MS} ms ${verdict(p95 <= TARGET_P95_MS)}; p99 ${p99.toFixed(1)} <= ${TARGET_P99_MS} ms ${verdict(p99 <= TARGET_P99_MS)}; errors ${errorCount} ${verdict(errorCount === 0)}`,
    );
    for (const line of errorSamples) console.log(`  error: ${line}`);
  } finally {
    for (const api of apis) api.kill('SIGTERM');
    await Promise.all(apis.map((api) => Promise.race([once(api, 'exit'), new Promise((r) => setTimeout(r, 10_000))])));
  }
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
