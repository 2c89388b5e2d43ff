import { NeedsArgs, NeedsService, NeedStatus } from '@app/needs';
import { NeedSearchRepository } from '../../libs/needs/src/need-search.repository';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { errorCode, TestApi } from './support/api';

const NEED_FIELDS = `id title description domain beneficiaries budget fundingSource minGrade startsOn endsOn location { lat lng } status createdAt community { id district }`;
const POST = `mutation($input: PostNeedInput!) { postNeed(input: $input) { ${NEED_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishNeed(id: $id) { id status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawNeed(id: $id) { id status } }`;
const NEED = `query($id: ID!) { need(id: $id) { id status } }`;
const NEEDS = `query($filter: NeedFilter, $first: Int, $after: String) { needs(filter: $filter, first: $first, after: $after) { totalCount nodes { id status createdAt } pageInfo { endCursor hasNextPage } } }`;

/** A district name no other test uses, so filters can be checked for exact results in a shared database. */
const uniqueDistrict = () => `测试区-${randomUUID().slice(0, 8)}`;

function needInput(overrides: Record<string, unknown> = {}) {
  return {
    title: '独居老人助餐服务',
    description: '为辖区 80 岁以上独居老人每日送餐并巡访',
    domain: 'ELDERLY_CARE',
    beneficiaries: 120,
    budget: '48000.00',
    fundingSource: 'WELFARE_LOTTERY',
    startsOn: '2026-03-01',
    endsOn: '2026-12-31',
    ...overrides,
  };
}

// Each user registration runs a slow password hash: the hooks need more than jest's default 5 s.
jest.setTimeout(60_000);

describe('needs (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let community: { token: string; communityId: string };
  let otherCommunity: { token: string; communityId: string };
  let organization: { token: string; organizationId: string };
  let organizer: string;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    community = await api.registerCommunity({ district: uniqueDistrict(), location: { lat: 32.0756, lng: 118.8103 } });
    otherCommunity = await api.registerCommunity({ district: uniqueDistrict() });
    organization = await api.registerOrganization();
    organizer = await api.organizerToken();
    admin = await api.adminToken();
  });
  afterAll(() => api.stop());

  const post = async (token: string, overrides: Record<string, unknown> = {}) => (await api.ok(POST, { input: needInput(overrides) }, token)).postNeed;
  const needCount = async (communityId: string) =>
    Number((await db.query('SELECT count(*) FROM service_needs WHERE community_id = $1', [communityId]))[0].count);
  const auditOf = (needId: string) =>
    db.query(`SELECT from_status AS "from", to_status AS "to", actor_role AS role FROM audit_log WHERE entity_type = 'NEED' AND entity_id = $1 ORDER BY id`, [
      needId,
    ]);
  const setStatus = (needId: string, status: string) => db.query('UPDATE service_needs SET status = $2 WHERE id = $1', [needId, status]);
  const createFair = async () =>
    (await db.query(`INSERT INTO fairs (name, city, starts_on, ends_on) VALUES ('第四届社洽会', '南京', '2026-05-20', '2026-05-21') RETURNING id`))[0]
      .id as string;
  const list = async (filter: Record<string, unknown>, token?: string, first = 100) => (await api.ok(NEEDS, { filter, first }, token)).needs;
  const ids = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => n.id).sort();

  describe('postNeed', () => {
    it('stores a PUBLISHED need with the community, its district and location, UNRATED by default, and audits it', async () => {
      const need = await post(community.token);
      expect(need).toMatchObject({
        status: 'PUBLISHED',
        budget: '48000.00',
        minGrade: 'UNRATED',
        startsOn: '2026-03-01',
        endsOn: '2026-12-31',
        location: { lat: 32.0756, lng: 118.8103 },
        community: { id: community.communityId },
        domain: 'ELDERLY_CARE',
        beneficiaries: 120,
      });
      const [row] = await db.query('SELECT district, budget_fen, community_id FROM service_needs WHERE id = $1', [need.id]);
      expect(row).toEqual({ district: need.community.district, budget_fen: '4800000', community_id: community.communityId });
      expect(await auditOf(need.id)).toEqual([{ from: null, to: 'PUBLISHED', role: 'COMMUNITY' }]);
    });

    it('keeps a draft as DRAFT and takes the given grade and location', async () => {
      const need = await post(community.token, { draft: true, minGrade: 'A3', location: { lat: 31.95, lng: 118.85 } });
      expect(need).toMatchObject({ status: 'DRAFT', minGrade: 'A3', location: { lat: 31.95, lng: 118.85 } });
    });

    it('attaches the need to an existing fair', async () => {
      const fairId = await createFair();
      const need = await post(community.token, { fairId });
      expect((await db.query('SELECT fair_id FROM service_needs WHERE id = $1', [need.id]))[0].fair_id).toBe(fairId);
    });

    it('gives NOT_FOUND for an unknown fair and stores nothing', async () => {
      const before = await needCount(community.communityId);
      expect(errorCode(await api.gql(POST, { input: needInput({ fairId: randomUUID() }) }, community.token))).toBe('NOT_FOUND');
      expect(await needCount(community.communityId)).toBe(before);
    });

    it('lets only a community post: anonymous UNAUTHENTICATED, every other role FORBIDDEN, nothing stored', async () => {
      const title = `无权发布-${randomUUID().slice(0, 6)}`;
      expect(errorCode(await api.gql(POST, { input: needInput({ title }) }))).toBe('UNAUTHENTICATED');
      for (const token of [organization.token, organizer, admin]) {
        expect(errorCode(await api.gql(POST, { input: needInput({ title }) }, token))).toBe('FORBIDDEN');
      }
      expect(Number((await db.query('SELECT count(*) FROM service_needs WHERE title = $1', [title]))[0].count)).toBe(0);
    });

    const long = (n: number) => '长'.repeat(n);
    it.each([
      ['a one-character title', { title: 'a' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a 121-character title', { title: long(121) }, 'title'],
      ['an empty description', { description: '' }, 'description'],
      ['a 4001-character description', { description: long(4001) }, 'description'],
      ['zero beneficiaries', { beneficiaries: 0 }, 'beneficiaries'],
      ['more than 10 million beneficiaries', { beneficiaries: 10_000_001 }, 'beneficiaries'],
      ['a zero budget', { budget: '0.00' }, 'budget'],
      ['a negative budget', { budget: '-100.00' }, 'budget'],
      ['a budget that is not a number', { budget: 'abc' }, 'budget'],
      ['a budget with three decimals', { budget: '100.123' }, 'budget'],
      ['a budget above 1e10 yuan', { budget: '10000000000.01' }, 'budget'],
      ['an end before the start', { startsOn: '2026-06-01', endsOn: '2026-05-31' }, 'endsOn'],
      ['an impossible date', { startsOn: '2026-02-30' }, 'startsOn'],
      ['an unknown domain', { domain: 'ASTRONOMY' }, 'domain'],
      ['an unknown funding source', { fundingSource: 'LOTTERY' }, 'fundingSource'],
      ['an unknown grade', { minGrade: 'A9' }, 'minGrade'],
      ['a latitude out of range', { location: { lat: 91, lng: 118.8 } }, 'lat'],
      ['a longitude out of range', { location: { lat: 32, lng: -181 } }, 'lng'],
      ['a fair id that is not an id', { fairId: 'fair-1' }, 'fairId'],
    ])('rejects %s with BAD_USER_INPUT naming the field and stores nothing', async (_, patch, field) => {
      const before = await needCount(community.communityId);
      const result = await api.gql(POST, { input: needInput(patch) }, community.token);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain(field);
      expect(await needCount(community.communityId)).toBe(before);
    });
  });

  describe('publishNeed and withdrawNeed', () => {
    it('publishes a DRAFT once; publishing it again is a CONFLICT', async () => {
      const draft = await post(community.token, { draft: true });
      expect((await api.ok(PUBLISH, { id: draft.id }, community.token)).publishNeed.status).toBe('PUBLISHED');
      expect(errorCode(await api.gql(PUBLISH, { id: draft.id }, community.token))).toBe('CONFLICT');
      expect(await auditOf(draft.id)).toEqual([
        { from: null, to: 'DRAFT', role: 'COMMUNITY' },
        { from: 'DRAFT', to: 'PUBLISHED', role: 'COMMUNITY' },
      ]);
    });

    it.each(['DRAFT', 'PUBLISHED', 'MATCHED'])('withdraws a %s need and audits the change', async (status) => {
      const need = await post(community.token, { draft: true });
      await setStatus(need.id, status);
      expect((await api.ok(WITHDRAW, { id: need.id }, community.token)).withdrawNeed.status).toBe('WITHDRAWN');
      expect((await auditOf(need.id)).at(-1)).toEqual({ from: status, to: 'WITHDRAWN', role: 'COMMUNITY' });
    });

    it.each(['CONTRACTED', 'CLOSED', 'WITHDRAWN'])('refuses to withdraw a %s need with CONFLICT and leaves it unchanged', async (status) => {
      const need = await post(community.token);
      await setStatus(need.id, status);
      expect(errorCode(await api.gql(WITHDRAW, { id: need.id }, community.token))).toBe('CONFLICT');
      expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [need.id]))[0].status).toBe(status);
    });

    it.each(['PUBLISHED', 'MATCHED', 'CONTRACTED', 'CLOSED', 'WITHDRAWN'])('refuses to publish a %s need with CONFLICT', async (status) => {
      const need = await post(community.token);
      await setStatus(need.id, status);
      expect(errorCode(await api.gql(PUBLISH, { id: need.id }, community.token))).toBe('CONFLICT');
      expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [need.id]))[0].status).toBe(status);
    });

    it('lets only the owning community change a need', async () => {
      const draft = await post(community.token, { draft: true });
      for (const mutation of [PUBLISH, WITHDRAW]) {
        expect(errorCode(await api.gql(mutation, { id: draft.id }))).toBe('UNAUTHENTICATED');
        expect(errorCode(await api.gql(mutation, { id: draft.id }, otherCommunity.token))).toBe('FORBIDDEN');
        for (const token of [organization.token, organizer, admin]) expect(errorCode(await api.gql(mutation, { id: draft.id }, token))).toBe('FORBIDDEN');
      }
      expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [draft.id]))[0].status).toBe('DRAFT');
      expect(await auditOf(draft.id)).toHaveLength(1);
    });

    it('gives NOT_FOUND for an unknown or malformed id', async () => {
      for (const mutation of [PUBLISH, WITHDRAW]) {
        expect(errorCode(await api.gql(mutation, { id: randomUUID() }, community.token))).toBe('NOT_FOUND');
        expect(errorCode(await api.gql(mutation, { id: 'not-an-id' }, community.token))).toBe('NOT_FOUND');
      }
    });

    it('lets exactly one of two concurrent publishes win', async () => {
      const draft = await post(community.token, { draft: true });
      const results = await Promise.all([0, 1, 2, 3].map(() => api.gql(PUBLISH, { id: draft.id }, community.token)));
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(3);
      expect((await auditOf(draft.id)).filter((a: { to: string }) => a.to === 'PUBLISHED')).toHaveLength(1);
    });

    it('lets exactly one of concurrent withdrawals win', async () => {
      const need = await post(community.token);
      const results = await Promise.all([0, 1, 2, 3].map(() => api.gql(WITHDRAW, { id: need.id }, community.token)));
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(3);
      expect((await auditOf(need.id)).filter((a: { to: string }) => a.to === 'WITHDRAWN')).toHaveLength(1);
    });
  });

  describe('changeStatus (for later contexts)', () => {
    it('moves only needs still in an allowed status, auditing each, and lets one of two concurrent callers win', async () => {
      const service = api.app.get(NeedsService);
      const published = await post(community.token);
      const draft = await post(community.token, { draft: true });
      const move = () =>
        db.transaction((m) =>
          service.changeStatus(m, null, [published.id, draft.id, randomUUID(), 'not-an-id'], [NeedStatus.PUBLISHED], NeedStatus.MATCHED, { runId: 'r-1' }),
        );
      const [first, second] = await Promise.all([move(), move()]);
      expect([first, second].sort((a, b) => b.length - a.length)).toEqual([[published.id], []]);
      expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [draft.id]))[0].status).toBe('DRAFT');
      expect((await auditOf(published.id)).at(-1)).toEqual({ from: 'PUBLISHED', to: 'MATCHED', role: 'SYSTEM' });
      expect(await auditOf(draft.id)).toHaveLength(1);
    });
  });

  describe('visibility', () => {
    it('shows a published need to anyone, a draft or withdrawn one only to its community and organizers', async () => {
      const published = await post(community.token);
      const draft = await post(community.token, { draft: true });
      const withdrawn = await post(community.token);
      await api.ok(WITHDRAW, { id: withdrawn.id }, community.token);

      const seen = async (id: string, token?: string) => (await api.ok(NEED, { id }, token)).need?.id ?? null;
      for (const token of [undefined, organization.token, otherCommunity.token, community.token, organizer, admin]) {
        expect(await seen(published.id, token)).toBe(published.id);
      }
      for (const hidden of [draft.id, withdrawn.id]) {
        for (const token of [undefined, organization.token, otherCommunity.token]) expect(await seen(hidden, token)).toBeNull();
        for (const token of [community.token, organizer, admin]) expect(await seen(hidden, token)).toBe(hidden);
      }
    });

    it('answers null for an unknown or malformed id', async () => {
      expect((await api.ok(NEED, { id: randomUUID() })).need).toBeNull();
      expect((await api.ok(NEED, { id: 'nope' })).need).toBeNull();
    });

    it('lists drafts and withdrawn needs only for their community and organizers, whatever statuses asks', async () => {
      const district = uniqueDistrict();
      const owner = await api.registerCommunity({ district });
      const published = await post(owner.token);
      const draft = await post(owner.token, { draft: true });
      const withdrawn = await post(owner.token);
      await api.ok(WITHDRAW, { id: withdrawn.id }, owner.token);

      const all = [published.id, draft.id, withdrawn.id].sort();
      for (const token of [undefined, organization.token, otherCommunity.token]) {
        expect(ids(await list({ district }, token))).toEqual([published.id]);
        expect(ids(await list({ district, statuses: ['DRAFT', 'WITHDRAWN'] }, token))).toEqual([]);
      }
      for (const token of [owner.token, organizer, admin]) {
        expect(ids(await list({ district }, token))).toEqual(all);
        expect(ids(await list({ district, statuses: ['DRAFT'] }, token))).toEqual([draft.id]);
      }
      expect((await list({ district }, otherCommunity.token)).totalCount).toBe(1);
    });
  });

  describe('needs(filter)', () => {
    const district = uniqueDistrict();
    // Far from Nanjing, where no other test puts anything, so near results are exact.
    const centre = { lat: 43.8 + Math.random() * 0.5, lng: 87.6 + Math.random() * 0.5 };
    const token = randomUUID().slice(0, 8);
    let owner: { token: string; communityId: string };
    let fairId: string;
    const needs: Record<string, string> = {};

    beforeAll(async () => {
      owner = await api.registerCommunity({ district, location: centre });
      fairId = await createFair();
      needs.care = (await post(owner.token, { domain: 'ELDERLY_CARE', budget: '10000.00', title: `助餐 ${token}` })).id;
      needs.minor = (await post(owner.token, { domain: 'MINOR_PROTECTION', budget: '50000.00', description: `四点半课堂 ${token.toUpperCase()}`, fairId })).id;
      needs.disability = (
        await post(owner.token, {
          domain: 'DISABILITY_SUPPORT',
          budget: '200000.00',
          title: '残疾人康复 100% 覆盖',
          location: { lat: centre.lat + 0.09, lng: centre.lng },
        })
      ).id; // ~10 km north
      needs.far = (await post(owner.token, { domain: 'ELDERLY_CARE', budget: '80000.00', location: { lat: centre.lat + 0.9, lng: centre.lng } })).id; // ~100 km north
      needs.draft = (await post(owner.token, { domain: 'ELDERLY_CARE', budget: '30000.00', draft: true })).id;
      needs.matched = (await post(owner.token, { domain: 'CULTURE_SPORTS', budget: '30000.00' })).id;
      await setStatus(needs.matched, 'MATCHED');
    });

    const visible = () => [needs.care, needs.minor, needs.disability, needs.far, needs.matched];

    it('filters by district (copied from the community at posting)', async () => {
      const page = await list({ district });
      expect(ids(page)).toEqual(visible().sort());
      expect(page.totalCount).toBe(5);
    });

    it('filters by domains', async () => {
      expect(ids(await list({ district, domains: ['ELDERLY_CARE'] }))).toEqual([needs.care, needs.far].sort());
      expect(ids(await list({ district, domains: ['MINOR_PROTECTION', 'CULTURE_SPORTS'] }))).toEqual([needs.minor, needs.matched].sort());
    });

    it('filters by statuses', async () => {
      expect(ids(await list({ district, statuses: ['MATCHED'] }))).toEqual([needs.matched]);
      expect(ids(await list({ district, statuses: ['PUBLISHED', 'DRAFT'] }, owner.token))).toEqual(
        [needs.care, needs.minor, needs.disability, needs.far, needs.draft].sort(),
      );
    });

    it('filters by fair', async () => {
      expect(ids(await list({ fairId }))).toEqual([needs.minor]);
      expect(ids(await list({ fairId: randomUUID() }))).toEqual([]);
    });

    it('filters by budget range, both ends inclusive', async () => {
      expect(ids(await list({ district, budgetMin: '50000.00' }))).toEqual([needs.minor, needs.disability, needs.far].sort());
      expect(ids(await list({ district, budgetMax: '50000.00' }))).toEqual([needs.care, needs.minor, needs.matched].sort());
      expect(ids(await list({ district, budgetMin: '30000.00', budgetMax: '80000.00' }))).toEqual([needs.minor, needs.far, needs.matched].sort());
    });

    it('filters by great-circle distance from a point', async () => {
      expect(ids(await list({ near: { point: centre, radiusKm: 5 } }))).toEqual([needs.care, needs.minor, needs.matched].sort());
      expect(ids(await list({ near: { point: centre, radiusKm: 15 } }))).toEqual([needs.care, needs.minor, needs.disability, needs.matched].sort());
      expect(ids(await list({ near: { point: centre, radiusKm: 200 } }))).toEqual(visible().sort());
    });

    it('filters by text in title or description, case-insensitively, with % taken literally', async () => {
      expect(ids(await list({ text: token.toUpperCase() }))).toEqual([needs.care, needs.minor].sort());
      expect(ids(await list({ district, text: '100%' }))).toEqual([needs.disability]);
      expect(ids(await list({ district, text: '%' }))).toEqual([needs.disability]);
    });

    it('combines filters', async () => {
      expect(ids(await list({ district, domains: ['ELDERLY_CARE'], budgetMax: '20000.00', near: { point: centre, radiusKm: 5 }, text: token }))).toEqual([
        needs.care,
      ]);
    });

    it.each([
      ['budgetMin above budgetMax', { budgetMin: '500.00', budgetMax: '100.00' }, 'budgetMax'],
      ['a negative budgetMin', { budgetMin: '-1.00' }, 'budgetMin'],
      ['a text over 100 characters', { text: 'x'.repeat(101) }, 'text'],
      ['an unknown domain', { domains: ['ASTRONOMY'] }, 'domains'],
      ['an unknown status', { statuses: ['LOST'] }, 'statuses'],
      ['a zero radius', { near: { point: { lat: 32, lng: 118.8 }, radiusKm: 0 } }, 'radiusKm'],
      ['a latitude out of range', { near: { point: { lat: -91, lng: 118.8 }, radiusKm: 5 } }, 'lat'],
      ['a fair id that is not an id', { fairId: 'fair-1' }, 'fairId'],
    ])('rejects %s with BAD_USER_INPUT naming the field', async (_, filter, field) => {
      const result = await api.gql(NEEDS, { filter });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain(field);
    });
  });

  describe('pagination', () => {
    const walk = async (filter: Record<string, unknown>, first: number) => {
      const seen: string[] = [];
      const totals = new Set<number>();
      let after: string | undefined;
      for (let i = 0; i < 50; i++) {
        const page = (await api.ok(NEEDS, { filter, first, after })).needs;
        totals.add(page.totalCount);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { seen, totals };
    };

    it('walks every page newest first, without duplicates, with an exact totalCount', async () => {
      const district = uniqueDistrict();
      const owner = await api.registerCommunity({ district });
      const posted: string[] = [];
      for (let i = 0; i < 7; i++) posted.push((await post(owner.token, { title: `项目 ${i}` })).id);
      const { seen, totals } = await walk({ district }, 3);
      expect(seen).toEqual([...posted].reverse());
      expect([...totals]).toEqual([7]);
    });

    it('keeps needs created in the same instant apart by id', async () => {
      const district = uniqueDistrict();
      const owner = await api.registerCommunity({ district });
      // One statement: every row gets the same created_at.
      await db.query(
        `INSERT INTO service_needs (community_id, district, title, description, domain, beneficiaries, budget_fen, funding_source, starts_on, ends_on, lat, lng)
         SELECT $1, $2, '同时发布 ' || i, '同一时刻', 'ELDERLY_CARE', 10, 100000, 'CITY', '2026-01-01', '2026-12-31', 32, 118.8 FROM generate_series(1, 5) AS i`,
        [owner.communityId, district],
      );
      const { seen, totals } = await walk({ district }, 2);
      expect(new Set(seen).size).toBe(5);
      expect(seen).toHaveLength(5);
      expect([...totals]).toEqual([5]);
    });

    it('caps first at 100 and rejects a cursor it did not issue', async () => {
      expect(errorCode(await api.gql(NEEDS, { first: 101 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await api.gql(NEEDS, { first: -1 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await api.gql(NEEDS, { after: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await api.gql(NEEDS, { after: Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url') }))).toBe('BAD_USER_INPUT');
      expect((await api.ok(NEEDS, { first: 100 })).needs.nodes.length).toBeLessThanOrEqual(100);
    });
  });

  describe('at 100,000 needs', () => {
    it('serves the near filter from service_needs_geo_idx', async () => {
      const search = api.app.get(NeedSearchRepository);
      const bulk = await api.registerCommunity({ district: uniqueDistrict() });
      const args = Object.assign(new NeedsArgs(), { first: 20, filter: { near: { point: { lat: 32.06, lng: 118.79 }, radiusKm: 3 } } });
      const runner = db.createQueryRunner();
      await runner.connect();
      // Inside a transaction rolled back at the end: the other suites sharing this database never see the rows.
      await runner.startTransaction();
      try {
        // A bulk load of test data, not a request: the api's statement timeout does not apply.
        await runner.query('SET LOCAL statement_timeout = 0');
        const started = Date.now();
        await runner.query(
          `INSERT INTO service_needs (community_id, district, title, description, domain, beneficiaries, budget_fen, funding_source, starts_on, ends_on, lat, lng, status)
           SELECT $1, $2, '批量需求 ' || i, '压力测试', (enum_range(NULL::service_domain))[1 + i % 16], 10 + i % 500, 100000 + (i % 1000) * 10000,
                  (enum_range(NULL::funding_source))[1 + i % 6], '2026-01-01', '2026-12-31',
                  31.2 + ((i::bigint * 7919) % 10007) / 10007.0 * 1.2, 118.3 + ((i::bigint * 104729) % 10009) / 10009.0 * 1.0, 'PUBLISHED'
           FROM generate_series(1, 100000) AS i`,
          [bulk.communityId, 'bulk'],
        );
        await runner.query('ANALYZE service_needs');
        console.log(`inserted and analyzed 100,000 needs in ${Date.now() - started} ms`);

        const statements = search.statements(args, null);
        for (const [name, { text: sql, values: params }] of [
          ['page', statements.page],
          ['count', statements.count],
        ] as const) {
          const plan = (await runner.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
          console.log(`${name} query plan at 100,000 needs:\n${plan}`);
          expect(plan).toContain('service_needs_geo_idx');
          const t0 = process.hrtime.bigint();
          const rows = await runner.query(sql, params);
          console.log(
            `${name} query: ${Number(process.hrtime.bigint() - t0) / 1e6} ms, ${name === 'page' ? rows.length + ' rows' : rows[0].total + ' matches'}`,
          );
        }
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }, 60_000);
  });
});
