/**
 * End-to-end matching benchmark: a generated instance seeded into a fresh database, the
 * run requested as the api does (QUEUED row + job whose id is the run id) and processed by
 * the real worker through the real queue, timed until the run is SUCCEEDED with every
 * proposal in PostgreSQL. Phases (load, engine, the proposals' COPY beside it, what is left
 * after the engine) come from the worker's own timings (the job's return value). Peak RSS is this process's, which hosts the worker.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node -r tsconfig-paths/register scripts/bench-matching-e2e.ts [fair|region|province ...]
 *
 * DATABASE_URL names the server (a database `bench_matching_<time>` is created on it and
 * dropped afterwards). `endToEnd()` is exported for scripts/bench-matching.ts.
 */
import 'reflect-metadata';
import { JOBS, QUEUES, Role } from '@app/core';
import { DEFAULT_WEIGHTS } from '@app/matching';
import { bulkInsert } from './support/bulk-insert';
import { areasForScale, generateInstance } from '../libs/matching/src/testing/instance-generator';
import { MAX_PROPOSALS_PAGE, ProposalsService, RunOutcome } from '@app/matching-runs';
import { NANJING_DISTRICTS } from '@app/reference-data';
import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

export interface EndToEndSize {
  name: string;
  needs: number;
  organizations: number;
  seed?: number;
}
export interface EndToEndResult {
  name: string;
  needs: number;
  organizations: number;
  bids: number;
  seedMs: number;
  /** runMatching (QUEUED row + enqueue) until the run is SUCCEEDED with its proposals stored. */
  endToEndMs: number;
  loadMs: number;
  engineMs: number;
  /** Of engineMs, the engine's own computation (in its thread); the rest is thread start-up and data transfer. */
  engineComputeMs: number;
  /** From the engine's result to the commit (the final transaction opened with the engine). */
  persistMs: number;
  /** The proposals' COPY and the run's facts, from the COPY's opening (the inputs read): mostly beside the engine. */
  insertMs: number;
  settleMs: number;
  pairsScored: number;
  proposals: number;
  assigned: number;
  peakRssMb: number;
  /** proposals(filter: {runId}) paged with the cursor as an organizer reads it: page times. */
  pageP50Ms: number;
  pageMaxMs: number;
  pages: number;
}

/** Page size of the run's paging: the web app's run screen (RunProposals) asks for the default page, the largest. */
export const BENCH_PAGE_SIZE = MAX_PROPOSALS_PAGE;

/**
 * Every proposal of the run, page after page with the cursor (first/after), read through
 * ProposalsService.list as the proposals query calls it for an organizer (the SQL and the
 * entities; GraphQL's serialization is not in this figure). Checks nothing is lost or repeated.
 */
async function pageThrough(proposals: ProposalsService, runId: string, expected: number): Promise<{ p50: number; max: number; pages: number }> {
  const organizer = { userId: randomUUID(), role: Role.ORGANIZER, communityId: null, organizationId: null };
  const times: number[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const t = performance.now();
    const page = await proposals.list(organizer, { runId }, { first: BENCH_PAGE_SIZE, after });
    times.push(performance.now() - t);
    for (const p of page) seen.add(p.id);
    if (page.length < BENCH_PAGE_SIZE) break;
    after = page[page.length - 1].id;
  }
  if (seen.size !== expected) throw new Error(`paging run ${runId}: ${seen.size} distinct proposals read, ${expected} stored`);
  times.sort((a, b) => a - b);
  return { p50: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, max: Math.round(times[times.length - 1] * 10) / 10, pages: times.length };
}

export const END_TO_END_SIZES: Record<string, EndToEndSize> = {
  fair: { name: 'fair', needs: 2_100, organizations: 1_000 },
  region: { name: 'region', needs: 10_000, organizations: 3_000 },
  province: { name: 'province', needs: 50_000, organizations: 10_000 },
};

/** Seeds one instance as a CLOSED_FOR_BIDS session holding every need; returns the session id. */
export async function seedInstance(db: DataSource, size: EndToEndSize): Promise<{ sessionId: string; bids: number }> {
  const instance = generateInstance({ needs: size.needs, organizations: size.organizations, seed: size.seed ?? 20_260_301, areas: areasForScale(size.name) });
  const uuid = new Map<string, string>();
  const idOf = (key: string) => uuid.get(key) ?? uuid.set(key, randomUUID()).get(key)!;

  const communityIds = NANJING_DISTRICTS.map(() => randomUUID());
  await bulkInsert(
    db,
    'communities',
    [
      ['id', 'uuid'],
      ['name', 'text'],
      ['district', 'text'],
      ['street', 'text'],
      ['lat', 'float8'],
      ['lng', 'float8'],
    ],
    NANJING_DISTRICTS.map((d, i) => [communityIds[i], `${d.name}示范社区`, d.name, '示范街道', d.lat, d.lng]),
  );
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
      ['active_projects', 'int'],
      ['performance_score', 'float8'],
      ['evaluation_count', 'int'],
    ],
    instance.organizations.map((o, j) => [
      idOf(o.id),
      `社工服务中心 ${j + 1}`,
      `52320100${String(j).padStart(10, '0')}`,
      'SOCIAL_SERVICE_AGENCY',
      o.grade,
      NANJING_DISTRICTS[j % NANJING_DISTRICTS.length].name,
      o.lat,
      o.lng,
      o.serviceRadiusKm,
      3,
      12,
      o.maxCapacity,
      o.maxCapacity - o.freeCapacity,
      o.performanceScore,
      o.performanceScore === null ? 0 : 3,
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
      ['price_min_fen', 'int8'],
      ['price_max_fen', 'int8'],
      ['annual_beneficiaries', 'int'],
    ],
    instance.organizations.flatMap((o) =>
      o.offerings.map((f) => [idOf(o.id), f.domain, '社区服务', '服务说明', f.priceMinFen, f.priceMaxFen, f.annualBeneficiaries]),
    ),
  );

  const [{ id: fairId }] = await db.query(
    `INSERT INTO fairs (name, city, starts_on, ends_on, status) VALUES ('基准测试社洽会', '南京', '2027-03-01', '2027-03-02', 'OPEN') RETURNING id`,
  );
  const [{ id: sessionId }] = await db.query(
    `INSERT INTO match_sessions (fair_id, title, zone, status, bid_deadline) VALUES ($1, '基准专场', 'DISTRICT_PROJECTS', 'CLOSED_FOR_BIDS', now() - interval '1 hour') RETURNING id`,
    [fairId],
  );
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
      ['budget_fen', 'int8'],
      ['funding_source', 'funding_source'],
      ['min_grade', 'evaluation_grade'],
      ['starts_on', 'date'],
      ['ends_on', 'date'],
      ['lat', 'float8'],
      ['lng', 'float8'],
      ['status', 'need_status'],
      ['fair_id', 'uuid'],
    ],
    instance.needs.map((n, i) => [
      idOf(n.id),
      communityIds[i % communityIds.length],
      NANJING_DISTRICTS[i % NANJING_DISTRICTS.length].name,
      `社区服务项目 ${i + 1}`,
      '项目说明',
      n.domain,
      n.beneficiaries,
      n.budgetFen,
      'DISTRICT',
      n.minGrade,
      '2027-04-01',
      '2028-03-31',
      n.lat,
      n.lng,
      'PUBLISHED',
      fairId,
    ]),
  );
  await bulkInsert(
    db,
    'session_needs',
    [
      ['session_id', 'uuid'],
      ['need_id', 'uuid'],
    ],
    instance.needs.map((n) => [sessionId, idOf(n.id)]),
  );
  await bulkInsert(
    db,
    'bids',
    [
      ['need_id', 'uuid'],
      ['organization_id', 'uuid'],
      ['session_id', 'uuid'],
      ['price_fen', 'int8'],
      ['plan', 'text'],
      ['status', 'bid_status'],
    ],
    instance.bids.map((b) => [idOf(b.needId), idOf(b.organizationId), sessionId, b.priceFen, '服务方案', b.live ? 'SUBMITTED' : 'WITHDRAWN']),
  );
  await db.query('ANALYZE');
  return { sessionId, bids: instance.bids.length };
}

/**
 * Runs each size in its own fresh database with a worker booted in this process, `passes` runs
 * of its session one after the other (BENCH_PASSES, default 2: the cold first run, then warm)
 * (the worker module, the real queue). `serverUrl` is the PostgreSQL server to use.
 */
export async function endToEnd(
  sizes: EndToEndSize[],
  serverUrl = process.env.DATABASE_URL!,
  passes = Number(process.env.BENCH_PASSES ?? 2),
): Promise<EndToEndResult[]> {
  if (!serverUrl) throw new Error('DATABASE_URL must name a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  process.env.JWT_SECRET ??= 'bench-only-secret-0123456789abcdef0123456789';
  process.env.LOG_LEVEL ??= 'warn';
  const results: EndToEndResult[] = [];
  for (const size of sizes) {
    const dbName = `bench_matching_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    const previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url.toString();
    let worker: INestApplicationContext | undefined;
    try {
      // Imported here: the worker module reads the environment when it is loaded.
      const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
      worker = await createWorkerApp();
      const db = worker.get(DataSource);
      const t0 = performance.now();
      const { sessionId, bids } = await seedInstance(db, size);
      const seedMs = performance.now() - t0;

      const queue = worker.get<Queue>(getQueueToken(QUEUES.matching));
      // The first run pays for the worker's cold start (JIT of the engine in a new thread, first
      // COPY, cold caches); a worker that has run once runs warm. Each further pass re-runs the
      // same session (same inputs: the re-run takes the MATCHED needs too) and is reported apart.
      for (let pass = 0; pass < passes; pass++) {
        const start = performance.now();
        // What runMatching does: a QUEUED run with the resolved weights, then the job with jobId = run id.
        const [{ id: runId }] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k) VALUES ($1, $2, 10) RETURNING id`, [
          sessionId,
          DEFAULT_WEIGHTS,
        ]);
        await queue.add(JOBS.runMatching, { runId }, { jobId: runId });
        let run: { status: string; pairs_scored: number; proposals_created: number; assigned_count: number; error: string | null };
        for (;;) {
          [run] = await db.query('SELECT status, pairs_scored, proposals_created, assigned_count, error FROM match_runs WHERE id = $1', [runId]);
          if (run.status === 'SUCCEEDED' || run.status === 'FAILED') break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const endToEndMs = performance.now() - start;
        if (run.status !== 'SUCCEEDED') throw new Error(`run ${runId} FAILED: ${run.error}`);
        const [{ stored }] = await db.query('SELECT count(*)::int AS stored FROM match_proposals WHERE run_id = $1', [runId]);
        if (stored !== run.proposals_created) throw new Error(`run ${runId}: ${stored} proposals stored, ${run.proposals_created} reported`);
        // The job finishes a moment after the run is SUCCEEDED (it refreshes the statistics): its return value holds the phases.
        let job = await queue.getJob(runId);
        for (const until = Date.now() + 60_000; job && job.returnvalue == null && !(await job.isFailed()) && Date.now() < until;) {
          await new Promise((r) => setTimeout(r, 5));
          job = await queue.getJob(runId);
        }
        const outcome = job?.returnvalue as RunOutcome | undefined;
        const paging = await pageThrough(worker.get(ProposalsService), runId, stored);
        results.push({
          name: passes > 1 ? `${size.name}, ${pass === 0 ? 'cold' : `warm #${pass}`}` : size.name,
          needs: size.needs,
          organizations: size.organizations,
          bids,
          seedMs: Math.round(seedMs),
          endToEndMs: Math.round(endToEndMs),
          loadMs: outcome?.timingsMs?.load ?? NaN,
          engineMs: outcome?.timingsMs?.engine ?? NaN,
          engineComputeMs: outcome?.timingsMs?.engineCompute ?? NaN,
          persistMs: outcome?.timingsMs?.persist ?? NaN,
          insertMs: outcome?.timingsMs?.insert ?? NaN,
          settleMs: outcome?.timingsMs?.settle ?? NaN,
          pairsScored: run.pairs_scored,
          proposals: stored,
          assigned: run.assigned_count,
          peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
          pageP50Ms: paging.p50,
          pageMaxMs: paging.max,
          pages: paging.pages,
        });
      }
    } finally {
      await worker?.close();
      process.env.DATABASE_URL = previousUrl;
      // BENCH_KEEP_DB=1 keeps the database for a look at the stored run afterwards.
      if (!process.env.BENCH_KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      else console.log(`kept database ${dbName}`);
      await admin.end();
    }
  }
  return results;
}

/** What a run takes once the engine has answered: the rest of its final transaction, then the progress reports still in flight. */
export function afterEngineMs(r: EndToEndResult): number {
  return r.persistMs + r.settleMs;
}

export function printEndToEnd(results: EndToEndResult[]): void {
  console.log('\nEnd to end (runMatching -> SUCCEEDED with proposals in PostgreSQL, real queue and worker)');
  console.table(
    results.map((r) => ({
      instance: `${r.name} ${r.needs}x${r.organizations}`,
      bids: r.bids,
      'seed ms': r.seedMs,
      'e2e ms': r.endToEndMs,
      'load ms': r.loadMs,
      'engine ms': r.engineMs,
      'of which compute ms': r.engineComputeMs,
      // The final transaction opens with the engine: its proposals' COPY and facts run beside it.
      'COPY + facts ms (beside the engine)': r.insertMs,
      'after the engine ms': afterEngineMs(r),
      pairs: r.pairsScored,
      proposals: r.proposals,
      assigned: r.assigned,
      'peak RSS MB': r.peakRssMb,
      [`page of ${BENCH_PAGE_SIZE} p50/max ms`]: `${r.pageP50Ms}/${r.pageMaxMs} (${r.pages} pages)`,
    })),
  );
}

if (require.main === module) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : ['fair', 'province'];
  const sizes = names.map((n) => {
    const size = END_TO_END_SIZES[n];
    if (!size) throw new Error(`unknown size ${n}; expected one of ${Object.keys(END_TO_END_SIZES).join(', ')}`);
    return size;
  });
  endToEnd(sizes)
    .then((results) => {
      printEndToEnd(results);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
