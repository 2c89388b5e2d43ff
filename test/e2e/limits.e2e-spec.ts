import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, TestApi } from './support/api';
import { ContractFixtures } from './support/contract-fixtures';

/** POST /graphql with a raw body, for what happens before GraphQL runs. */
async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe('query limits, paging, tokens and errors before GraphQL (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let fx: ContractFixtures;
  let organizer: string;
  let fairId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    fx = new ContractFixtures(db);
    organizer = await api.organizerToken();
    fairId = await fx.fair('第六届南京社洽会');
  });

  afterAll(async () => {
    await api.stop();
  });

  describe('abusive operations are refused before they run, in milliseconds', () => {
    it('the fair → sessions → needs → fair cycle', async () => {
      const { result, ms } = await timed(() =>
        api.gql('query($f: ID!) { fair(id: $f) { sessions { needs { fair { sessions { needs { id description } } } } } } }', { f: fairId }),
      );
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPEATED_LIST' });
      expect(ms).toBeLessThan(1000);
    });

    it('300 aliases of ocdsReleasePackage', async () => {
      const fields = Array.from({ length: 300 }, (_, i) => `p${i}: ocdsReleasePackage(fairId: $f)`).join(' ');
      const { result, ms } = await timed(() => api.gql(`query($f: ID!) { ${fields} }`, { f: fairId }));
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
      expect(JSON.stringify(result)).not.toContain('stacktrace');
      expect(ms).toBeLessThan(1000);
    });

    it('500 aliases of needs(text) totalCount: too large a document to parse', async () => {
      const fields = Array.from({ length: 500 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ');
      const { result, ms } = await timed(() => api.gql(`{ ${fields} }`));
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_LARGE' });
      expect(ms).toBeLessThan(1000);
      const some = Array.from({ length: 40 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ');
      expect((await api.gql(`{ ${some} }`)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
    });

    it('three exports in one request are priced beyond the limit', async () => {
      const result = await api.gql('query($f: ID!) { a: ocdsReleasePackage(fairId: $f) b: ocdsReleasePackage(fairId: $f) c: ocdsReleasePackage(fairId: $f) }', {
        f: fairId,
      });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
      expect(result.errors?.[0].extensions?.cost).toBeGreaterThan(result.errors?.[0].extensions?.limit as number);
    });

    it("answers the organizer's contract list that was refused as too complex", async () => {
      const result = await api.gql(
        '{ contracts { id number status amount milestones { seq amount paid } need { id status } organization { id } evaluation { score } } }',
        {},
        organizer,
      );
      expect(result.errors).toBeUndefined();
      expect(Array.isArray(result.data?.contracts)).toBe(true);
    });
  });

  describe('contracts and proposals page with first/after, today’s calls unchanged', () => {
    let community: { communityId: string; token: string };
    let organizationId: string;
    let contractIds: string[];
    let proposalIds: string[];

    beforeAll(async () => {
      community = await api.registerCommunity();
      organizationId = (await api.registerOrganization()).organizationId;
      const runId = await fx.run(await fx.session(fairId));
      contractIds = [];
      proposalIds = [];
      for (let i = 0; i < 5; i++) {
        const needId = await fx.need(community.communityId, { fairId });
        proposalIds.push(await fx.proposal(runId, needId, organizationId));
        const [row] = await db.query(
          `INSERT INTO contracts (number, need_id, organization_id, community_id, fair_id, amount_fen, funding_source, starts_on, ends_on, created_at)
           VALUES ($1, $2, $3, $4, $5, 4800000, 'CITY', '2027-01-01', '2027-12-31', now() - ($6 || ' minutes')::interval) RETURNING id`,
          [`NJ-2099-${randomUUID().slice(0, 8)}`, needId, organizationId, community.communityId, fairId, String(10 - i)],
        );
        contractIds.push(row.id);
      }
      contractIds.reverse(); // newest first
    });

    it('contracts: no arguments gives all of them newest first; first/after pages through them', async () => {
      const q = 'query($f: ContractFilter, $first: Int, $after: ID) { contracts(filter: $f, first: $first, after: $after) { id } }';
      const f = { communityId: community.communityId };
      const all = (await api.ok(q, { f }, community.token)).contracts.map((c: { id: string }) => c.id);
      expect(all).toEqual(contractIds);
      const page1 = (await api.ok(q, { f, first: 2 }, community.token)).contracts.map((c: { id: string }) => c.id);
      const page2 = (await api.ok(q, { f, first: 2, after: page1[1] }, community.token)).contracts.map((c: { id: string }) => c.id);
      const page3 = (await api.ok(q, { f, first: 2, after: page2[1] }, community.token)).contracts.map((c: { id: string }) => c.id);
      expect([...page1, ...page2, ...page3]).toEqual(contractIds);
      expect(errorCode(await api.gql(q, { f, first: 1001 }, community.token))).toBe('BAD_USER_INPUT');
      expect(errorCode(await api.gql(q, { f, after: randomUUID() }, community.token))).toBe('BAD_USER_INPUT');
    });

    it('proposals: no arguments gives every one; first/after pages through them', async () => {
      const q = 'query($f: ProposalFilter!, $first: Int, $after: ID) { proposals(filter: $f, first: $first, after: $after) { id } }';
      const f = { organizationId };
      const all = (await api.ok(q, { f }, organizer)).proposals.map((p: { id: string }) => p.id);
      expect([...all].sort()).toEqual([...proposalIds].sort());
      const pages: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 3; i++) {
        const page = (await api.ok(q, { f, first: 2, after }, organizer)).proposals.map((p: { id: string }) => p.id);
        pages.push(...page);
        after = page[page.length - 1];
      }
      expect(pages).toEqual(all);
      expect(errorCode(await api.gql(q, { f, first: 0 }, organizer))).toBe('BAD_USER_INPUT');
    });
  });

  describe('a token counts only while its claims are the account’s', () => {
    const ME = '{ me { id role } }';
    const ORGANIZER_ONLY = '{ auditTrail(entityType: "CONTRACT", entityId: "00000000-0000-4000-8000-000000000000") { id } }';

    it('a forged signature gets nothing: anonymous on public fields, UNAUTHENTICATED elsewhere', async () => {
      const forged = new JwtService({ secret: 'someone-else-s-secret-0123456789abcdef' }).sign({ sub: randomUUID(), role: 'ADMIN', cid: null, oid: null });
      expect((await api.ok(ME, {}, forged)).me).toBeNull();
      expect(errorCode(await api.gql(ORGANIZER_ONLY, {}, forged))).toBe('UNAUTHENTICATED');
    });

    it('a validly signed token for a user that does not exist, or with a role the user does not have, gets nothing', async () => {
      const jwt = api.app.get(JwtService);
      const ghost = jwt.sign({ sub: randomUUID(), role: 'ORGANIZER', cid: null, oid: null });
      expect(errorCode(await api.gql(ORGANIZER_ONLY, {}, ghost))).toBe('UNAUTHENTICATED');
      const community = await api.registerCommunity();
      const promoted = jwt.sign({ sub: community.userId, role: 'ORGANIZER', cid: null, oid: null });
      expect(errorCode(await api.gql(ORGANIZER_ONLY, {}, promoted))).toBe('UNAUTHENTICATED');
      const otherCommunity = jwt.sign({ sub: community.userId, role: 'COMMUNITY', cid: randomUUID(), oid: null });
      expect((await api.ok(ME, {}, otherCommunity)).me).toBeNull();
      expect((await api.ok(ME, {}, community.token)).me).toEqual({ id: community.userId, role: 'COMMUNITY' });
    });

    it('a token whose account changed since it was issued stops working at once', async () => {
      const organization = await api.registerOrganization();
      const other = await api.registerOrganization();
      expect((await api.ok(ME, {}, organization.token)).me.role).toBe('ORGANIZATION');
      // The account now speaks for another organization: the token's oid claim is stale.
      await db.query(`UPDATE users SET organization_id = $2 WHERE id = $1`, [organization.userId, other.organizationId]);
      try {
        expect((await api.ok(ME, {}, organization.token)).me).toBeNull();
        expect(errorCode(await api.gql('{ recommendedNeeds { score } }', {}, organization.token))).toBe('UNAUTHENTICATED');
      } finally {
        await db.query(`UPDATE users SET organization_id = $2 WHERE id = $1`, [organization.userId, organization.organizationId]);
      }
      expect((await api.ok(ME, {}, organization.token)).me.role).toBe('ORGANIZATION');
    });
  });

  describe('errors before GraphQL runs answer in GraphQL shape', () => {
    it('a body over the size limit: 413 with BAD_USER_INPUT', async () => {
      const res = await post(api.url, JSON.stringify({ query: '{ fairs { id } }', variables: { pad: 'x'.repeat(1_100_000) } }));
      expect(res.status).toBe(413);
      expect(res.json.errors?.[0]).toMatchObject({ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' } });
    });

    it('malformed JSON: 400 with BAD_USER_INPUT', async () => {
      const res = await post(api.url, '{"query": "{ fairs { id } }"');
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'MALFORMED_JSON' } });
      expect(res.text).not.toMatch(/stack|at .*\.js:\d+/);
    });

    it('a wrong content type: 400 with BAD_USER_INPUT', async () => {
      const res = await post(api.url, '{ fairs { id } }', { 'content-type': 'text/plain' });
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('a session table of 5,000 need ids still fits in a request', async () => {
      const needIds = Array.from({ length: 5000 }, () => randomUUID());
      const result = await api.gql(
        'mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }',
        { input: { fairId, title: '大型专场', zone: 'EXHIBITION', bidDeadline: new Date(Date.now() + 3600_000).toISOString(), needIds } },
        organizer,
      );
      // Refused by the service (the ids are unknown), not by the body limit.
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(result.errors?.[0].extensions?.reason).toBe('SESSION_NEEDS_NOT_FOUND');
    });
  });

  describe('statement_timeout', () => {
    it('bounds every statement of the api (5 s by default)', async () => {
      const [{ statement_timeout }] = await db.query('SHOW statement_timeout');
      expect(statement_timeout).toBe('5s');
    });

    it("the worker's is longer: its bulk writes of a run's proposals take more than 5 s at province scale", async () => {
      const worker = await createWorkerApp();
      try {
        const [{ statement_timeout }] = await worker.get(DataSource).query('SHOW statement_timeout');
        expect(statement_timeout).toBe('2min');
      } finally {
        await worker.close();
      }
    });

    it('a statement running past it is cancelled, and the client sees SERVICE_UNAVAILABLE', async () => {
      process.env.STATEMENT_TIMEOUT_MS = '300';
      const quick = await TestApi.start();
      delete process.env.STATEMENT_TIMEOUT_MS;
      try {
        const quickDb = quick.app.get(DataSource);
        const started = Date.now();
        await expect(quickDb.query('SELECT pg_sleep(3)')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '57014' }) });
        expect(Date.now() - started).toBeLessThan(2000);
        // A GraphQL field whose SQL runs too long: a fair's figures while a lock holds them up.
        const holder = await db.createQueryRunner();
        await holder.connect();
        await holder.startTransaction();
        await holder.query('LOCK TABLE fairs IN ACCESS EXCLUSIVE MODE');
        try {
          const result = await quick.gql('query($f: ID!) { fair(id: $f) { id } }', { f: fairId });
          expect(result.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'STATEMENT_TIMEOUT' });
        } finally {
          await holder.rollbackTransaction();
          await holder.release();
        }
      } finally {
        await quick.stop();
      }
    });
  });
});
