import { QUEUES } from '@app/core';
import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { MaintenanceProcessor } from '../../apps/worker/src/maintenance.processor';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { CreateContractProcessor } from '../../libs/contracts/src/jobs/create-contract.processor';
import { RunMatchingProcessor } from '../../libs/matching-runs/src/jobs/run-matching.processor';
import { TestApi } from './support/api';
import { eventually } from './support/eventually';
import { MatchingFixture, seedClosedSession, waitForRun } from './support/matching-fixture';
import { freshDatabase, OwnRedis } from './support/own-redis';

/**
 * A real Redis outage: the api and a worker run on a redis-server of this test's own
 * (the shared one is never stopped), over a database of their own, so every row counted
 * here is theirs. Redis is killed mid-flow and started again empty (no persistence), as
 * a crashed Redis without its data comes back: its jobs and schedules are gone.
 */
jest.setTimeout(180_000);

const SWEEP_EVERY_MS = 1000;
const ENV = {
  RECOVERY_SWEEP_EVERY_MS: String(SWEEP_EVERY_MS),
  RECOVERY_STALL_MS: '5000',
  QUEUE_TIMEOUT_MS: '1500',
};
/** What "answers quickly" means here: well under any client's timeout, however the queue is down. */
const QUICK_MS = 5000;

const ACCEPT = `mutation($id: ID!) { acceptProposal(id: $id) { id status communityAccepted organizationAccepted } }`;
const DECLINE = `mutation($id: ID!) { declineProposal(id: $id) { id status } }`;
const RUN = `mutation($s: ID!) { runMatching(sessionId: $s) { id status } }`;

describe('a Redis outage (e2e)', () => {
  let redis: OwnRedis;
  let database: { url: string; drop: () => Promise<void> };
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    redis = await OwnRedis.start();
    database = await freshDatabase('redis_outage');
    for (const [key, value] of Object.entries({ ...ENV, DATABASE_URL: database.url, REDIS_URL: redis.url })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    api = await TestApi.start();
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.stop();
    await redis?.kill();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await database?.drop();
  });

  const timed = async <T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = performance.now();
    const result = await call();
    return { result, ms: performance.now() - started };
  };
  const communityOf = (fx: MatchingFixture, needId: string) => fx.communities[fx.needCommunity.get(needId)!];
  const organizationOf = (fx: MatchingFixture, organizationId: string) => fx.organizations.find((o) => o.organizationId === organizationId)!;

  it("gives the workers ioredis's offline queue and the producers none", async () => {
    // A worker's command that failed at once ("Stream isn't writeable") made BullMQ's main loop
    // retry without a pause: the process spun at 100 % CPU, its timers starved, for good.
    const workers = [RunMatchingProcessor, CreateContractProcessor, MaintenanceProcessor].map((type) => worker.get<WorkerHost>(type).worker);
    for (const w of workers)
      expect({ worker: w.name, enableOfflineQueue: (await w.backend.client).options.enableOfflineQueue }).toEqual({ worker: w.name, enableOfflineQueue: true });
    for (const name of Object.values(QUEUES)) {
      const queue = api.app.get<Queue>(getQueueToken(name), { strict: false });
      expect({ queue: name, enableOfflineQueue: (await queue.backend.client).options.enableOfflineQueue }).toEqual({ queue: name, enableOfflineQueue: false });
    }
  });

  it('answers at once while Redis is down, keeps every change, and completes each exactly once when Redis is back', async () => {
    const a = await seedClosedSession(api, 6);
    const b = await seedClosedSession(api, 4, a.organizer);

    // With Redis up: a run over session A, and the community accepts an assigned proposal.
    const runA = await waitForRun(api, a.organizer, (await api.ok(RUN, { s: a.sessionId }, a.organizer)).runMatching.id, 60_000);
    expect(runA.status).toBe('SUCCEEDED');
    const proposals: Array<{ id: string; need_id: string; organization_id: string; assigned: boolean }> = await db.query(
      'SELECT id, need_id, organization_id, assigned FROM match_proposals WHERE run_id = $1 ORDER BY assigned DESC, rank, id',
      [runA.id],
    );
    const accepted = proposals[0];
    expect(accepted.assigned).toBe(true);
    const declined = proposals.find((p) => p.need_id !== accepted.need_id)!;
    await api.ok(ACCEPT, { id: accepted.id }, communityOf(a, accepted.need_id).token);

    await redis.kill();

    // The organization's acceptance completes the pair: its contract job cannot be enqueued. The
    // acceptance is kept (the proposal ACCEPTED is the record of the contract to write), at once.
    const acceptance = await timed(() => api.gql(ACCEPT, { id: accepted.id }, organizationOf(a, accepted.organization_id).token));
    expect(acceptance.result.errors).toBeUndefined();
    expect(acceptance.result.data!.acceptProposal).toMatchObject({ status: 'ACCEPTED', communityAccepted: true, organizationAccepted: true });
    expect(acceptance.ms).toBeLessThan(QUICK_MS);

    // A run requested now is stored QUEUED and answered at once.
    const queued = await timed(() => api.gql(RUN, { s: b.sessionId }, b.organizer));
    expect(queued.result.errors).toBeUndefined();
    expect(queued.result.data!.runMatching.status).toBe('QUEUED');
    expect(queued.ms).toBeLessThan(QUICK_MS);
    const runB = queued.result.data!.runMatching.id as string;
    // A second one, which a worker claimed before it died: RUNNING long ago, and the restart below loses any job of it.
    const orphan = (await api.ok(RUN, { s: b.sessionId }, b.organizer)).runMatching.id as string;
    await db.query(`UPDATE match_runs SET status = 'RUNNING', attempts = 1, started_at = now() - interval '1 hour' WHERE id = $1`, [orphan]);

    // A change whose live event cannot be published is still answered as done.
    const decline = await timed(() => api.gql(DECLINE, { id: declined.id }, communityOf(a, declined.need_id).token));
    expect(decline.result.errors).toBeUndefined();
    expect(decline.result.data!.declineProposal.status).toBe('DECLINED');
    expect(decline.ms).toBeLessThan(QUICK_MS);

    // Nothing half-done: the acceptance and the run are recorded, nothing else happened yet.
    expect(await db.query('SELECT count(*)::int AS n FROM contracts WHERE need_id = $1', [accepted.need_id])).toEqual([{ n: 0 }]);
    expect(await db.query('SELECT status, attempts FROM match_runs WHERE id = $1', [runB])).toEqual([{ status: 'QUEUED', attempts: 0 }]);
    expect(await db.query('SELECT count(*)::int AS n FROM match_proposals WHERE run_id = ANY($1::uuid[])', [[runB, orphan]])).toEqual([{ n: 0 }]);
    await new Promise((r) => setTimeout(r, 2 * SWEEP_EVERY_MS)); // sweeps run meanwhile, and fail: the queue is down

    await redis.start(); // empty: whatever the queue held is gone

    // The worker's recovery sweep brings back the contract job and both runs; each completes once.
    const contract = await eventually(
      async () => (await db.query('SELECT id, proposal_id, status FROM contracts WHERE need_id = $1', [accepted.need_id]))[0],
      'the contract of the accepted proposal',
      60_000,
    );
    expect(contract).toMatchObject({ proposal_id: accepted.id, status: 'PENDING_SIGNATURE' });
    const [doneB, doneOrphan] = await Promise.all([waitForRun(api, b.organizer, runB, 60_000), waitForRun(api, b.organizer, orphan, 60_000)]);
    expect(doneB).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(doneOrphan).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });

    // Exactly once: one contract per need, each run's proposals once, no run left waiting.
    expect(await db.query('SELECT need_id FROM contracts GROUP BY need_id HAVING count(*) > 1')).toEqual([]);
    expect(await db.query('SELECT run_id FROM match_proposals GROUP BY run_id, need_id, organization_id HAVING count(*) > 1')).toEqual([]);
    for (const run of [doneB, doneOrphan]) {
      expect(await db.query('SELECT count(*)::int AS n FROM match_proposals WHERE run_id = $1', [run.id])).toEqual([{ n: run.proposalsCreated }]);
    }
    expect(await db.query(`SELECT id FROM match_runs WHERE status IN ('QUEUED', 'RUNNING')`)).toEqual([]);
    expect(await db.query(`SELECT status FROM match_proposals WHERE id = $1`, [accepted.id])).toEqual([{ status: 'CONTRACTED' }]);
    expect(await db.query(`SELECT status FROM match_proposals WHERE id = $1`, [declined.id])).toEqual([{ status: 'DECLINED' }]);

    // The schedules lost with Redis's data are back (closing expired bidding).
    const maintenance = api.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    await eventually(async () => (await maintenance.getJobSchedulers()).length > 0, 'the maintenance schedule', 30_000);
  });
});
