import { DataSource } from 'typeorm';
import { errorCode, GqlResult, TestApi } from './support/api';
import { ContractFixtures } from './support/contract-fixtures';

const RECORD = `mutation($needId: ID!, $input: ResidentReviewInput!) {
  recordResidentReview(needId: $needId, input: $input) { id residentReview { heldOn participants votesFor votesAgainst support minutes } } }`;
const NEED = `query($id: ID!) { need(id: $id) { id residentReview { support votesFor } } }`;
const OPEN_SESSION = `mutation($input: OpenSessionInput!) { openSession(input: $input) { id needs { id } } }`;
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const review = (o: Record<string, unknown> = {}) => ({
  heldOn: '2026-10-12',
  participants: 40,
  votesFor: 30,
  votesAgainst: 6,
  minutes: '居民议事会讨论通过，建议优先立项。',
  ...o,
});

describe("residents' review (e2e)", () => {
  let api: TestApi;
  let db: DataSource;
  let seed: ContractFixtures;
  let organizer: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    seed = new ContractFixtures(db);
    organizer = await api.organizerToken();
  });
  afterAll(() => api?.stop());

  const stored = async (needId: string) => db.query('SELECT votes_for, participants FROM need_resident_reviews WHERE need_id = $1', [needId]);

  it("records the community's review with support = for / (for + against), replacing an earlier one, audited", async () => {
    const c = await api.registerCommunity();
    const needId = await seed.need(c.communityId, { status: 'PUBLISHED' });
    const first = await api.ok(RECORD, { needId, input: review() }, c.token);
    expect(first.recordResidentReview.residentReview).toEqual({ ...review(), support: 30 / 36 });
    await api.ok(RECORD, { needId, input: review({ votesFor: 10, votesAgainst: 10 }) }, c.token);
    expect((await api.ok(NEED, { id: needId })).need.residentReview).toEqual({ support: 0.5, votesFor: 10 });
    const trail = await api.ok(
      `query($id: ID!) { auditTrail(entityType: "RESIDENT_REVIEW", entityId: $id) { fromStatus toStatus } }`,
      { id: needId },
      organizer,
    );
    expect(trail.auditTrail).toEqual([
      { fromStatus: null, toStatus: 'RECORDED' },
      { fromStatus: 'RECORDED', toStatus: 'REPLACED' },
    ]);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const c = await api.registerCommunity();
    const needId = await seed.need(c.communityId, { status: 'PUBLISHED' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [review({ votesFor: 35, votesAgainst: 6 }), 'votesFor'],
      [review({ votesFor: 0, votesAgainst: 0 }), 'votesFor'],
      [review({ votesFor: -1 }), 'votesFor'],
      [review({ votesAgainst: -2 }), 'votesAgainst'],
      [review({ participants: 0 }), 'participants'],
      [review({ minutes: '' }), 'minutes'],
      [review({ minutes: '   ' }), 'minutes'],
      [review({ heldOn: '2099-01-01' }), 'heldOn'],
    ];
    for (const [input, name] of cases) {
      const r = await api.gql(RECORD, { needId, input }, c.token);
      expect([name, errorCode(r)]).toEqual([name, 'BAD_USER_INPUT']);
      expect(field(r)).toBe(name);
    }
    expect(errorCode(await api.gql(RECORD, { needId, input: review({ heldOn: '2026-02-30' }) }, c.token))).toBe('BAD_USER_INPUT');
    expect(await stored(needId)).toEqual([]);
  });

  it("is the need's community's alone, and only before the need is CONTRACTED", async () => {
    const c = await api.registerCommunity();
    const other = await api.registerCommunity();
    const o = await api.registerOrganization();
    const needId = await seed.need(c.communityId, { status: 'PUBLISHED' });
    expect(reason(await api.gql(RECORD, { needId, input: review() }, other.token))).toBe('NOT_YOUR_NEED');
    expect(errorCode(await api.gql(RECORD, { needId, input: review() }, o.token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(RECORD, { needId, input: review() }, organizer))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(RECORD, { needId, input: review() }))).toBe('UNAUTHENTICATED');
    const contracted = await seed.need(c.communityId, { status: 'CONTRACTED' });
    const late = await api.gql(RECORD, { needId: contracted, input: review() }, c.token);
    expect(errorCode(late)).toBe('CONFLICT');
    expect(reason(late)).toBe('REVIEW_CLOSED');
    expect(await stored(needId)).toEqual([]);
    expect(await stored(contracted)).toEqual([]);
  });

  it('openSession(minResidentSupport) puts on the table only needs reviewed with at least that support', async () => {
    const c = await api.registerCommunity();
    const fairId = await seed.fair('群众评议专场测试');
    const strong = await seed.need(c.communityId, { fairId, status: 'PUBLISHED' });
    const weak = await seed.need(c.communityId, { fairId, status: 'PUBLISHED' });
    const unreviewed = await seed.need(c.communityId, { fairId, status: 'PUBLISHED' });
    await api.ok(RECORD, { needId: strong, input: review({ votesFor: 36, votesAgainst: 4 }) }, c.token);
    await api.ok(RECORD, { needId: weak, input: review({ votesFor: 12, votesAgainst: 20 }) }, c.token);
    const base = { fairId, title: '评议通过项目专场', zone: 'DISTRICT_PROJECTS', bidDeadline: new Date(Date.now() + 3_600_000).toISOString() };

    const refused = await api.gql(OPEN_SESSION, { input: { ...base, needIds: [strong, weak, unreviewed], minResidentSupport: 0.6 } }, organizer);
    expect(reason(refused)).toBe('SESSION_NEEDS_WITHOUT_SUPPORT');
    expect((refused.errors![0].extensions!.needIds as string[]).sort()).toEqual([weak, unreviewed].sort());
    const bad = await api.gql(OPEN_SESSION, { input: { ...base, minResidentSupport: 1.5 } }, organizer);
    expect(field(bad)).toBe('minResidentSupport');

    const session = await api.ok(OPEN_SESSION, { input: { ...base, minResidentSupport: 0.6 } }, organizer);
    expect(session.openSession.needs).toEqual([{ id: strong }]);
    const none = await api.gql(OPEN_SESSION, { input: { ...base, minResidentSupport: 0.95 } }, organizer);
    expect(reason(none)).toBe('SESSION_NEEDS_WITHOUT_SUPPORT');
    const all = await api.ok(OPEN_SESSION, { input: { ...base } }, organizer);
    expect(all.openSession.needs).toHaveLength(3);
  });
});
