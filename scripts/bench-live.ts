/**
 * Live delivery benchmark: graphql-ws subscribers on one session while bids arrive at a
 * steady rate from distinct organizations; prints the delivery latency (the event's `at`,
 * set by the publisher right after the bid's commit, to the moment the subscriber has
 * the message), the events lost (expected per subscriber minus received), those
 * delivered to a subscriber not allowed to read them, the slow consumers dropped, and
 * submitBid's answer time, in a table against the targets of issue 10.
 *
 *   npm run bench:live -- [--scenario both|one|two] [--subscribers 500] [--rate 50] [--seconds 10]
 *                         [--per-socket 1] [--org-share 0.2] [--slow 4]
 *
 * Scenarios: `one` is one api process with --subscribers; `two` is two api processes
 * with twice as many subscribers spread over them (bids sent to both in turn), and
 * each process's figures; `both` (the default) runs one then two.
 *
 * DATABASE_URL names the server: a database `bench_live_<time>` is created on it per
 * scenario and dropped afterwards. The api runs as its own process(es) (spawned, as in
 * production); the subscribers, the bid sender and the probe publisher run in this
 * process: on a 2-core machine they share the cores with the api(s), PostgreSQL and
 * Redis, which the table says. Without REDIS_URL the live events travel over
 * PostgreSQL LISTEN/NOTIFY, as in the embedded mode.
 *
 * Subscribers: `--org-share` of them are bidding organizations (each may see only its own
 * bid), the rest are the organizers' screens and the needs' community (they see every
 * bid). `--per-socket k` multiplexes k subscriptions on one socket. `--slow n` adds n
 * organizer sockets of 20 subscriptions each asking for the bids' plans that stop
 * reading once subscribed: the api must close them (4420) without slowing the others;
 * they reconnect by themselves (graphql-ws retries) and are counted apart.
 */
import 'reflect-metadata';
import { AppConfigModule, EventsModule, LiveEvents, Role, SessionEventType } from '@app/core';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { bulkInsert } from './support/bulk-insert';

/** Just the live-event publisher, configured from the environment like the api and the worker. */
@Module({ imports: [AppConfigModule, EventsModule] })
class ProbeModule {}

interface Options {
  scenario: 'both' | 'one' | 'two';
  slow: number;
  subscribers: number;
  rate: number;
  seconds: number;
  perSocket: number;
  orgShare: number;
  needs: number;
}

function options(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  const i = argv.indexOf('--scenario');
  const scenario = i >= 0 ? argv[i + 1] : 'both';
  if (scenario !== 'both' && scenario !== 'one' && scenario !== 'two') throw new Error('--scenario must be both, one or two');
  return {
    scenario,
    slow: get('slow', 4),
    subscribers: get('subscribers', 500),
    rate: get('rate', 50),
    seconds: get('seconds', 10),
    perSocket: Math.max(1, get('per-socket', 1)),
    orgShare: get('org-share', 0.2),
    needs: get('needs', 50),
  };
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

interface Seed {
  fairId: string;
  sessionId: string;
  communityId: string;
  needIds: string[];
  organizationIds: string[];
}

/** One fair, one community with `needs` published needs on one OPEN session, and one eligible organization per bid. */
async function seed(db: Client, needs: number, organizations: number): Promise<Seed> {
  const fairId = randomUUID();
  const sessionId = randomUUID();
  const communityId = randomUUID();
  await db.query(
    `INSERT INTO fairs (id, name, city, starts_on, ends_on, status) VALUES ($1, '社洽会 live benchmark', '南京', '2026-11-20', '2026-11-22', 'OPEN')`,
    [fairId],
  );
  await db.query(`INSERT INTO communities (id, name, district, street, lat, lng) VALUES ($1, '锁金村社区', '玄武区', '锁金村街道', 32.0756, 118.8103)`, [
    communityId,
  ]);
  const needIds = Array.from({ length: needs }, () => randomUUID());
  await bulkInsert(
    db,
    'service_needs',
    [
      ['id', 'uuid'],
      ['community_id', 'uuid'],
      ['district', 'text'],
      ['title', 'text'],
      ['description', 'text'],
      ['domain', 'service_domain'],
      ['beneficiaries', 'int'],
      ['budget_fen', 'bigint'],
      ['funding_source', 'funding_source'],
      ['min_grade', 'evaluation_grade'],
      ['starts_on', 'date'],
      ['ends_on', 'date'],
      ['lat', 'float8'],
      ['lng', 'float8'],
      ['status', 'need_status'],
      ['fair_id', 'uuid'],
    ],
    needIds.map((id, i) => [
      id,
      communityId,
      '玄武区',
      `居家养老助餐服务 ${i + 1}`,
      '为高龄独居老人助餐',
      'ELDERLY_CARE',
      100,
      10_000_000,
      'WELFARE_LOTTERY',
      'UNRATED',
      '2027-01-01',
      '2027-12-31',
      32.0756,
      118.8103,
      'PUBLISHED',
      fairId,
    ]),
  );
  await db.query(
    `INSERT INTO match_sessions (id, fair_id, title, zone, status, bid_deadline) VALUES ($1, $2, '玄武区项目对接专场', 'DISTRICT_PROJECTS', 'OPEN', now() + interval '2 hours')`,
    [sessionId, fairId],
  );
  await db.query('INSERT INTO session_needs (session_id, need_id) SELECT $1, unnest($2::uuid[])', [sessionId, needIds]);
  const organizationIds = Array.from({ length: organizations }, () => randomUUID());
  await bulkInsert(
    db,
    'organizations',
    [
      ['id', 'uuid'],
      ['name', 'text'],
      ['credit_code', 'text'],
      ['form', 'organization_form'],
      ['grade', 'evaluation_grade'],
      ['district', 'text'],
      ['lat', 'float8'],
      ['lng', 'float8'],
      ['service_radius_km', 'float8'],
      ['certified_social_workers', 'int'],
      ['staff_count', 'int'],
      ['max_concurrent_projects', 'int'],
    ],
    organizationIds.map((id, j) => [
      id,
      `社工服务中心 ${j + 1}`,
      `52320100${String(j).padStart(10, '0')}`,
      'SOCIAL_SERVICE_AGENCY',
      'A3',
      '玄武区',
      32.06,
      118.8,
      30,
      3,
      12,
      5,
    ]),
  );
  await bulkInsert(
    db,
    'service_offerings',
    [
      ['organization_id', 'uuid'],
      ['domain', 'service_domain'],
      ['title', 'text'],
      ['description', 'text'],
      ['price_min_fen', 'bigint'],
      ['price_max_fen', 'bigint'],
      ['annual_beneficiaries', 'int'],
    ],
    organizationIds.map((id) => [id, 'ELDERLY_CARE', '居家养老服务', '上门助餐助洁', 1_000_000, 9_000_000, 300]),
  );
  return { fairId, sessionId, communityId, needIds, organizationIds };
}

const SUBSCRIPTION = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type at sessionId bid { id price } } }';
/** What a slow screen asks for: the plans too (a few KB per bid). */
const HEAVY_SUBSCRIPTION = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type at sessionId bid { id price plan status submittedAt } } }';
const SLOW_CONSUMER_CLOSE_CODE = 4420;
const SLOW_SUBSCRIPTIONS_PER_SOCKET = 20;
/** A bid's plan as organizations write them: about 1,000 characters. */
const PLAN = '每周五天上门助餐，配备持证社工两名；建立高龄独居老人档案，定期探访，链接社区卫生服务中心开展健康监测。'.repeat(20);

/**
 * The graphql-transport-ws protocol and nothing else (no retries, no per-message
 * bookkeeping): the clients share the cores with the api, so they must cost as little
 * as possible per message, or their own backlog would count as delivery latency.
 */
class LeanSocket {
  private readonly ws: WebSocket;
  private readonly handlers = new Map<string, (payload: unknown) => void>();
  private readonly queued: string[] = [];
  private acknowledged = false;

  /** Sockets closed by the api, by close code (a socket that closes is not reopened: its subscriptions count as lost). */
  static closes = new Map<number, number>();

  constructor(url: string, token: string, onAck: () => void) {
    this.ws = new WebSocket(url, 'graphql-transport-ws');
    this.ws.on('close', (code) => LeanSocket.closes.set(code, (LeanSocket.closes.get(code) ?? 0) + 1));
    this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: unknown };
      if (message.type === 'next' && message.id) this.handlers.get(message.id)?.(message.payload);
      else if (message.type === 'connection_ack') {
        this.acknowledged = true;
        for (const m of this.queued.splice(0)) this.ws.send(m);
        onAck();
      } else if (message.type === 'ping') this.ws.send(JSON.stringify({ type: 'pong' }));
    });
  }

  subscribe(query: string, variables: Record<string, unknown>, onNext: (payload: unknown) => void): void {
    const id = String(this.handlers.size + 1);
    this.handlers.set(id, onNext);
    const message = JSON.stringify({ id, type: 'subscribe', payload: { query, variables } });
    if (this.acknowledged) this.ws.send(message);
    else this.queued.push(message);
  }

  dispose(): void {
    this.ws.close();
  }
}

interface Subscriber {
  /** Bids this subscriber may read: all of them, or only its own organization's. */
  organizationId: string | null;
  api: number;
  received: Map<string, number>; // bid id -> latency ms
  probes: number;
  errors: number;
}

interface ApiProcess {
  child: ChildProcess;
  base: string;
  wsUrl: string;
  pid: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The main thread's time on a CPU and waiting for one (run queue), in seconds, from /proc/<pid>/schedstat (Linux); NaN elsewhere. */
function schedSeconds(pid: number): { run: number; wait: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return { run: NaN, wait: NaN };
  }
}

interface ApiFigures {
  subscriptions: number;
  sockets: number;
  expected: number;
  received: number;
  lost: number;
  foreign: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  submitP50: number;
  submitP95: number;
  submits: number;
  slowSockets: number;
  dropped: number;
  reconnected: number;
  /** Close codes the slow sockets saw other than 4420 (1006: cut before the close frame could be read). */
  otherCloses: number[];
  cpu: number;
  /** The event loop's thread waiting for a CPU (run queue) during send + drain: time the machine did not give it. */
  runQueueWait: number;
}

interface ScenarioResult {
  name: string;
  apis: number;
  subscribers: number;
  bids: number;
  accepted: number;
  rejected: number;
  sendSeconds: number;
  total: ApiFigures;
  perApi: ApiFigures[];
  load: [number, number];
  /** This process (clients, bid sender) and the wall time of send + drain. */
  clientCpu: number;
  clientRunQueueWait: number;
  wallSeconds: number;
}

async function scenario(opt: Options, serverUrl: string, name: string, apiCount: number, subscriberCount: number): Promise<ScenarioResult> {
  const databaseName = `bench_live_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const jwtSecret = randomBytes(32).toString('hex');

  const apis: ApiProcess[] = [];
  const sockets: Array<{ dispose(): unknown }> = [];
  let db: Client | null = null;
  let publisher: { close(): Promise<unknown> } | null = null;
  try {
    // The first api migrates the fresh database; the second starts once it is healthy.
    for (let a = 0; a < apiCount; a++) {
      const port = await freePort();
      const child = startApi({
        ...process.env,
        DATABASE_URL: databaseUrl,
        JWT_SECRET: jwtSecret,
        PORT: String(port),
        NODE_ENV: process.env.BENCH_API_NODE_ENV ?? 'production',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        ADMIN_EMAIL: '',
        ADMIN_PASSWORD: '',
      });
      const base = `http://127.0.0.1:${port}`;
      apis.push({ child, base, wsUrl: `ws://127.0.0.1:${port}/graphql`, pid: child.pid ?? 0 });
      await waitForHealth(base, child);
    }

    const bids = Math.round(opt.rate * opt.seconds);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const s = await seed(db, opt.needs, bids);
    const jwt = new JwtService({ secret: jwtSecret, signOptions: { expiresIn: '1h', algorithm: 'HS256' } });
    // Tokens count only for accounts that exist with those claims (PrincipalVerifier): one user per token.
    const accounts: unknown[][] = [];
    const token = (role: Role, cid: string | null, oid: string | null) => {
      const sub = randomUUID();
      accounts.push([sub, `${sub}@bench.invalid`, 'not-a-password-hash', role, cid, oid]);
      return jwt.sign({ sub, role, cid, oid });
    };
    const organizerToken = token(Role.ORGANIZER, null, null);
    const communityToken = token(Role.COMMUNITY, s.communityId, null);
    const orgTokens = s.organizationIds.map((oid) => token(Role.ORGANIZATION, null, oid));
    await bulkInsert(
      db,
      'users',
      [
        ['id', 'uuid'],
        ['email', 'text'],
        ['password_hash', 'text'],
        ['role', 'user_role'],
        ['community_id', 'uuid'],
        ['organization_id', 'uuid'],
      ],
      accounts,
    );

    // Subscribers: the first org-share are bidding organizations, the rest organizers' screens and the community; spread over the apis in turn.
    const orgSubscribers = Math.min(Math.round(subscriberCount * opt.orgShare), s.organizationIds.length);
    const subscribers: Subscriber[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < subscriberCount; i++) {
      const isOrg = i < orgSubscribers;
      subscribers.push({ organizationId: isOrg ? s.organizationIds[i] : null, api: i % apiCount, received: new Map(), probes: 0, errors: 0 });
      tokens.push(isOrg ? orgTokens[i] : i % 5 === 0 ? communityToken : organizerToken);
    }

    // A socket carries the subscriptions of one principal on one api, so multiplexing groups by token and api.
    const groups = new Map<string, number[]>();
    subscribers.forEach((sub, i) => {
      const key = `${sub.api} ${tokens[i]}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    let connected = 0;
    const socketsPerApi = apis.map(() => 0);
    for (const [, members] of groups) {
      for (let start = 0; start < members.length; start += opt.perSocket) {
        const api = subscribers[members[0]].api;
        socketsPerApi[api]++;
        // A hundred connections at a time: a burst of a thousand handshakes (each checks its token) would stall the api's loop past graphql-ws's 3 s init timeout.
        if (sockets.length % 100 === 99) {
          const until = Date.now() + 30_000;
          while (connected < sockets.length && Date.now() < until) await sleep(50);
        }
        const socket = new LeanSocket(apis[api].wsUrl, tokens[members[0]], () => void connected++);
        sockets.push(socket);
        for (const index of members.slice(start, start + opt.perSocket)) {
          const sub = subscribers[index];
          socket.subscribe(SUBSCRIPTION, { id: s.sessionId }, (payload) => {
            const now = Date.now();
            const event = (payload as { data?: { sessionEvents?: { type: string; at: string; bid: { id: string } | null } } }).data?.sessionEvents;
            if (!event) return void sub.errors++;
            if (event.type === SessionEventType.SESSION_STATUS_CHANGED) return void sub.probes++;
            if (event.type === SessionEventType.BID_SUBMITTED && event.bid) sub.received.set(event.bid.id, now - Date.parse(event.at));
          });
        }
      }
    }

    // Slow screens: organizer sockets that stop reading once their subscriptions are in place.
    interface Slow {
      api: number;
      ws: WebSocket | null;
      probes: number;
      dropped: number;
      reconnected: number;
      opened: number;
      otherCloses: number[];
    }
    const slow: Slow[] = [];
    for (let k = 0; k < opt.slow; k++) {
      const state: Slow = { api: k % apiCount, ws: null, probes: 0, dropped: 0, reconnected: 0, opened: 0, otherCloses: [] };
      slow.push(state);
      const socket = createClient({
        url: apis[state.api].wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 5,
        retryWait: async () => {
          await sleep(200);
        },
        shouldRetry: () => true,
        connectionParams: { authorization: `Bearer ${organizerToken}` },
        on: {
          opened: (ws) => {
            state.ws = ws as WebSocket;
            if (state.opened++ > 0) state.reconnected++;
          },
          closed: (event) => {
            const code = (event as { code?: number }).code ?? 0;
            if (code === SLOW_CONSUMER_CLOSE_CODE) state.dropped++;
            else state.otherCloses.push(code);
          },
        },
      });
      sockets.push(socket);
      for (let j = 0; j < SLOW_SUBSCRIPTIONS_PER_SOCKET; j++) {
        socket.subscribe(
          { query: HEAVY_SUBSCRIPTION, variables: { id: s.sessionId } },
          {
            next: (result) => {
              const event = (result.data as { sessionEvents?: { type: string } } | undefined)?.sessionEvents;
              if (event?.type === SessionEventType.SESSION_STATUS_CHANGED) state.probes++;
            },
            error: () => undefined,
            complete: () => undefined,
          },
        );
      }
    }

    const socketCount = sockets.length - slow.length;
    const connectStart = Date.now();
    while (connected < socketCount && Date.now() - connectStart < 60_000) await sleep(100);
    console.log(
      `[${name}] ${socketCount} sockets on ${apiCount} api process(es), ${subscribers.length} subscriptions (${orgSubscribers} organizations, ${subscribers.length - orgSubscribers} organizers/community)` +
        (slow.length ? `, and ${slow.length} slow sockets of ${SLOW_SUBSCRIPTIONS_PER_SOCKET} subscriptions` : ''),
    );

    // Probes published as any other process does (a Nest context with the product's EventsModule,
    // its own pub/sub connections) until every subscription is in place.
    Object.assign(process.env, { DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret });
    const events = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error', 'warn'] });
    publisher = { close: () => events.close() };
    const live = events.get(LiveEvents);
    const readyStart = Date.now();
    while (subscribers.some((x) => x.probes === 0) || slow.some((x) => x.probes < SLOW_SUBSCRIPTIONS_PER_SOCKET)) {
      if (Date.now() - readyStart > 60_000) {
        throw new Error(
          `${subscribers.filter((x) => x.probes === 0).length} subscriptions never became ready (sockets closed by code: ${JSON.stringify([...LeanSocket.closes])})`,
        );
      }
      await live.session({ type: SessionEventType.SESSION_STATUS_CHANGED, sessionId: s.sessionId });
      await sleep(200);
    }
    // From now on the slow sockets read nothing: what the api sends them piles up.
    for (const x of slow) (x.ws as unknown as { _socket?: { pause(): void } })?._socket?.pause();
    console.log(`[${name}] all subscriptions ready after ${Date.now() - readyStart} ms; sending ${bids} bids at ${opt.rate}/s`);

    // Bids at a steady rate, each from its own organization, to the apis in turn, fired on schedule without waiting for the previous one.
    const accepted = new Map<string, string>(); // bid id -> organization id
    let rejected = 0;
    const submitMs: number[][] = apis.map(() => []);
    const cpuBefore = apis.map((a) => cpuSeconds(a.pid));
    const clientCpuBefore = process.cpuUsage();
    const schedBefore = apis.map((a) => schedSeconds(a.pid));
    const clientSchedBefore = schedSeconds(process.pid);
    const started = Date.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < bids; i++) {
      const due = started + (i * 1000) / opt.rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      // ws gives a peer 30 s to answer a close: the slow sockets read again before that, to see the api's 4420.
      if (Date.now() - started > 25_000) for (const x of slow) (x.ws as unknown as { _socket?: { resume(): void } })?._socket?.resume();
      const api = i % apiCount;
      inflight.push(
        (async () => {
          const sentAt = Date.now();
          const response = await fetch(`${apis[api].base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${orgTokens[i]}` },
            body: JSON.stringify({
              query: 'mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }',
              variables: { input: { needId: s.needIds[i % s.needIds.length], sessionId: s.sessionId, price: `${60000 + (i % 300)}.00`, plan: PLAN } },
            }),
          });
          const body = (await response.json()) as { data?: { submitBid?: { id: string } }; errors?: unknown[] };
          submitMs[api].push(Date.now() - sentAt);
          if (body.data?.submitBid) accepted.set(body.data.submitBid.id, s.organizationIds[i]);
          else rejected++;
        })(),
      );
    }
    await Promise.all(inflight);
    const sendMs = Date.now() - started;
    // The slow sockets read again: each finds the api's close (4420) behind what was buffered, and reconnects.
    for (const x of slow) (x.ws as unknown as { _socket?: { resume(): void } })?._socket?.resume();

    // Drain: wait until every subscriber has what it should, or nothing new arrived for 10 s
    // (a backlog still being delivered is late, not lost).
    const byOrganization = new Map<string, number>();
    for (const o of accepted.values()) byOrganization.set(o, (byOrganization.get(o) ?? 0) + 1);
    const expected = (sub: Subscriber) => (sub.organizationId === null ? accepted.size : (byOrganization.get(sub.organizationId) ?? 0));
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
    const cpu = apis.map((a, i) => cpuSeconds(a.pid) - cpuBefore[i]);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const runQueueWait = apis.map((a, i) => schedSeconds(a.pid).wait - schedBefore[i].wait);
    const clientRunQueueWait = schedSeconds(process.pid).wait - clientSchedBefore.wait;
    const wallSeconds = (Date.now() - started) / 1000;
    const slowUntil = Date.now() + 15_000;
    while (slow.some((x) => x.dropped === 0 || x.reconnected === 0) && Date.now() < slowUntil) await sleep(200);

    const figures = (members: Subscriber[], submits: number[], slowOnes: Slow[], sockets: number, cpuUsed: number, waited: number): ApiFigures => {
      const latencies: number[] = [];
      let expectedTotal = 0;
      let receivedTotal = 0;
      let foreign = 0;
      for (const sub of members) {
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
      const submitSorted = Float64Array.from(submits).sort();
      return {
        subscriptions: members.length,
        sockets,
        expected: expectedTotal,
        received: receivedTotal,
        lost: expectedTotal - receivedTotal,
        foreign,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? NaN,
        submitP50: percentile(submitSorted, 50),
        submitP95: percentile(submitSorted, 95),
        submits: submits.length,
        slowSockets: slowOnes.length,
        dropped: slowOnes.reduce((n, x) => n + x.dropped, 0),
        reconnected: slowOnes.filter((x) => x.reconnected > 0).length,
        otherCloses: slowOnes.flatMap((x) => x.otherCloses),
        cpu: cpuUsed,
        runQueueWait: waited,
      };
    };
    const perApi = apis.map((_, a) =>
      figures(
        subscribers.filter((x) => x.api === a),
        submitMs[a],
        slow.filter((x) => x.api === a),
        socketsPerApi[a],
        cpu[a],
        runQueueWait[a],
      ),
    );
    const total = figures(
      subscribers,
      submitMs.flat(),
      slow,
      socketCount,
      cpu.reduce((n, c) => n + c, 0),
      runQueueWait.reduce((n, c) => n + c, 0),
    );
    const load = loadavg();
    return {
      name,
      apis: apiCount,
      subscribers: subscriberCount,
      bids,
      accepted: accepted.size,
      rejected,
      sendSeconds: sendMs / 1000,
      total,
      perApi,
      load: [load[0], load[1]],
      clientCpu: (clientCpu.user + clientCpu.system) / 1e6,
      clientRunQueueWait,
      wallSeconds,
    };
  } finally {
    await Promise.all(sockets.map((x) => x.dispose()));
    await publisher?.close();
    await db?.end();
    for (const api of apis) {
      if (api.child.exitCode !== null) continue;
      api.child.kill('SIGTERM');
      await Promise.race([once(api.child, 'exit'), sleep(10_000)]);
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
    }
    if (!process.env.KEEP_BENCH_DATABASE) await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
  }
}

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const mark = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

/** The table against the targets: one column per scenario and, for two apis, per process. */
function report(results: ScenarioResult[]): boolean {
  const columns: Array<{ title: string; f: ApiFigures; r: ScenarioResult; all: boolean }> = [];
  for (const r of results) {
    columns.push({ title: r.apis === 1 ? `one api, ${r.subscribers} subs` : `${r.apis} apis, ${r.subscribers} subs`, f: r.total, r, all: true });
    if (r.apis > 1) r.perApi.forEach((f, i) => columns.push({ title: `  api ${i + 1}`, f, r, all: false }));
  }
  const rows: Array<[string, string, (c: (typeof columns)[number]) => string]> = [
    ['subscriptions / sockets', '', (c) => `${c.f.subscriptions} / ${c.f.sockets}`],
    ['bids sent / accepted / rejected', '', (c) => (c.all ? `${c.r.bids} / ${c.r.accepted} / ${c.r.rejected}` : `${c.f.submits} sent here`)],
    ['send rate achieved', '50/s', (c) => (c.all ? `${(c.r.bids / c.r.sendSeconds).toFixed(1)}/s` : '')],
    ['latency p50', '', (c) => ms(c.f.p50)],
    ['latency p95', '≤ 250 ms', (c) => `${ms(c.f.p95)} ${mark(c.f.p95 <= 250)}`],
    ['latency p99', '≤ 500 ms (one api)', (c) => `${ms(c.f.p99)}${c.r.apis === 1 ? ` ${mark(c.f.p99 <= 500)}` : ''}`],
    ['latency max', '', (c) => ms(c.f.max)],
    ['deliveries expected / received', '', (c) => `${c.f.expected} / ${c.f.received}`],
    ['lost', '0', (c) => `${c.f.lost} ${mark(c.f.lost === 0)}`],
    ['misdelivered (not allowed to read it)', '0', (c) => `${c.f.foreign} ${mark(c.f.foreign === 0)}`],
    [
      'submitBid p50 / p95',
      '≤ 100 ms p95 (one api)',
      (c) => `${ms(c.f.submitP50)} / ${ms(c.f.submitP95)}${c.r.apis === 1 ? ` ${mark(c.f.submitP95 <= 100)}` : ''}`,
    ],
    [
      'slow sockets dropped (4420) / reconnected',
      'all',
      (c) => `${c.f.dropped} of ${c.f.slowSockets} / ${c.f.reconnected}${c.f.otherCloses.length ? ` (other closes: ${c.f.otherCloses.join(', ')})` : ''}`,
    ],
    [
      'api CPU during send + drain',
      '',
      (c) => (Number.isFinite(c.f.cpu) ? `${c.f.cpu.toFixed(1)} s (${((c.f.cpu * 1000) / Math.max(1, c.f.submits)).toFixed(1)} ms per bid)` : 'n/a'),
    ],
    ['api event loop waiting for a CPU', '', (c) => (Number.isFinite(c.f.runQueueWait) ? `${c.f.runQueueWait.toFixed(1)} s` : 'n/a')],
    [
      'bench clients CPU / waiting for a CPU / wall',
      '',
      (c) => (c.all ? `${c.r.clientCpu.toFixed(1)} s / ${c.r.clientRunQueueWait.toFixed(1)} s / ${c.r.wallSeconds.toFixed(1)} s` : ''),
    ],
    ['machine load average (1 / 5 min) after', '', (c) => (c.all ? `${c.r.load[0].toFixed(1)} / ${c.r.load[1].toFixed(1)}` : '')],
  ];
  const table = [['', 'target', ...columns.map((c) => c.title)], ...rows.map(([label, target, cell]) => [label, target, ...columns.map(cell)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log(
    `\nLive delivery benchmark (pub/sub: ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL LISTEN/NOTIFY'}; ${cpus().length} cores shared by the api(s), PostgreSQL, Redis and this process's clients)`,
  );
  for (const row of table) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
  let met = true;
  for (const r of results) {
    const t = r.total;
    const ok =
      t.p95 <= 250 &&
      t.lost === 0 &&
      t.foreign === 0 &&
      t.dropped >= t.slowSockets &&
      (r.apis > 1 || (t.p99 <= 500 && t.submitP95 <= 100)) &&
      r.perApi.every((f) => f.p95 <= 250);
    console.log(`  ${r.apis === 1 ? 'one api' : `${r.apis} apis`}: ${mark(ok)}`);
    met &&= ok;
  }
  return met;
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  // Read once: each scenario points this process's environment at its own database for the probe publisher.
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const results: ScenarioResult[] = [];
  let failed = false;
  const run = async (name: string, apis: number, subscribers: number) => {
    try {
      results.push(await scenario(opt, serverUrl, name, apis, subscribers));
    } catch (error) {
      failed = true;
      console.error(`[${name}] did not complete: ${(error as Error).message}`);
    }
  };
  if (opt.scenario !== 'two') await run('one api', 1, opt.subscribers);
  if (opt.scenario !== 'one') await run('two apis', 2, opt.subscribers * 2);
  const met = results.length > 0 && report(results);
  process.exitCode = met && !failed ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
