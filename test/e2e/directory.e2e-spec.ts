import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { errorCode, TestApi } from './support/api';

const ORGANIZATIONS = `query($filter: OrganizationFilter, $first: Int, $after: String) { organizations(filter: $filter, first: $first, after: $after) { totalCount nodes { id name } pageInfo { endCursor hasNextPage } } }`;
const ADD_OFFERING = `mutation($input: OfferingInput!) { addOffering(input: $input) { id domain title priceMin priceMax annualBeneficiaries organization { id } } }`;
const REMOVE_OFFERING = `mutation($id: ID!) { removeOffering(id: $id) }`;
const SET_GRADE = `mutation($id: ID!, $grade: EvaluationGrade!) { setOrganizationGrade(organizationId: $id, grade: $grade) { id grade } }`;

/** A district name no other test uses, so filters can be checked for exact results in a shared database. */
const uniqueDistrict = () => `测试区-${randomUUID().slice(0, 8)}`;

function offeringInput(overrides: Record<string, unknown> = {}) {
  return {
    domain: 'ELDERLY_CARE',
    title: '居家养老上门服务',
    description: '助餐、助浴、助洁、助医',
    priceMin: '12000.00',
    priceMax: '60000.00',
    annualBeneficiaries: 300,
    ...overrides,
  };
}

// Each registration runs a slow password hash: the hooks need more than jest's default 5 s.
jest.setTimeout(60_000);

describe('directory (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let organizer: string;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    organizer = await api.organizerToken();
    admin = await api.adminToken();
  });
  afterAll(() => api.stop());

  const list = async (filter: Record<string, unknown>, first = 100) => (await api.ok(ORGANIZATIONS, { filter, first })).organizations;
  const ids = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => n.id).sort();
  const addOffering = async (token: string, overrides: Record<string, unknown> = {}) =>
    (await api.ok(ADD_OFFERING, { input: offeringInput(overrides) }, token)).addOffering;
  const offeringCount = async (organizationId: string) =>
    Number((await db.query('SELECT count(*) FROM service_offerings WHERE organization_id = $1', [organizationId]))[0].count);
  const gradeOf = async (organizationId: string) => (await db.query('SELECT grade FROM organizations WHERE id = $1', [organizationId]))[0].grade;

  describe('organizations(filter)', () => {
    const district = uniqueDistrict();
    // Far from Nanjing, where no other test puts anything, so near results are exact.
    const centre = { lat: 40.5 + Math.random() * 0.5, lng: 95.5 + Math.random() * 0.5 };
    const token = randomUUID().slice(0, 8);
    const orgs: Record<string, string> = {};

    beforeAll(async () => {
      const elder = await api.registerOrganization({ district, location: centre, name: `鼓楼颐养服务中心 ${token}` });
      const youth = await api.registerOrganization({ district, location: { lat: centre.lat + 0.09, lng: centre.lng }, name: '青少年成长服务社' }); // ~10 km north
      const plain = await api.registerOrganization({ district, location: { lat: centre.lat + 0.9, lng: centre.lng }, name: '社区文体协会' }); // ~100 km north
      Object.assign(orgs, { elder: elder.organizationId, youth: youth.organizationId, plain: plain.organizationId });
      await addOffering(elder.token, { domain: 'ELDERLY_CARE' });
      await addOffering(youth.token, { domain: 'MINOR_PROTECTION' });
      await addOffering(youth.token, { domain: 'LEFT_BEHIND_CHILDREN' });
      await api.ok(SET_GRADE, { id: orgs.elder, grade: 'A4' }, organizer);
      await api.ok(SET_GRADE, { id: orgs.youth, grade: 'A2' }, organizer);
    });

    it('filters by district, with an exact totalCount', async () => {
      const page = await list({ district });
      expect(ids(page)).toEqual([orgs.elder, orgs.youth, orgs.plain].sort());
      expect(page.totalCount).toBe(3);
    });

    it('filters by the domains of the catalogue, listing an organization once however many offerings match', async () => {
      expect(ids(await list({ district, domains: ['ELDERLY_CARE'] }))).toEqual([orgs.elder]);
      const both = await list({ district, domains: ['MINOR_PROTECTION', 'LEFT_BEHIND_CHILDREN', 'ELDERLY_CARE'] });
      expect(ids(both)).toEqual([orgs.elder, orgs.youth].sort());
      expect(both.totalCount).toBe(2);
      expect(ids(await list({ district, domains: ['HOSPICE_CARE'] }))).toEqual([]);
    });

    it('filters by minimum grade', async () => {
      expect(ids(await list({ district, minGrade: 'A5' }))).toEqual([]);
      expect(ids(await list({ district, minGrade: 'A3' }))).toEqual([orgs.elder]);
      expect(ids(await list({ district, minGrade: 'A2' }))).toEqual([orgs.elder, orgs.youth].sort());
      expect(ids(await list({ district, minGrade: 'UNRATED' }))).toEqual([orgs.elder, orgs.youth, orgs.plain].sort());
    });

    it('filters by great-circle distance from a point', async () => {
      expect(ids(await list({ near: { point: centre, radiusKm: 5 } }))).toEqual([orgs.elder]);
      expect(ids(await list({ near: { point: centre, radiusKm: 15 } }))).toEqual([orgs.elder, orgs.youth].sort());
      expect(ids(await list({ near: { point: centre, radiusKm: 150 } }))).toEqual([orgs.elder, orgs.youth, orgs.plain].sort());
    });

    it('filters by text in the name or district, case-insensitively', async () => {
      expect(ids(await list({ text: token.toUpperCase() }))).toEqual([orgs.elder]);
      expect(ids(await list({ text: district }))).toEqual([orgs.elder, orgs.youth, orgs.plain].sort());
      expect(ids(await list({ district, text: '%' }))).toEqual([]);
    });

    it('combines filters', async () => {
      expect(ids(await list({ district, domains: ['MINOR_PROTECTION'], minGrade: 'A1', near: { point: centre, radiusKm: 15 } }))).toEqual([orgs.youth]);
    });

    it.each([
      ['an unknown grade', { minGrade: 'A9' }, 'minGrade'],
      ['a zero radius', { near: { point: { lat: 32, lng: 118.8 }, radiusKm: 0 } }, 'radiusKm'],
      ['a longitude out of range', { near: { point: { lat: 32, lng: 181 }, radiusKm: 5 } }, 'lng'],
      ['a text over 100 characters', { text: 'x'.repeat(101) }, 'text'],
    ])('rejects %s with BAD_USER_INPUT naming the field', async (_, filter, field) => {
      const result = await api.gql(ORGANIZATIONS, { filter });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain(field);
    });
  });

  describe('pagination', () => {
    it('walks every page by name without duplicates, totalCount exact on each page', async () => {
      const district = uniqueDistrict();
      const registered: string[] = [];
      // Two organizations share a name: the cursor must tell them apart by id.
      for (const name of ['甲社工站', '乙社工站', '丙社工站', '丁社工站', '戊社工站', '戊社工站', '己社工站']) {
        registered.push((await api.registerOrganization({ district, name })).organizationId);
      }
      const seen: string[] = [];
      const totals = new Set<number>();
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = (await api.ok(ORGANIZATIONS, { filter: { district }, first: 2, after })).organizations;
        totals.add(page.totalCount);
        expect(page.nodes.length).toBeLessThanOrEqual(2);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(7);
      expect([...seen].sort()).toEqual([...registered].sort());
      expect([...totals]).toEqual([7]);
    });

    it('caps first at 100', async () => {
      const result = await api.gql(ORGANIZATIONS, { first: 101 });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain('first');
      expect(errorCode(await api.gql(ORGANIZATIONS, { first: 100 }))).toBeUndefined();
    });

    it('rejects a cursor it did not issue', async () => {
      expect(errorCode(await api.gql(ORGANIZATIONS, { after: 'garbage' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('organization(id)', () => {
    it('is public and answers null for an unknown or malformed id', async () => {
      const { organizationId } = await api.registerOrganization();
      expect((await api.ok(`query($id: ID!) { organization(id: $id) { id grade offerings { id } } }`, { id: organizationId })).organization).toEqual({
        id: organizationId,
        grade: 'UNRATED',
        offerings: [],
      });
      expect((await api.ok(`query($id: ID!) { organization(id: $id) { id } }`, { id: randomUUID() })).organization).toBeNull();
      expect((await api.ok(`query($id: ID!) { organization(id: $id) { id } }`, { id: 'not-an-id' })).organization).toBeNull();
    });

    it('rejects a query nested deeper than the limit', async () => {
      let selection = 'id';
      for (let i = 0; i < 8; i++) selection = `offerings { organization { ${selection} } }`;
      const result = await api.gql(`{ organizations(first: 1) { nodes { ${selection} } } }`);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.data ?? null).toBeNull();
    });
  });

  describe('offerings', () => {
    let owner: { token: string; organizationId: string };
    let rival: { token: string; organizationId: string };
    let community: { token: string };

    beforeAll(async () => {
      owner = await api.registerOrganization();
      rival = await api.registerOrganization();
      community = await api.registerCommunity();
    });

    it('adds an offering to the signed-in organization only', async () => {
      const offering = await addOffering(owner.token, { priceMin: '12000.5', priceMax: '60000' });
      expect(offering).toMatchObject({
        domain: 'ELDERLY_CARE',
        priceMin: '12000.50',
        priceMax: '60000.00',
        annualBeneficiaries: 300,
        organization: { id: owner.organizationId },
      });
      const [row] = await db.query('SELECT price_min_fen, price_max_fen FROM service_offerings WHERE id = $1', [offering.id]);
      expect(row).toEqual({ price_min_fen: '1200050', price_max_fen: '6000000' });
    });

    it('lets no other role add offerings, storing nothing', async () => {
      const before = Number((await db.query('SELECT count(*) FROM service_offerings'))[0].count);
      expect(errorCode(await api.gql(ADD_OFFERING, { input: offeringInput() }))).toBe('UNAUTHENTICATED');
      for (const token of [community.token, organizer, admin])
        expect(errorCode(await api.gql(ADD_OFFERING, { input: offeringInput() }, token))).toBe('FORBIDDEN');
      expect(Number((await db.query('SELECT count(*) FROM service_offerings'))[0].count)).toBe(before);
    });

    it("lets only the owner remove an offering; others' attempts leave it in place", async () => {
      const offering = await addOffering(owner.token);
      expect(errorCode(await api.gql(REMOVE_OFFERING, { id: offering.id }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(REMOVE_OFFERING, { id: offering.id }, rival.token))).toBe('FORBIDDEN');
      for (const token of [community.token, organizer, admin]) expect(errorCode(await api.gql(REMOVE_OFFERING, { id: offering.id }, token))).toBe('FORBIDDEN');
      expect(Number((await db.query('SELECT count(*) FROM service_offerings WHERE id = $1', [offering.id]))[0].count)).toBe(1);

      expect((await api.ok(REMOVE_OFFERING, { id: offering.id }, owner.token)).removeOffering).toBe(true);
      expect(Number((await db.query('SELECT count(*) FROM service_offerings WHERE id = $1', [offering.id]))[0].count)).toBe(0);
      expect(errorCode(await api.gql(REMOVE_OFFERING, { id: offering.id }, owner.token))).toBe('NOT_FOUND');
    });

    it('gives NOT_FOUND when removing an unknown or malformed id', async () => {
      expect(errorCode(await api.gql(REMOVE_OFFERING, { id: randomUUID() }, owner.token))).toBe('NOT_FOUND');
      expect(errorCode(await api.gql(REMOVE_OFFERING, { id: 'offering-1' }, owner.token))).toBe('NOT_FOUND');
    });

    it.each([
      ['priceMin above priceMax', { priceMin: '50000.00', priceMax: '40000.00' }, 'priceMax'],
      ['a price that is not a number', { priceMin: 'abc' }, 'priceMin'],
      ['a zero price', { priceMin: '0.00' }, 'priceMin'],
      ['a negative price', { priceMax: '-1.00' }, 'priceMax'],
      ['zero annual beneficiaries', { annualBeneficiaries: 0 }, 'annualBeneficiaries'],
      ['a one-character title', { title: 'x' }, 'title'],
      ['an empty description', { description: '' }, 'description'],
    ])('rejects %s with BAD_USER_INPUT naming the field and stores nothing', async (_, patch, field) => {
      const before = await offeringCount(owner.organizationId);
      const result = await api.gql(ADD_OFFERING, { input: offeringInput(patch) }, owner.token);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0].message).toContain(field);
      expect(await offeringCount(owner.organizationId)).toBe(before);
    });
  });

  describe('setOrganizationGrade', () => {
    it('lets organizers and admins set the grade', async () => {
      const { organizationId } = await api.registerOrganization();
      expect((await api.ok(SET_GRADE, { id: organizationId, grade: 'A3' }, organizer)).setOrganizationGrade).toEqual({ id: organizationId, grade: 'A3' });
      expect((await api.ok(SET_GRADE, { id: organizationId, grade: 'A5' }, admin)).setOrganizationGrade.grade).toBe('A5');
      expect(await gradeOf(organizationId)).toBe('A5');
    });

    it('refuses communities and organizations (even for themselves), and anonymous callers', async () => {
      const org = await api.registerOrganization();
      const community = await api.registerCommunity();
      expect(errorCode(await api.gql(SET_GRADE, { id: org.organizationId, grade: 'A5' }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(SET_GRADE, { id: org.organizationId, grade: 'A5' }, org.token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(SET_GRADE, { id: org.organizationId, grade: 'A5' }, community.token))).toBe('FORBIDDEN');
      expect(await gradeOf(org.organizationId)).toBe('UNRATED');
    });

    it('gives NOT_FOUND for an unknown or malformed organization id', async () => {
      expect(errorCode(await api.gql(SET_GRADE, { id: randomUUID(), grade: 'A1' }, organizer))).toBe('NOT_FOUND');
      expect(errorCode(await api.gql(SET_GRADE, { id: 'org-1', grade: 'A1' }, organizer))).toBe('NOT_FOUND');
    });
  });
});
