import { LiveEvents } from '@app/core';
import { FAIR_STATS_TTL_MS, FairStatsService, SessionsService } from '@app/fairs';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, TestApi } from './support/api';
import { eventually, FairFixtures } from './support/fairs';

jest.setTimeout(60_000);

describe('fairs and sessions (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let fx: FairFixtures;
  let organizer: string;
  let community: { token: string; communityId: string };

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    fx = new FairFixtures(api);
    organizer = await api.organizerToken();
    community = await api.registerCommunity();
  });
  afterAll(() => api.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].count);
  const sessionStatus = async (id: string) => (await api.ok(`query($id: ID!) { session(id: $id) { status } }`, { id })).session.status;

  describe('createFair', () => {
    it('lets an ORGANIZER create a PLANNED fair that everyone can read', async () => {
      const id = await fx.createFair(organizer, { name: '社洽会 2026', city: '南京' });
      const data = await api.ok(`query($id: ID!) { fair(id: $id) { id name city startsOn endsOn status sessions { id } } fairs { id } }`, { id });
      expect(data.fair).toEqual({ id, name: '社洽会 2026', city: '南京', startsOn: '2026-11-20', endsOn: '2026-11-22', status: 'PLANNED', sessions: [] });
      expect(data.fairs.map((f: { id: string }) => f.id)).toContain(id);
    });

    it('refuses every other role and anonymous callers, storing nothing', async () => {
      const before = await count('SELECT count(*) FROM fairs');
      const org = await api.registerOrganization();
      const admin = await api.adminToken();
      const mutation = `mutation { createFair(input: { name: "非法", city: "南京", startsOn: "2026-11-20", endsOn: "2026-11-21" }) { id } }`;
      expect(errorCode(await api.gql(mutation, {}, community.token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(mutation, {}, org.token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(mutation, {}, admin))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(mutation))).toBe('UNAUTHENTICATED');
      expect(await count('SELECT count(*) FROM fairs')).toBe(before);
    });

    it.each([
      ['dates out of order', { startsOn: '2026-11-22', endsOn: '2026-11-20' }, 'endsOn'],
      ['a date that does not exist', { startsOn: '2026-02-30' }, 'startsOn'],
      ['an empty name', { name: '' }, 'name'],
    ])('rejects %s naming the field and stores nothing', async (_, patch, field) => {
      const before = await count('SELECT count(*) FROM fairs');
      const result = await api.gql(
        `mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`,
        {
          input: { name: '社洽会', city: '南京', startsOn: '2026-11-20', endsOn: '2026-11-22', ...patch },
        },
        organizer,
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain(field);
      expect(await count('SELECT count(*) FROM fairs')).toBe(before);
    });

    it('answers null for an unknown fair', async () => {
      expect((await api.ok(`{ fair(id: "00000000-0000-4000-8000-000000000000") { id } }`)).fair).toBeNull();
      expect((await api.ok(`{ fair(id: "not-an-id") { id } }`)).fair).toBeNull();
    });
  });

  describe('openSession', () => {
    it('puts every PUBLISHED need of the fair on the table when needIds is omitted, and opens the fair', async () => {
      const fairId = await fx.createFair(organizer);
      const otherFair = await fx.createFair(organizer);
      const a = await fx.postNeed(community.token, { fairId });
      const b = await fx.postNeed(community.token, { fairId, domain: 'MINOR_PROTECTION' });
      await fx.postNeed(community.token, { fairId, draft: true });
      await fx.postNeed(community.token, { fairId: otherFair });
      const sessionId = await fx.openSession(organizer, fairId, { zone: 'NEGOTIATION' });
      const data = await api.ok(`query($id: ID!) { session(id: $id) { id title zone status bidDeadline fair { id status } needs { id fair { id } } } }`, {
        id: sessionId,
      });
      expect(data.session).toMatchObject({ zone: 'NEGOTIATION', status: 'OPEN', fair: { id: fairId, status: 'OPEN' } });
      expect(data.session.needs.map((n: { id: string }) => n.id).sort()).toEqual([a, b].sort());
      expect(data.session.needs[0].fair.id).toBe(fairId);
      const fair = await api.ok(`query($id: ID!) { fair(id: $id) { sessions { id } } }`, { id: fairId });
      expect(fair.fair.sessions).toEqual([{ id: sessionId }]);
    });

    it('puts exactly the needs given on the table', async () => {
      const fairId = await fx.createFair(organizer);
      const a = await fx.postNeed(community.token, { fairId });
      await fx.postNeed(community.token, { fairId });
      const sessionId = await fx.openSession(organizer, fairId, { needIds: [a, a] });
      expect((await api.ok(`query($id: ID!) { session(id: $id) { needs { id } } }`, { id: sessionId })).session.needs).toEqual([{ id: a }]);
    });

    it('is for ORGANIZERs only', async () => {
      const fairId = await fx.createFair(organizer);
      await fx.postNeed(community.token, { fairId });
      const input = { fairId, title: '专场', zone: 'EXHIBITION', bidDeadline: new Date(Date.now() + 60_000).toISOString() };
      const query = `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`;
      expect(errorCode(await api.gql(query, { input }, community.token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(query, { input }))).toBe('UNAUTHENTICATED');
      expect(await count('SELECT count(*) FROM match_sessions WHERE fair_id = $1', [fairId])).toBe(0);
    });

    it('refuses bad sessions with the right code, naming the input, and stores nothing', async () => {
      const fairId = await fx.createFair(organizer);
      const otherFair = await fx.createFair(organizer);
      const published = await fx.postNeed(community.token, { fairId });
      const draft = await fx.postNeed(community.token, { fairId, draft: true });
      const elsewhere = await fx.postNeed(community.token, { fairId: otherFair });
      const emptyFair = await fx.createFair(organizer);
      const future = new Date(Date.now() + 60_000).toISOString();
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ bidDeadline: new Date(Date.now() - 1000).toISOString() }, 'BAD_USER_INPUT', 'bidDeadline'],
        [{ fairId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'Fair'],
        [{ needIds: [published, '00000000-0000-4000-8000-000000000001'] }, 'NOT_FOUND', 'needIds'],
        [{ needIds: [published, draft] }, 'CONFLICT', 'needIds'],
        [{ needIds: [elsewhere] }, 'BAD_USER_INPUT', 'needIds'],
        [{ needIds: [] }, 'BAD_USER_INPUT', 'needIds'],
        [{ needIds: ['nope'] }, 'BAD_USER_INPUT', 'needIds'],
        [{ fairId: emptyFair }, 'CONFLICT', 'PUBLISHED'],
      ];
      for (const [patch, code, mentions] of cases) {
        const result = await api.gql(
          `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
          {
            input: { fairId, title: '专场', zone: 'EXHIBITION', bidDeadline: future, ...patch },
          },
          organizer,
        );
        expect([JSON.stringify(patch), errorCode(result)]).toEqual([JSON.stringify(patch), code]);
        expect(result.errors![0].message).toContain(mentions);
      }
      expect(await count('SELECT count(*) FROM match_sessions WHERE fair_id = ANY($1)', [[fairId, otherFair, emptyFair]])).toBe(0);
      expect((await api.ok(`query($id: ID!) { fair(id: $id) { status } }`, { id: fairId })).fair.status).toBe('PLANNED');
    });
  });

  describe('session status', () => {
    let sessionId: string;
    beforeAll(async () => {
      const fairId = await fx.createFair(organizer);
      await fx.postNeed(community.token, { fairId });
      sessionId = await fx.openSession(organizer, fairId);
    });

    it('moves OPEN → CLOSED_FOR_BIDS → MATCHED → CLOSED and answers CONFLICT to every other move', async () => {
      const close = `mutation($id: ID!) { closeBidding(sessionId: $id) { status } }`;
      const end = `mutation($id: ID!) { closeSession(sessionId: $id) { status } }`;
      expect(errorCode(await api.gql(end, { id: sessionId }, organizer))).toBe('CONFLICT');
      expect(errorCode(await api.gql(close, { id: sessionId }, community.token))).toBe('FORBIDDEN');
      expect((await api.ok(close, { id: sessionId }, organizer)).closeBidding.status).toBe('CLOSED_FOR_BIDS');
      expect(errorCode(await api.gql(close, { id: sessionId }, organizer))).toBe('CONFLICT');
      expect(errorCode(await api.gql(end, { id: sessionId }, organizer))).toBe('CONFLICT');

      // The matching worker's move, in its own transaction; a re-run leaves MATCHED as it is.
      const sessions = api.app.get(SessionsService);
      expect((await db.transaction((m) => sessions.markMatched(m, sessionId))).changed).toBe(true);
      expect((await db.transaction((m) => sessions.markMatched(m, sessionId))).changed).toBe(false);
      expect(await sessionStatus(sessionId)).toBe('MATCHED');
      expect(errorCode(await api.gql(close, { id: sessionId }, organizer))).toBe('CONFLICT');

      expect((await api.ok(end, { id: sessionId }, organizer)).closeSession.status).toBe('CLOSED');
      expect(errorCode(await api.gql(end, { id: sessionId }, organizer))).toBe('CONFLICT');
      await expect(db.transaction((m) => sessions.markMatched(m, sessionId))).rejects.toMatchObject({ code: 'CONFLICT' });

      const audit = await db.query(`SELECT from_status, to_status FROM audit_log WHERE entity_type = 'SESSION' AND entity_id = $1 ORDER BY id`, [sessionId]);
      expect(audit.map((a: { from_status: string | null; to_status: string }) => `${a.from_status}->${a.to_status}`)).toEqual([
        'null->OPEN',
        'OPEN->CLOSED_FOR_BIDS',
        'CLOSED_FOR_BIDS->MATCHED',
        'MATCHED->CLOSED',
      ]);
    });

    it('lets exactly one of many parallel closeBidding calls win', async () => {
      const fairId = await fx.createFair(organizer);
      await fx.postNeed(community.token, { fairId });
      const id = await fx.openSession(organizer, fairId);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => api.gql(`mutation($id: ID!) { closeBidding(sessionId: $id) { status } }`, { id }, organizer)),
      );
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(7);
      expect(await count(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND to_status = 'CLOSED_FOR_BIDS'`, [id])).toBe(1);
    });

    it('answers NOT_FOUND for an unknown session', async () => {
      const result = await api.gql(`mutation { closeBidding(sessionId: "00000000-0000-4000-8000-000000000000") { status } }`, {}, organizer);
      expect(errorCode(result)).toBe('NOT_FOUND');
    });
  });

  describe('bid deadline on the worker', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await createWorkerApp();
    });
    afterAll(() => worker.close());

    it('closes bidding once the deadline passes, by the periodic job', async () => {
      const fairId = await fx.createFair(organizer);
      await fx.postNeed(community.token, { fairId });
      const early = await fx.openSession(organizer, fairId, { deadlineMs: 2000 });
      const later = await fx.openSession(organizer, fairId, { deadlineMs: 3600_000 });
      expect(await sessionStatus(early)).toBe('OPEN');
      await eventually(async () => (await sessionStatus(early)) === 'CLOSED_FOR_BIDS', 'the worker to close bidding at the deadline', 15_000);
      expect(await sessionStatus(later)).toBe('OPEN');
      expect(await count(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND to_status = 'CLOSED_FOR_BIDS' AND actor_role = 'SYSTEM'`, [early])).toBe(1);
    });
  });

  describe('stats', () => {
    const figures = async (fairId: string) =>
      (await api.ok(`query($id: ID!) { fair(id: $id) { stats { needsListed bidsSubmitted proposals } } }`, { id: fairId })).fair.stats as {
        needsListed: number;
        bidsSubmitted: number;
        proposals: number;
      };

    describe('cached between changes', () => {
      let service: FairStatsService;
      beforeAll(() => {
        // A minute: what the reads below see comes from the invalidations, never from the entry expiring.
        service = api.app.get(FairStatsService);
        service.ttlMs = 60_000;
      });
      afterAll(() => (service.ttlMs = FAIR_STATS_TTL_MS));

      it('serves the figures from memory, and a bid, its withdrawal and a posted need show at the next read', async () => {
        const fairId = await fx.createFair(organizer);
        const needId = await fx.postNeed(community.token, { fairId });
        const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
        const a = await fx.organization(['ELDERLY_CARE']);
        expect(await figures(fairId)).toEqual({ needsListed: 1, bidsSubmitted: 0, proposals: 0 });

        // A row written behind the api's back (no event): the cached figures stay as they were.
        const [run] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 10, 'SUCCEEDED') RETURNING id`, [
          sessionId,
        ]);
        await db.query(
          `INSERT INTO match_proposals (run_id, need_id, organization_id, score, breakdown, rank, assigned) VALUES ($1, $2, $3, 0.8, '{}', 1, true)`,
          [run.id, needId, a.organizationId],
        );
        expect(await figures(fairId)).toEqual({ needsListed: 1, bidsSubmitted: 0, proposals: 0 });

        // A bid drops them at once: the very next read has it (and the proposal).
        const bid = await fx.submitBid(a.token, { needId, sessionId });
        expect(bid.errors).toBeUndefined();
        expect(await figures(fairId)).toEqual({ needsListed: 1, bidsSubmitted: 1, proposals: 1 });
        await api.ok(`mutation($id: ID!) { withdrawBid(id: $id) { id } }`, { id: bid.data!.submitBid.id }, a.token);
        expect(await figures(fairId)).toEqual({ needsListed: 1, bidsSubmitted: 0, proposals: 1 });

        // A need posted in the fair: its fair-stats event drops them (the event travels through Redis, hence eventually).
        await fx.postNeed(community.token, { fairId });
        await eventually(async () => (await figures(fairId)).needsListed === 2, 'the posted need to be counted', 5_000);
      });

      it('drops them on a fair-stats event from any process (a run, a signature): what the live screens refresh on', async () => {
        const fairId = await fx.createFair(organizer);
        const needId = await fx.postNeed(community.token, { fairId });
        const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
        const a = await fx.organization(['ELDERLY_CARE']);
        await eventually(async () => (await figures(fairId)).needsListed === 1, 'the need to be counted', 5_000);
        const [run] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 10, 'SUCCEEDED') RETURNING id`, [
          sessionId,
        ]);
        await db.query(
          `INSERT INTO match_proposals (run_id, need_id, organization_id, score, breakdown, rank, assigned) VALUES ($1, $2, $3, 0.8, '{}', 1, true)`,
          [run.id, needId, a.organizationId],
        );
        expect((await figures(fairId)).proposals).toBe(0);
        // Published the way the worker publishes when a run succeeds (its own process, through Redis).
        const worker = await createWorkerApp();
        try {
          await worker.get(LiveEvents).fairStatsChanged(fairId);
        } finally {
          await worker.close();
        }
        await eventually(async () => (await figures(fairId)).proposals === 1, 'the event to drop the cached figures', 5_000);
      });
    });

    it('counts needs, bids, organizations, proposals and signed contracts exactly, by domain and district', async () => {
      const fairId = await fx.createFair(organizer);
      const gulou = await api.registerCommunity({ district: '鼓楼区', street: '宁海路街道', location: { lat: 32.06, lng: 118.77 } });
      const elderly = await fx.postNeed(community.token, { fairId, budget: '50000.00' });
      const minors = await fx.postNeed(gulou.token, { fairId, domain: 'MINOR_PROTECTION', budget: '30000.00' });
      await fx.postNeed(community.token, { fairId, draft: true });
      await fx.postNeed(community.token); // not in the fair
      await fx.openSession(organizer, fairId);
      const a = await fx.organization(['ELDERLY_CARE', 'MINOR_PROTECTION']);
      const b = await fx.organization(['ELDERLY_CARE']);
      const c = await fx.organization(['MINOR_PROTECTION']);
      expect((await fx.submitBid(a.token, { needId: elderly })).errors).toBeUndefined();
      expect((await fx.submitBid(a.token, { needId: minors, price: '25000.00' })).errors).toBeUndefined();
      const withdrawn = await fx.submitBid(b.token, { needId: elderly });
      await api.ok(`mutation($id: ID!) { withdrawBid(id: $id) { id } }`, { id: withdrawn.data!.submitBid.id }, b.token);

      // Proposals and contracts are written by later stages; stats read their tables directly.
      const [session] = await db.query('SELECT id FROM match_sessions WHERE fair_id = $1', [fairId]);
      const [run] = await db.query(`INSERT INTO match_runs (session_id, weights, top_k, status) VALUES ($1, '{}', 10, 'SUCCEEDED') RETURNING id`, [session.id]);
      await db.query(
        `INSERT INTO match_proposals (run_id, need_id, organization_id, score, breakdown, rank, assigned) VALUES ($1, $2, $3, 0.8, '{}', 1, true), ($1, $4, $5, 0.7, '{}', 1, true)`,
        [run.id, elderly, a.organizationId, minors, c.organizationId],
      );
      const contract = (number: string, needId: string, orgId: string, communityId: string, amount: number, status: string) =>
        db.query(
          `INSERT INTO contracts (number, need_id, organization_id, community_id, fair_id, amount_fen, funding_source, starts_on, ends_on, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'WELFARE_LOTTERY', '2027-01-01', '2027-12-31', $7)`,
          [number, needId, orgId, communityId, fairId, amount, status],
        );
      await contract(`NJ-T-${Date.now()}-1`, elderly, a.organizationId, community.communityId, 4_000_000, 'SIGNED');
      await contract(`NJ-T-${Date.now()}-2`, minors, c.organizationId, gulou.communityId, 2_500_050, 'PENDING_SIGNATURE');

      const { fair } = await api.ok(
        `query($id: ID!) { fair(id: $id) { stats {
        needsListed organizationsParticipating bidsSubmitted proposals contractsSigned amountSigned
        byDomain { domain needs contracts amountSigned } byDistrict { district needs contracts amountSigned } } } }`,
        { id: fairId },
      );
      const byName = (x: { district: string }, y: { district: string }) => (x.district < y.district ? -1 : 1);
      fair.stats.byDistrict.sort(byName);
      expect(fair.stats).toEqual({
        needsListed: 2,
        organizationsParticipating: 2, // a (bids, proposal) and c (proposal); b withdrew its only bid
        bidsSubmitted: 2,
        proposals: 2,
        contractsSigned: 1,
        amountSigned: '40000.00',
        byDomain: [
          { domain: 'ELDERLY_CARE', needs: 1, contracts: 1, amountSigned: '40000.00' },
          { domain: 'MINOR_PROTECTION', needs: 1, contracts: 0, amountSigned: '0.00' },
        ],
        byDistrict: [
          { district: '玄武区', needs: 1, contracts: 1, amountSigned: '40000.00' },
          { district: '鼓楼区', needs: 1, contracts: 0, amountSigned: '0.00' },
        ].sort(byName),
      });
    });
  });
});
