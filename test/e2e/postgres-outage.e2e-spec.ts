import { databaseName, queueConnection, QUEUES, validateEnvironment } from '@app/core';
import { INestApplicationContext } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, TestApi } from './support/api';
import { eventually } from './support/eventually';
import { seedClosedSession, waitForRun } from './support/matching-fixture';
import { freshDatabase } from './support/own-redis';

/**
 * The database cuts the worker (or the api) off mid-job: a test session holds a row the
 * job must write, waits until the job's connection queues behind it, and ends that
 * connection with pg_terminate_backend, found by its application_name, as a failover
 * or an administrator would. Over a database of its own, so every row counted is the
 * apps' own and no other run's connection is ever touched.
 */
jest.setTimeout(180_000);

const ENV = { RECOVERY_SWEEP_EVERY_MS: '1000', RECOVERY_STALL_MS: '60000' };
const ACCEPT = `mutation($id: ID!) { acceptProposal(id: $id) { id status } }`;

describe('PostgreSQL connections terminated mid-job (e2e)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let blocker: Client;
  let blockerPid: number;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    database = await freshDatabase('pg_outage');
    for (const [key, value] of Object.entries({ ...ENV, DATABASE_URL: database.url })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    api = await TestApi.start();
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
    blocker = new Client({ connectionString: database.url, application_name: 'outage-test-blocker' });
    await blocker.connect();
    blockerPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  });

  afterAll(async () => {
    await blocker?.end();
    await worker?.close();
    await api?.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await database?.drop();
  });

  /** Holds these needs' rows FOR UPDATE in the blocker's open transaction. */
  const holdNeeds = async (needIds: string[]) => {
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM service_needs WHERE id = ANY($1::uuid[]) FOR UPDATE', [needIds]);
  };
  const release = () => blocker.query('ROLLBACK');
  /**
   * Ends every connection of `app` in this database that waits for the blocker's rows; how
   * many it ended. Only those: a connection queued behind the job's own transaction (a run's
   * progress update waits for its run row) is not the job's, and ending it changes nothing.
   */
  const terminateWaiting = async (app: 'marketplace-worker' | 'marketplace-api'): Promise<number> => {
    const rows = await db.query(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'
          AND $2::int = ANY(pg_blocking_pids(pid))`,
      [app, blockerPid],
    );
    return rows.filter((r: { ended: boolean }) => r.ended).length;
  };
  const terminateNextWaiting = (app: 'marketplace-worker' | 'marketplace-api', what: string) =>
    eventually(async () => (await terminateWaiting(app)) > 0, `a ${app} connection waiting (${what})`, 60_000);

  it('finishes a match run exactly once when its connection is terminated while it stores the result', async () => {
    const fx = await seedClosedSession(api);
    await holdNeeds(fx.needIds);
    const runId = (await api.ok(`mutation($s: ID!) { runMatching(sessionId: $s) { id } }`, { s: fx.sessionId }, fx.organizer)).runMatching.id as string;
    // The run has written its proposals in its transaction and waits to mark the assigned needs MATCHED.
    await terminateNextWaiting('marketplace-worker', 'the run storing its result');
    await release();

    const run = await waitForRun(api, fx.organizer, runId, 60_000);
    expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM match_proposals WHERE run_id = $1', [runId]);
    expect(n).toBe(run.proposalsCreated);
    expect(await db.query('SELECT need_id FROM match_proposals WHERE run_id = $1 GROUP BY need_id, organization_id HAVING count(*) > 1', [runId])).toEqual([]);
    // Each assigned need moved to MATCHED once: the terminated attempt left nothing behind.
    const moves: Array<{ entity_id: string; n: number }> = await db.query(
      `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE entity_type = 'NEED' AND to_status = 'MATCHED' AND entity_id = ANY($1::uuid[]) GROUP BY entity_id`,
      [fx.needIds],
    );
    expect(moves.length).toBe(run.assignedCount);
    expect(moves.every((m) => m.n === 1)).toBe(true);
  });

  it('writes one contract when every attempt of its job lost the database, once the recovery sweep retries it', async () => {
    const fx = await seedClosedSession(api);
    const runId = (await api.ok(`mutation($s: ID!) { runMatching(sessionId: $s) { id } }`, { s: fx.sessionId }, fx.organizer)).runMatching.id as string;
    expect((await waitForRun(api, fx.organizer, runId, 60_000)).status).toBe('SUCCEEDED');
    const [proposal] = await db.query('SELECT id, need_id, organization_id FROM match_proposals WHERE run_id = $1 AND assigned ORDER BY rank, id LIMIT 1', [
      runId,
    ]);
    const community = fx.communities[fx.needCommunity.get(proposal.need_id)!];
    const organization = fx.organizations.find((o) => o.organizationId === proposal.organization_id)!;

    // The queue says when the job has failed for good (all its attempts used).
    const env = validateEnvironment(process.env); // the apps' own queue: Redis, or PostgreSQL without REDIS_URL
    const events = new QueueEvents(QUEUES.contracts, {
      connection: queueConnection(env) as never,
      ...(env.REDIS_URL ? { prefix: `mkt:${databaseName(env.DATABASE_URL)}` } : {}),
    });
    await events.waitUntilReady();
    let failedForGood = false;
    events.on('failed', ({ jobId }) => {
      if (jobId === `contract-${proposal.id}`) failedForGood = true;
    });
    try {
      await holdNeeds([proposal.need_id]);
      await api.ok(ACCEPT, { id: proposal.id }, community.token);
      await api.ok(ACCEPT, { id: proposal.id }, organization.token);
      // Every attempt of the contract job queues behind the held need and loses its connection.
      let terminated = 0;
      await eventually(
        async () => {
          if (!failedForGood) terminated += await terminateWaiting('marketplace-worker');
          return failedForGood;
        },
        'the contract job to fail all its attempts',
        60_000,
      );
      expect(terminated).toBeGreaterThanOrEqual(3); // DEFAULT_JOB_OPTIONS.attempts
      expect(await db.query('SELECT count(*)::int AS n FROM contracts WHERE need_id = $1', [proposal.need_id])).toEqual([{ n: 0 }]);
      expect(await db.query('SELECT status FROM match_proposals WHERE id = $1', [proposal.id])).toEqual([{ status: 'ACCEPTED' }]);
    } finally {
      await release();
      await events.close();
    }

    // The database is back: the sweep retries the failed job, which writes the contract once.
    const contract = await eventually(
      async () => (await db.query('SELECT id, proposal_id FROM contracts WHERE need_id = $1', [proposal.need_id]))[0],
      'the contract',
      60_000,
    );
    expect(contract.proposal_id).toBe(proposal.id);
    expect(await db.query('SELECT count(*)::int AS n FROM contracts WHERE need_id = $1', [proposal.need_id])).toEqual([{ n: 1 }]);
    expect(await db.query('SELECT status FROM match_proposals WHERE id = $1', [proposal.id])).toEqual([{ status: 'CONTRACTED' }]);
    const created = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'CONTRACT' AND entity_id = $1 AND from_status IS NULL`, [
      contract.id,
    ]);
    expect(created).toEqual([{ n: 1 }]);
  });

  it("answers SERVICE_UNAVAILABLE when the database ends the request's connection, and changes nothing", async () => {
    const c = await api.registerCommunity();
    const needId = (
      await api.ok(
        `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
        {
          input: {
            title: '社区助老服务',
            description: '为独居老人提供助餐服务',
            domain: 'ELDERLY_CARE',
            beneficiaries: 50,
            budget: '30000.00',
            fundingSource: 'CITY',
            startsOn: '2027-01-01',
            endsOn: '2027-06-30',
          },
        },
        c.token,
      )
    ).postNeed.id as string;
    await holdNeeds([needId]);
    try {
      const withdrawal = api.gql(`mutation($id: ID!) { withdrawNeed(id: $id) { id status } }`, { id: needId }, c.token);
      await terminateNextWaiting('marketplace-api', 'the withdrawal');
      const result = await withdrawal;
      expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
      expect(result.errors![0].extensions).toMatchObject({ reason: 'SERVICE_DOWN' });
    } finally {
      await release();
    }
    // Nothing changed, and the api answers the next request on a fresh connection.
    expect((await api.ok(`query($id: ID!) { need(id: $id) { status } }`, { id: needId }, c.token)).need.status).toBe('PUBLISHED');
  });
});
