import { channels, PUB_SUB, SessionEventMessage } from '@app/core';
import { DEFAULT_WEIGHTS } from '@app/matching';
import { DirectoryService } from '@app/directory';
import { MatchingRunsService, RunExecutor } from '@app/matching-runs';
import { NeedsService, NeedStatus } from '@app/needs';
import { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { ProposalRows, ProposalsRepository } from '../../libs/matching-runs/src/proposals.repository';
import { BREAKDOWN_KEYS, EngineInput, EngineOutput, EngineRows } from '../../libs/matching-runs/src/run/engine-thread';
import { RunPersist } from '../../libs/matching-runs/src/run/run-persist';
import { errorCode, TestApi } from './support/api';
import { MatchingFixture, RUN_FIELDS, seedClosedSession, waitForRun } from './support/matching-fixture';

const PROPOSAL_FIELDS =
  'id score rank assigned status communityAccepted organizationAccepted breakdown { domain capacity grade distance price performance distanceKm } need { id } organization { id } bid { id } run { id status }';
const RUN_MATCHING = `mutation($s: ID!, $w: MatchWeightsInput, $k: Int) { runMatching(sessionId: $s, weights: $w, topK: $k) { ${RUN_FIELDS} } }`;
const COMPONENTS = ['domain', 'capacity', 'grade', 'distance', 'price', 'performance'] as const;

describe('matching runs (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let fx: MatchingFixture;
  const countRuns = async () => Number((await db.query('SELECT count(*) FROM match_runs'))[0].count);

  beforeAll(async () => {
    api = await TestApi.start();
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
    fx = await seedClosedSession(api);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await api?.stop();
  });

  it("runs the worker without GraphQL: its modules hold no resolver, the api's do", () => {
    const resolvers = (app: INestApplicationContext) =>
      [...app.get(ModulesContainer).values()]
        .flatMap((m) => [...m.providers.values()])
        .filter((p) => typeof p.metatype === 'function' && Reflect.getMetadata('graphql:resolver_type', p.metatype) !== undefined)
        .map((p) => p.name);
    expect(resolvers(worker)).toEqual([]);
    expect(resolvers(api.app)).toEqual(expect.arrayContaining(['FairResolver', 'ServiceNeedResolver', 'MatchRunResolver', 'ContractResolver']));
  });

  it('recommends open needs to an organization, best first, with breakdowns and a synthetic SUCCEEDED run', async () => {
    const org = fx.organizations[3];
    const { recommendedNeeds } = await api.ok(`{ recommendedNeeds(first: 5) { ${PROPOSAL_FIELDS} } }`, {}, org.token);
    expect(recommendedNeeds.length).toBeGreaterThan(0);
    expect(recommendedNeeds.length).toBeLessThanOrEqual(5);
    const scores = recommendedNeeds.map((p: any) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const [i, p] of recommendedNeeds.entries()) {
      expect(p.organization.id).toBe(org.organizationId);
      expect(fx.needIds).toContain(p.need.id);
      expect(p.rank).toBe(i + 1);
      expect(p.run.status).toBe('SUCCEEDED');
      expect(p.breakdown.distanceKm).toBeGreaterThanOrEqual(0);
    }
    expect(errorCode(await api.gql(`{ recommendedNeeds { id } }`, {}, fx.communities[0].token))).toBe('FORBIDDEN');
  });

  it('lets only organizers and admins run matching', async () => {
    const before = await countRuns();
    expect(errorCode(await api.gql(RUN_MATCHING, { s: fx.sessionId }, fx.communities[0].token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(RUN_MATCHING, { s: fx.sessionId }, fx.organizations[0].token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(RUN_MATCHING, { s: fx.sessionId }))).toBe('UNAUTHENTICATED');
    expect(await countRuns()).toBe(before);
  });

  it.each([
    ['a negative weight', { distance: -1 }, 10, 'distance'],
    ['all weights zero', { domain: 0, capacity: 0, grade: 0, distance: 0, price: 0, performance: 0 }, 10, 'weights'],
    ['topK 0', undefined, 0, 'topK'],
    ['topK above 100', undefined, 101, 'topK'],
  ])('refuses %s with BAD_USER_INPUT naming it, and stores no run', async (_, w, k, key) => {
    const before = await countRuns();
    const result = await api.gql(RUN_MATCHING, { s: fx.sessionId, w, k }, fx.organizer);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toContain(key);
    expect(await countRuns()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown session and CONFLICT for a session still OPEN', async () => {
    expect(errorCode(await api.gql(RUN_MATCHING, { s: '00000000-0000-4000-8000-000000000000' }, fx.organizer))).toBe('NOT_FOUND');
    const need = await api.ok(
      `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
      {
        input: {
          title: '助残康复项目',
          description: '残疾人社区康复',
          domain: 'DISABILITY_SUPPORT',
          beneficiaries: 40,
          budget: '60000.00',
          fundingSource: 'CITY',
          startsOn: '2027-04-01',
          endsOn: '2027-12-31',
          fairId: fx.fairId,
        },
      },
      fx.communities[0].token,
    );
    const open = await api.ok(
      `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
      {
        input: {
          fairId: fx.fairId,
          title: '助残专场',
          zone: 'NEGOTIATION',
          bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
          needIds: [need.postNeed.id],
        },
      },
      fx.organizer,
    );
    const before = await countRuns();
    expect(errorCode(await api.gql(RUN_MATCHING, { s: open.openSession.id }, fx.organizer))).toBe('CONFLICT');
    expect(await countRuns()).toBe(before);
  });

  describe('a run over the real queue and worker', () => {
    let run: Record<string, any>;
    let proposals: any[];
    const events: SessionEventMessage[] = [];
    const weights = { domain: 2, distance: 1.5, price: 0.5 };

    beforeAll(async () => {
      const pubSub = api.app.get<PubSubEngine>(PUB_SUB);
      await pubSub.subscribe(channels.session(fx.sessionId), (m: SessionEventMessage) => events.push(m), {});
      const { runMatching } = await api.ok(RUN_MATCHING, { s: fx.sessionId, w: weights, k: 3 }, fx.organizer);
      expect(runMatching.status).toBe('QUEUED');
      run = await waitForRun(api, fx.organizer, runMatching.id);
      proposals = (await api.ok(`query($f: ProposalFilter!) { proposals(filter: $f) { ${PROPOSAL_FIELDS} } }`, { f: { runId: run.id } }, fx.organizer))
        .proposals;
    }, 60_000);

    it('succeeds with its figures filled in and the resolved weights stored', async () => {
      expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 1, error: null, topK: 3, attempts: 1 });
      expect(run.weights).toEqual({ domain: 2, capacity: 0.1, grade: 0.15, distance: 1.5, price: 0.5, performance: 0.15 });
      expect(run.proposalsCreated).toBe(proposals.length);
      expect(run.pairsScored).toBeGreaterThanOrEqual(proposals.length);
      const assigned = proposals.filter((p) => p.assigned);
      expect(run.assignedCount).toBe(assigned.length);
      expect(run.totalScore).toBeCloseTo(
        assigned.reduce((s, p) => s + p.score, 0),
        9,
      );
      expect(new Date(run.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
    });

    it('writes proposals over several COPY statements, every row once and exactly as given (the breakdown to the last bit)', async () => {
      const [copy] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 3, 'RUNNING') RETURNING id`, [fx.sessionId]);
      try {
        const rows: ProposalRows = {
          count: proposals.length,
          needId: (i) => proposals[i].need.id,
          organizationId: (i) => proposals[i].organization.id,
          bidId: (i) => proposals[i].bid?.id ?? null,
          score: (i) => proposals[i].score,
          breakdown: (i, key) => proposals[i].breakdown[key],
          rank: (i) => proposals[i].rank,
          assigned: (i) => proposals[i].assigned,
        };
        const statements = Math.ceil(proposals.length / 7);
        expect(statements).toBeGreaterThan(1);
        const written = await db.transaction(async (m) => {
          const writer = await worker.get(ProposalsRepository).openCopy(m, copy.id, 7);
          await writer.write(rows);
          return writer.end();
        });
        expect(written).toBe(proposals.length);
        const stored = await db.query(
          `SELECT need_id, organization_id, bid_id, score, breakdown, rank, assigned FROM match_proposals WHERE run_id = $1 ORDER BY need_id, rank`,
          [copy.id],
        );
        const expected = [...proposals]
          .sort((a, b) => (a.need.id < b.need.id ? -1 : a.need.id > b.need.id ? 1 : a.rank - b.rank))
          .map((p) => ({
            need_id: p.need.id,
            organization_id: p.organization.id,
            bid_id: p.bid?.id ?? null,
            score: p.score,
            breakdown: p.breakdown,
            rank: p.rank,
            assigned: p.assigned,
          }));
        expect(stored).toEqual(expected);
      } finally {
        await db.query('DELETE FROM match_runs WHERE id = $1', [copy.id]);
      }
    });

    it('keeps what it saw of supply and demand: every eligible pair counted once, every need with its candidates', async () => {
      const { supply, demand } = await api.app.get(MatchingRunsService).runFacts(run.id);
      expect(supply.reduce((sum, s) => sum + s.eligiblePairs, 0)).toBe(run.pairsScored);
      expect(demand.map((d) => d.needId).sort()).toEqual([...fx.needIds].sort());
      expect(demand.reduce((sum, d) => sum + d.candidates, 0)).toBe(run.pairsScored);
      // Every proposal's organization was eligible for its need, so it is in the supply, with the grade it had.
      const organizations: Array<{ id: string; grade: string; form: string; performance_score: number | null }> = await db.query(
        'SELECT id, grade, form, performance_score FROM organizations WHERE id = ANY($1::uuid[])',
        [supply.map((s) => s.organizationId)],
      );
      const byId = new Map(organizations.map((o) => [o.id, o]));
      for (const p of proposals) expect(byId.has(p.organization.id)).toBe(true);
      for (const s of supply) {
        expect(s).toMatchObject({ grade: byId.get(s.organizationId)!.grade, form: byId.get(s.organizationId)!.form });
        expect(s.newcomer).toBe(byId.get(s.organizationId)!.performance_score === null);
      }
      const districts: Array<{ id: string; district: string }> = await db.query('SELECT id, district FROM service_needs WHERE id = ANY($1::uuid[])', [
        fx.needIds,
      ]);
      for (const d of demand) expect(d.district).toBe(districts.find((n) => n.id === d.needId)!.district);
    });

    it('explains every score: the weighted mean of its breakdown with the run weights', () => {
      const w = run.weights;
      const sum = COMPONENTS.reduce((s, k) => s + w[k], 0);
      expect(proposals.length).toBeGreaterThan(0);
      for (const p of proposals) {
        const mean = COMPONENTS.reduce((s, k) => s + w[k] * p.breakdown[k], 0) / sum;
        expect(Math.abs(mean - p.score)).toBeLessThan(1e-9);
        for (const k of COMPONENTS) expect(p.breakdown[k]).toBeGreaterThanOrEqual(0);
      }
    });

    it('ranks each need 1..k by score, orders by need then rank, and keeps the bid on its pair', () => {
      const byNeed = new Map<string, any[]>();
      for (const p of proposals) byNeed.set(p.need.id, [...(byNeed.get(p.need.id) ?? []), p]);
      const needOrder = proposals.map((p) => p.need.id).filter((id, i, all) => i === 0 || all[i - 1] !== id);
      expect(new Set(needOrder).size).toBe(needOrder.length); // each need's proposals are contiguous
      for (const list of byNeed.values()) {
        expect(list.map((p) => p.rank)).toEqual(list.map((_, i) => i + 1));
        // top-K (3) plus, at most, the assigned pair ranked last
        expect(list.length).toBeLessThanOrEqual(4);
        const kept = list.filter((p) => p.rank <= 3);
        expect(kept.map((p) => p.score)).toEqual([...kept.map((p) => p.score)].sort((a, b) => b - a));
      }
      const bidPair = proposals.find((p) => p.need.id === fx.needIds[0] && p.organization.id === fx.organizations[2].organizationId);
      expect(bidPair?.bid?.id).toBeTruthy();
    });

    it('assigns each need at most once and no organization beyond its free capacity', () => {
      const assigned = proposals.filter((p) => p.assigned);
      expect(new Set(assigned.map((p) => p.need.id)).size).toBe(assigned.length);
      const perOrg = new Map<string, number>();
      for (const p of assigned) perOrg.set(p.organization.id, (perOrg.get(p.organization.id) ?? 0) + 1);
      for (const org of fx.organizations) expect(perOrg.get(org.organizationId) ?? 0).toBeLessThanOrEqual(org.capacity);
      // 8 needs, 7 slots: capacity, not the needs, bounds the assignment.
      expect(assigned.length).toBeLessThanOrEqual(7);
      expect(assigned.length).toBeGreaterThan(0);
    });

    it('moves the session to MATCHED and the assigned needs to MATCHED, and lists the run on the session', async () => {
      const { session } = await api.ok(`query($id: ID!) { session(id: $id) { status runs { id status } } }`, { id: fx.sessionId }, fx.organizer);
      expect(session.status).toBe('MATCHED');
      expect(session.runs.map((r: any) => r.id)).toContain(run.id);
      const assignedNeeds = proposals.filter((p) => p.assigned).map((p) => p.need.id);
      const rows: Array<{ id: string; status: string }> = await db.query('SELECT id, status FROM service_needs WHERE id = ANY($1::uuid[])', [fx.needIds]);
      for (const row of rows) expect(row.status).toBe(assignedNeeds.includes(row.id) ? 'MATCHED' : 'PUBLISHED');
    });

    it('audits each need the run moved to MATCHED, like every other move of a need, and no other need', async () => {
      const trail = async (needId: string) =>
        (
          await api.ok(
            `query($id: ID!) { auditTrail(entityType: "NEED", entityId: $id) { fromStatus toStatus actorRole actorUserId detail } }`,
            { id: needId },
            fx.organizer,
          )
        ).auditTrail as Array<{ fromStatus: string | null; toStatus: string; actorRole: string; actorUserId: string | null; detail: any }>;
      const assignedNeeds = new Set(proposals.filter((p) => p.assigned).map((p) => p.need.id));
      expect(assignedNeeds.size).toBeGreaterThan(0);
      for (const needId of fx.needIds) {
        const matched = (await trail(needId)).filter((e) => e.toStatus === 'MATCHED');
        if (assignedNeeds.has(needId)) {
          expect(matched).toEqual([{ fromStatus: 'PUBLISHED', toStatus: 'MATCHED', actorRole: 'SYSTEM', actorUserId: null, detail: { runId: run.id } }]);
        } else {
          expect(matched).toEqual([]);
        }
      }
    });

    it('published RUN_PROGRESS and RUN_FINISHED on the session channel', async () => {
      const deadline = Date.now() + 5000;
      while (!events.some((e) => e.type === 'RUN_FINISHED' && e.runId === run.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events.some((e) => e.type === 'RUN_FINISHED' && e.runId === run.id)).toBe(true);
      expect(events.some((e) => e.type === 'RUN_PROGRESS' && e.runId === run.id)).toBe(true);
    });

    it('shows a community only the proposals on its own needs, an organization only its own', async () => {
      const community = fx.communities[0];
      const seen = (await api.ok(`query($f: ProposalFilter!) { proposals(filter: $f) { need { id } } }`, { f: { runId: run.id } }, community.token)).proposals;
      const own = proposals.filter((p) => fx.needCommunity.get(p.need.id) === 0);
      expect(seen.length).toBe(own.length);
      expect(seen.every((p: any) => fx.needCommunity.get(p.need.id) === 0)).toBe(true);

      const org = fx.organizations[3];
      const mine = (await api.ok(`query($f: ProposalFilter!) { proposals(filter: $f) { organization { id } } }`, { f: { sessionId: fx.sessionId } }, org.token))
        .proposals;
      expect(mine.length).toBe(proposals.filter((p) => p.organization.id === org.organizationId).length);
      expect(mine.every((p: any) => p.organization.id === org.organizationId)).toBe(true);
      // Asking for another organization's proposals yields nothing, not theirs.
      const others = (
        await api.ok(`query($f: ProposalFilter!) { proposals(filter: $f) { id } }`, { f: { organizationId: fx.organizations[0].organizationId } }, org.token)
      ).proposals;
      expect(others).toEqual([]);

      const assignedOnly = (
        await api.ok(`query($f: ProposalFilter!) { proposals(filter: $f) { assigned } }`, { f: { runId: run.id, assignedOnly: true } }, fx.organizer)
      ).proposals;
      expect(assignedOnly.length).toBe(run.assignedCount);
      expect(errorCode(await api.gql(`{ proposals(filter: {}) { id } }`, {}, fx.organizer))).toBe('BAD_USER_INPUT');
    });

    it('never duplicates proposals when the same run is enqueued again or processed again', async () => {
      const count = async () => Number((await db.query('SELECT count(*) FROM match_proposals WHERE run_id = $1', [run.id]))[0].count);
      const before = await count();
      await api.app.get(MatchingRunsService).enqueue(run.id); // same jobId: the queue keeps one job
      const outcome = await worker.get(RunExecutor).execute(run.id); // a redelivered job finds the run SUCCEEDED
      expect(outcome.outcome).toBe('ALREADY_SUCCEEDED');
      await new Promise((r) => setTimeout(r, 500));
      expect(await count()).toBe(before);
      expect((await waitForRun(api, fx.organizer, run.id)).attempts).toBe(1);
    });

    it('stores one copy of each proposal when two executions of a run race to finish', async () => {
      const [{ id }] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k) VALUES ($1, $2, 3) RETURNING id`, [fx.sessionId, run.weights]);
      const executor = worker.get(RunExecutor);
      const outcomes = await Promise.all([executor.execute(id), executor.execute(id)]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['ALREADY_SUCCEEDED', 'SUCCEEDED']);
      const [{ total, distinct }] = await db.query(
        'SELECT count(*)::int AS total, count(DISTINCT (need_id, organization_id))::int AS distinct FROM match_proposals WHERE run_id = $1',
        [id],
      );
      expect(total).toBe(distinct);
      expect(total).toBe(proposals.length); // same session, same weights and topK: the same proposals
      const stored = await waitForRun(api, fx.organizer, id);
      expect(stored.proposalsCreated).toBe(total);
    });

    describe('its final transaction, opened with the engine', () => {
      // A run row in RUNNING, and the engine's rows for the stored run's first proposals, as the thread streams them.
      const openRun = async () =>
        (await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 3, 'RUNNING') RETURNING id`, [fx.sessionId]))[0]
          .id as string;
      const streamOf = (organizationIds: string[]) => {
        const picked = proposals.slice(0, organizationIds.length);
        const input = {
          needs: picked.map((p) => ({ id: p.need.id })),
          organizations: organizationIds.map((id) => ({ id })),
          bids: [],
        } as unknown as EngineInput;
        const n = picked.length;
        const rows: EngineRows = {
          count: n,
          need: Int32Array.from(picked, (_, i) => i),
          organization: Int32Array.from(picked, (_, i) => i),
          bid: new Int32Array(n).fill(-1),
          score: Float64Array.from(picked, (p) => p.score),
          breakdown: Object.fromEntries(BREAKDOWN_KEYS.map((k) => [k, Float64Array.from(picked, (p) => p.breakdown[k])])) as EngineRows['breakdown'],
          rank: Int32Array.from(picked, () => 1),
        };
        return { input, rows };
      };
      const claimed = (runId: string) => ({ runId, sessionId: fx.sessionId, fairId: fx.fairId, weights: {}, topK: 3, attempts: 1 });
      const stored = async (runId: string) => Number((await db.query('SELECT count(*) FROM match_proposals WHERE run_id = $1', [runId]))[0].count);
      // The run row can be locked at once: no transaction of a run's write holds it any more.
      const rowFree = async (runId: string) => {
        const runner = db.createQueryRunner();
        try {
          await runner.startTransaction();
          await runner.query(`SET LOCAL lock_timeout = '200ms'`);
          await runner.query('SELECT 1 FROM match_runs WHERE id = $1 FOR NO KEY UPDATE', [runId]);
          return true;
        } catch {
          return false;
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      };

      it('stores nothing of a run that fails after its first proposals were written, and frees its row', async () => {
        const runId = await openRun();
        try {
          const { input, rows } = streamOf(proposals.slice(0, 5).map((p) => p.organization.id));
          const write = worker.get(RunPersist).begin(claimed(runId), input, 'test');
          write.rows(rows);
          for (let tries = 0; (await rowFree(runId)) && tries < 20; tries++) await new Promise((r) => setTimeout(r, 50));
          expect(await rowFree(runId)).toBe(false); // the write holds the run row from the start
          await write.abort();
          expect(await rowFree(runId)).toBe(true);
          expect(await stored(runId)).toBe(0);
          expect((await db.query('SELECT status FROM match_runs WHERE id = $1', [runId]))[0].status).toBe('RUNNING');
        } finally {
          await db.query('DELETE FROM match_runs WHERE id = $1', [runId]);
        }
      });

      it('frees the run row when the run fails while its transaction is still opening, rows already streamed', async () => {
        const runId = await openRun();
        try {
          const { input, rows } = streamOf(proposals.slice(0, 5).map((p) => p.organization.id));
          const write = worker.get(RunPersist).begin(claimed(runId), input, 'test');
          write.rows(rows); // queued behind the transaction's opening, written when it is open
          await write.abort(); // at once: the COPY those rows open must not be left holding the connection
          expect(await rowFree(runId)).toBe(true);
          expect(await stored(runId)).toBe(0);
        } finally {
          await db.query('DELETE FROM match_runs WHERE id = $1', [runId]);
        }
      });

      it("fails with the server's error when a streamed proposal breaks a foreign key, storing nothing of the run", async () => {
        const runId = await openRun();
        try {
          const organizationIds = proposals.slice(0, 3).map((p) => p.organization.id);
          organizationIds[2] = '00000000-0000-4000-8000-000000000000'; // no such organization
          const { input, rows } = streamOf(organizationIds);
          const write = worker.get(RunPersist).begin(claimed(runId), input, 'test');
          write.rows(rows);
          const output = {
            streamedCount: rows.count,
            extra: { ...rows, count: 0 },
            assignedNeeds: new Int32Array(0),
            assignedOrganizations: new Int32Array(0),
            eligiblePairs: new Int32Array(organizationIds.length),
            candidates: new Int32Array(rows.count),
            pairsScored: rows.count,
            assignedCount: 0,
            totalScore: 0,
            timingsMs: { candidates: 0, scoring: 0, assignment: 0 },
          } satisfies EngineOutput;
          const seen = { organizationForms: [], needDistricts: [] };
          await expect(write.finish(output, seen)).rejects.toThrow(/foreign key/);
          expect(await rowFree(runId)).toBe(true); // finish ended the transaction itself
          expect(await stored(runId)).toBe(0);
          await write.abort(); // what the executor does on any failure: harmless once ended
        } finally {
          await db.query('DELETE FROM match_runs WHERE id = $1', [runId]);
        }
      });
    });

    it("lets two runs of one session store at once: moving a need, or the contract writer's locks, never wait for another run's proposals", async () => {
      // Writing a proposal takes KEY SHARE on its need and organization (the foreign keys) until the
      // run commits. Two runs that had both written theirs, each then moving the needs, deadlocked
      // while those moves locked FOR UPDATE (one attempt failed and was retried).
      const p = proposals[0];
      const [other] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 3, 'RUNNING') RETURNING id`, [
        fx.sessionId,
      ]);
      const one: ProposalRows = {
        count: 1,
        needId: () => p.need.id,
        organizationId: () => p.organization.id,
        bidId: () => null,
        score: () => p.score,
        breakdown: (_i, key) => p.breakdown[key],
        rank: () => 1,
        assigned: () => false,
      };
      const holder = db.createQueryRunner();
      const mover = db.createQueryRunner();
      await Promise.all([holder.connect(), mover.connect()]);
      await holder.startTransaction();
      await mover.startTransaction();
      try {
        const writer = await worker.get(ProposalsRepository).openCopy(holder.manager, other.id);
        await writer.write(one);
        expect(await writer.end()).toBe(1);
        await mover.query(`SET LOCAL lock_timeout = '2s'`); // waiting for the holder would end here with an error
        // Whatever the need's status (MATCHED if the run assigned it, else PUBLISHED), moved to itself: the lock is what counts.
        const [{ status }] = await mover.query('SELECT status FROM service_needs WHERE id = $1', [p.need.id]);
        const moved = await api.app.get(NeedsService).changeStatus(mover.manager, null, [p.need.id], [status as NeedStatus], status as NeedStatus);
        expect(moved).toEqual([p.need.id]);
        expect((await api.app.get(NeedsService).lock(mover.manager, p.need.id, 'update')).id).toBe(p.need.id);
        expect((await api.app.get(DirectoryService).lockOrganization(mover.manager, p.organization.id)).id).toBe(p.organization.id);
      } finally {
        await mover.rollbackTransaction();
        await holder.rollbackTransaction();
        await Promise.all([holder.release(), mover.release()]);
        await db.query('DELETE FROM match_runs WHERE id = $1', [other.id]);
      }
    });

    it('allows a re-run on a MATCHED session with other weights', async () => {
      const { runMatching } = await api.ok(RUN_MATCHING, { s: fx.sessionId, w: { performance: 1 } }, fx.organizer);
      const again = await waitForRun(api, fx.organizer, runMatching.id);
      expect(again.status).toBe('SUCCEEDED');
      expect(again.weights.performance).toBe(1);
    });
  });

  it('marks a run FAILED with the error when it cannot be executed, instead of leaving it RUNNING', async () => {
    // A run row for a session that is still OPEN (the api would have refused it): the worker must fail it.
    const need = await api.ok(
      `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
      {
        input: {
          title: '青少年社工项目',
          description: '四点半课堂',
          domain: 'MINOR_PROTECTION',
          beneficiaries: 30,
          budget: '50000.00',
          fundingSource: 'STREET',
          startsOn: '2027-04-01',
          endsOn: '2027-12-31',
          fairId: fx.fairId,
        },
      },
      fx.communities[1].token,
    );
    const open = await api.ok(
      `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
      {
        input: {
          fairId: fx.fairId,
          title: '青少年专场',
          zone: 'NEGOTIATION',
          bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
          needIds: [need.postNeed.id],
        },
      },
      fx.organizer,
    );
    const [{ id }] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k) VALUES ($1, $2, 10) RETURNING id`, [
      open.openSession.id,
      DEFAULT_WEIGHTS,
    ]);
    await api.app.get(MatchingRunsService).enqueue(id);
    const failed = await waitForRun(api, fx.organizer, id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toContain('OPEN');
    expect(Number((await db.query('SELECT count(*) FROM match_proposals WHERE run_id = $1', [id]))[0].count)).toBe(0);
  });
});
