/**
 * Live delivery benchmark: N graphql-ws subscribers on one session while bids arrive at
 * a steady rate from distinct organizations; prints the delivery latency (the event's
 * `at`, set by the publisher right after the bid's commit, to the moment the subscriber
 * has the message) and the events lost (expected per subscriber minus received).
 *
 *   npm run bench:live -- [--subscribers 500] [--rate 50] [--seconds 20] [--per-socket 1] [--org-share 0.2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node -r tsconfig-paths/register scripts/bench-live.ts
 *
 * DATABASE_URL names the server: a database `bench_live_<time>` is created on it and
 * dropped afterwards. The api runs as its own process (spawned, as in production), so the
 * subscribers' work in this process does not slow the server down. Without REDIS_URL the
 * live events travel over PostgreSQL LISTEN/NOTIFY, as in the embedded mode.
 *
 * Subscribers: `--org-share` of them are bidding organizations (each may see only its own
 * bid: the filter drops every other one, which is the expensive path), the rest are the
 * organizers' screens and the needs' community (they see every bid). `--per-socket k`
 * multiplexes k subscriptions on one socket (graphql-ws allows it): N/k sockets.
 */
import 'reflect-metadata';
import { AppConfigModule, EventsModule, LiveEvents, Role, SessionEventType } from '@app/core';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client as WsClient, createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { bulkInsert } from './support/bulk-insert';

/** Just the live-event publisher, configured from the environment like the api and the worker. */
@Module({ imports: [AppConfigModule, EventsModule] })
class ProbeModule {}

interface Options { subscribers: number; rate: number; seconds: number; perSocket: number; orgShare: number; needs: number }

function options(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  return { subscribers: get('subscribers', 500), rate: get('rate', 50), seconds: get('seconds', 20), perSocket: Math.max(1, get('per-socket', 1)), orgShare: get('org-share', 0.2), needs: get('needs', 50) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

/** The api as its own process: the built one when this script runs from dist, else through ts-node. */
function startApi(env: NodeJS.ProcessEnv): ChildProcess {
  const built = __filename.endsWith('.js');
  const root = resolve(__dirname, '..', built ? '..' : '');
  const args = built
    ? [join(root, 'dist', 'apps', 'api', 'src', 'main.js')]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(root, 'apps', 'api', 'src', 'main.ts')];
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the api under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
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
    await sleep(300);
  }
  throw new Error('the api did not become healthy in time');
}

interface Seed { fairId: string; sessionId: string; communityId: string; needIds: string[]; organizationIds: string[] }

/** One fair, one community with `needs` published needs on one OPEN session, and one eligible organization per bid. */
async function seed(db: Client, needs: number, organizations: number): Promise<Seed> {
  const fairId = randomUUID();
  const sessionId = randomUUID();
  const communityId = randomUUID();
  await db.query(`INSERT INTO fairs (id, name, city, starts_on, ends_on, status) VALUES ($1, '社洽会 live benchmark', '南京', '2026-11-20', '2026-11-22', 'OPEN')`, [fairId]);
  await db.query(`INSERT INTO communities (id, name, district, street, lat, lng) VALUES ($1, '锁金村社区', '玄武区', '锁金村街道', 32.0756, 118.8103)`, [communityId]);
  const needIds = Array.from({ length: needs }, () => randomUUID());
  await bulkInsert(db, 'service_needs',
    [['id', 'uuid'], ['community_id', 'uuid'], ['district', 'text'], ['title', 'text'], ['description', 'text'], ['domain', 'service_domain'], ['beneficiaries', 'int'],
      ['budget_fen', 'bigint'], ['funding_source', 'funding_source'], ['min_grade', 'evaluation_grade'], ['starts_on', 'date'], ['ends_on', 'date'], ['lat', 'float8'], ['lng', 'float8'], ['status', 'need_status'], ['fair_id', 'uuid']],
    needIds.map((id, i) => [id, communityId, '玄武区', `居家养老助餐服务 ${i + 1}`, '为高龄独居老人助餐', 'ELDERLY_CARE', 100, 10_000_000, 'WELFARE_LOTTERY', 'UNRATED', '2027-01-01', '2027-12-31', 32.0756, 118.8103, 'PUBLISHED', fairId]));
  await db.query(`INSERT INTO match_sessions (id, fair_id, title, zone, status, bid_deadline) VALUES ($1, $2, '玄武区项目对接专场', 'DISTRICT_PROJECTS', 'OPEN', now() + interval '2 hours')`, [sessionId, fairId]);
  await db.query('INSERT INTO session_needs (session_id, need_id) SELECT $1, unnest($2::uuid[])', [sessionId, needIds]);
  const organizationIds = Array.from({ length: organizations }, () => randomUUID());
  await bulkInsert(db, 'organizations',
    [['id', 'uuid'], ['name', 'text'], ['credit_code', 'text'], ['form', 'organization_form'], ['grade', 'evaluation_grade'], ['district', 'text'], ['lat', 'float8'], ['lng', 'float8'],
      ['service_radius_km', 'float8'], ['certified_social_workers', 'int'], ['staff_count', 'int'], ['max_concurrent_projects', 'int']],
    organizationIds.map((id, j) => [id, `社工服务中心 ${j + 1}`, `52320100${String(j).padStart(10, '0')}`, 'SOCIAL_SERVICE_AGENCY', 'A3', '玄武区', 32.06, 118.80, 30, 3, 12, 5]));
  await bulkInsert(db, 'service_offerings',
    [['organization_id', 'uuid'], ['domain', 'service_domain'], ['title', 'text'], ['description', 'text'], ['price_min_fen', 'bigint'], ['price_max_fen', 'bigint'], ['annual_beneficiaries', 'int']],
    organizationIds.map((id) => [id, 'ELDERLY_CARE', '居家养老服务', '上门助餐助洁', 1_000_000, 9_000_000, 300]));
  return { fairId, sessionId, communityId, needIds, organizationIds };
}

const SUBSCRIPTION = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type at sessionId bid { id price } } }';

interface Subscriber {
  /** Bids this subscriber may read: all of them, or only its own organization's. */
  organizationId: string | null;
  received: Map<string, number>; // bid id -> latency ms
  probes: number;
  errors: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `bench_live_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const jwtSecret = randomBytes(32).toString('hex');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;

  let api: ChildProcess | null = null;
  const sockets: WsClient[] = [];
  let db: Client | null = null;
  let publisher: { close(): Promise<unknown> } | null = null;
  try {
    api = startApi({ ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, PORT: String(port), NODE_ENV: process.env.BENCH_API_NODE_ENV ?? 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    await waitForHealth(base, api);

    const bids = Math.round(opt.rate * opt.seconds);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const s = await seed(db, opt.needs, bids);
    const jwt = new JwtService({ secret: jwtSecret, signOptions: { expiresIn: '1h', algorithm: 'HS256' } });
    const token = (role: Role, cid: string | null, oid: string | null) => jwt.sign({ sub: randomUUID(), role, cid, oid });
    const organizerToken = token(Role.ORGANIZER, null, null);
    const communityToken = token(Role.COMMUNITY, s.communityId, null);
    const orgTokens = s.organizationIds.map((oid) => token(Role.ORGANIZATION, null, oid));

    // Subscribers: the first org-share are bidding organizations, the rest organizers' screens and the community.
    const orgSubscribers = Math.min(Math.round(opt.subscribers * opt.orgShare), s.organizationIds.length);
    const subscribers: Subscriber[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < opt.subscribers; i++) {
      const isOrg = i < orgSubscribers;
      subscribers.push({ organizationId: isOrg ? s.organizationIds[i] : null, received: new Map(), probes: 0, errors: 0 });
      tokens.push(isOrg ? orgTokens[i] : i % 5 === 0 ? communityToken : organizerToken);
    }

    // A socket carries the subscriptions of one principal, so multiplexing groups by token.
    const wsUrl = `ws://127.0.0.1:${port}/graphql`;
    const groups = new Map<string, number[]>();
    subscribers.forEach((_, i) => groups.set(tokens[i], [...(groups.get(tokens[i]) ?? []), i]));
    let connected = 0;
    for (const [tok, members] of groups) {
      for (let start = 0; start < members.length; start += opt.perSocket) {
        const socket = createClient({
          url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${tok}` },
          on: { connected: () => void connected++ },
        });
        sockets.push(socket);
        for (const index of members.slice(start, start + opt.perSocket)) {
          const sub = subscribers[index];
          socket.subscribe({ query: SUBSCRIPTION, variables: { id: s.sessionId } }, {
            next: (result) => {
              const now = Date.now();
              const event = (result.data as { sessionEvents?: { type: string; at: string; bid: { id: string } | null } } | undefined)?.sessionEvents;
              if (!event) return void sub.errors++;
              if (event.type === SessionEventType.SESSION_STATUS_CHANGED) return void sub.probes++;
              if (event.type === SessionEventType.BID_SUBMITTED && event.bid) sub.received.set(event.bid.id, now - Date.parse(event.at));
            },
            error: () => void sub.errors++,
            complete: () => undefined,
          });
        }
      }
    }
    const connectStart = Date.now();
    while (connected < sockets.length && Date.now() - connectStart < 60_000) await sleep(100);
    console.log(`${sockets.length} sockets connected, ${subscribers.length} subscriptions (${orgSubscribers} organizations, ${subscribers.length - orgSubscribers} organizers/community)`);

    // Probes published as any other process does (a Nest context with the product's EventsModule,
    // its own pub/sub connections) until every subscription is in place.
    Object.assign(process.env, { DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret });
    const events = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error', 'warn'] });
    publisher = { close: () => events.close() };
    const live = events.get(LiveEvents);
    const readyStart = Date.now();
    while (subscribers.some((x) => x.probes === 0)) {
      if (Date.now() - readyStart > 60_000) throw new Error(`${subscribers.filter((x) => x.probes === 0).length} subscriptions never became ready`);
      await live.session({ type: SessionEventType.SESSION_STATUS_CHANGED, sessionId: s.sessionId });
      await sleep(200);
    }
    console.log(`all subscriptions ready after ${Date.now() - readyStart} ms; sending ${bids} bids at ${opt.rate}/s`);

    // Bids at a steady rate, each from its own organization, fired on schedule without waiting for the previous one.
    const accepted = new Map<string, string>(); // bid id -> organization id
    let rejected = 0;
    const submitMs: number[] = [];
    const started = Date.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < bids; i++) {
      const due = started + (i * 1000) / opt.rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      inflight.push((async () => {
        const sentAt = Date.now();
        const response = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${orgTokens[i]}` },
          body: JSON.stringify({
            query: 'mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }',
            variables: { input: { needId: s.needIds[i % s.needIds.length], sessionId: s.sessionId, price: `${60000 + (i % 300)}.00`, plan: '每周五天上门助餐，配备持证社工两名' } },
          }),
        });
        const body = (await response.json()) as { data?: { submitBid?: { id: string } }; errors?: unknown[] };
        submitMs.push(Date.now() - sentAt);
        if (body.data?.submitBid) accepted.set(body.data.submitBid.id, s.organizationIds[i]);
        else rejected++;
      })());
    }
    await Promise.all(inflight);
    const sendMs = Date.now() - started;

    // Drain: wait until every subscriber has what it should, or nothing new arrived for 10 s
    // (a backlog still being delivered is late, not lost).
    const expected = (sub: Subscriber) => (sub.organizationId === null ? accepted.size : [...accepted.values()].filter((o) => o === sub.organizationId).length);
    const deliveredSoFar = () => subscribers.reduce((n, sub) => n + sub.received.size, 0);
    let lastCount = -1;
    let lastChange = Date.now();
    while (subscribers.some((sub) => sub.received.size < expected(sub)) && Date.now() - lastChange < 10_000) {
      const now = deliveredSoFar();
      if (now !== lastCount) {
        lastCount = now;
        lastChange = Date.now();
      }
      await sleep(200);
    }

    const latencies: number[] = [];
    let expectedTotal = 0;
    let receivedTotal = 0;
    let foreign = 0;
    for (const sub of subscribers) {
      expectedTotal += expected(sub);
      for (const [bidId, ms] of sub.received) {
        const owner = accepted.get(bidId);
        if (sub.organizationId !== null && owner !== sub.organizationId) foreign++;
        else {
          receivedTotal++;
          latencies.push(ms);
        }
      }
    }
    const sorted = Float64Array.from(latencies).sort();
    const lost = expectedTotal - receivedTotal;
    const p95 = percentile(sorted, 95);
    const rows: Array<[string, string]> = [
      ['subscriptions / sockets', `${subscribers.length} / ${sockets.length}`],
      ['bids sent / accepted / rejected', `${bids} / ${accepted.size} / ${rejected}`],
      ['send duration', `${(sendMs / 1000).toFixed(1)} s (${(bids / (sendMs / 1000)).toFixed(1)} bids/s)`],
      ['submitBid response p50 / p95', `${percentile(Float64Array.from(submitMs).sort(), 50).toFixed(0)} / ${percentile(Float64Array.from(submitMs).sort(), 95).toFixed(0)} ms`],
      ['deliveries expected', String(expectedTotal)],
      ['deliveries received', String(receivedTotal)],
      ['lost', String(lost)],
      ['delivered to a subscriber not allowed to read it', String(foreign)],
      ['latency p50', `${percentile(sorted, 50).toFixed(1)} ms`],
      ['latency p95', `${p95.toFixed(1)} ms`],
      ['latency p99', `${percentile(sorted, 99).toFixed(1)} ms`],
      ['latency max', `${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ms`],
      ['pub/sub', process.env.REDIS_URL ? 'Redis' : 'PostgreSQL LISTEN/NOTIFY'],
      ['target (p95 < 250 ms, none lost)', p95 < 250 && lost === 0 && foreign === 0 ? 'MET' : 'NOT MET'],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('\nLive delivery benchmark');
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
    process.exitCode = p95 < 250 && lost === 0 && foreign === 0 ? 0 : 1;
  } finally {
    await Promise.all(sockets.map((x) => x.dispose()));
    await publisher?.close();
    await db?.end();
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await Promise.race([once(api, 'exit'), sleep(10_000)]);
      if (api.exitCode === null) api.kill('SIGKILL');
    }
    if (!process.env.KEEP_BENCH_DATABASE) await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
