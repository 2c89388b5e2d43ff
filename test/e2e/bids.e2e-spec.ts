import { DataSource } from 'typeorm';
import { errorCode, TestApi } from './support/api';
import { FairFixtures, sleep } from './support/fairs';

jest.setTimeout(60_000);

describe('bids (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let fx: FairFixtures;
  let organizer: string;
  let community: { token: string; communityId: string };
  let fairId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    fx = new FairFixtures(api);
    organizer = await api.organizerToken();
    community = await api.registerCommunity();
    fairId = await fx.createFair(organizer);
  });
  afterAll(() => api.stop());

  const bidCount = async (needId: string) => Number((await db.query('SELECT count(*) FROM bids WHERE need_id = $1', [needId]))[0].count);
  /** A need of the fair on the table of a fresh OPEN session. */
  const needInSession = async (overrides: Record<string, unknown> = {}, deadlineMs?: number) => {
    const needId = await fx.postNeed(community.token, { fairId, ...overrides });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId], deadlineMs });
    return { needId, sessionId };
  };
  const bidsOn = async (needId: string, token?: string) =>
    (await api.ok(`query($id: ID!) { need(id: $id) { bids { id price organization { id } } } }`, { id: needId }, token)).need.bids as Array<{
      id: string;
      price: string;
      organization: { id: string };
    }>;

  it('takes a bid from an eligible organization, in the session the need is on, and audits it', async () => {
    const { needId, sessionId } = await needInSession({ budget: '48000.00' });
    const org = await fx.organization(['ELDERLY_CARE']);
    const result = await fx.submitBid(org.token, { needId, price: '45000.50' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.submitBid).toMatchObject({
      status: 'SUBMITTED',
      price: '45000.50',
      need: { id: needId },
      organization: { id: org.organizationId },
      session: { id: sessionId },
    });
    const [audit] = await db.query(`SELECT from_status, to_status, actor_role FROM audit_log WHERE entity_type = 'BID' AND entity_id = $1`, [
      result.data!.submitBid.id,
    ]);
    expect(audit).toEqual({ from_status: null, to_status: 'SUBMITTED', actor_role: 'ORGANIZATION' });
  });

  it('accepts an organization whose offering is in a related domain', async () => {
    const { needId } = await needInSession({ domain: 'HOSPICE_CARE' });
    const org = await fx.organization(['ELDERLY_CARE']);
    expect((await fx.submitBid(org.token, { needId })).errors).toBeUndefined();
  });

  it('is for organizations only', async () => {
    const { needId } = await needInSession();
    expect(errorCode(await fx.submitBid(community.token, { needId }))).toBe('FORBIDDEN');
    expect(errorCode(await fx.submitBid(organizer, { needId }))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(`mutation($id: ID!) { submitBid(input: { needId: $id, price: "1.00", plan: "x" }) { id } }`, { id: needId }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await bidCount(needId)).toBe(0);
  });

  it.each([
    ['a price of zero', { price: '0.00' }, 'BAD_USER_INPUT', 'price'],
    ['a negative price', { price: '-5.00' }, 'BAD_USER_INPUT', 'price'],
    ['a price with three decimals', { price: '100.123' }, 'BAD_USER_INPUT', 'price'],
    ['a price above the budget', { price: '48000.01' }, 'BAD_USER_INPUT', 'price'],
    ['an empty plan', { plan: '' }, 'BAD_USER_INPUT', 'plan'],
    ['a blank plan', { plan: '   ' }, 'BAD_USER_INPUT', 'plan'],
    ['a plan over 4000 characters', { plan: '计'.repeat(4001) }, 'BAD_USER_INPUT', 'plan'],
    ['a session the need is not on', { sessionId: 'SESSION_ELSEWHERE' }, 'BAD_USER_INPUT', 'needId'],
    ['an unknown session', { sessionId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'MatchSession'],
  ])('rejects %s with %s naming it, and stores nothing', async (_, patch, code, mentions) => {
    const { needId } = await needInSession({ budget: '48000.00' });
    const elsewhere = await needInSession();
    const org = await fx.organization(['ELDERLY_CARE']);
    const input = { needId, ...patch } as Record<string, unknown>;
    if (input.sessionId === 'SESSION_ELSEWHERE') input.sessionId = elsewhere.sessionId;
    const result = await fx.submitBid(org.token, input);
    expect(errorCode(result)).toBe(code);
    expect(result.errors![0].message).toContain(mentions);
    expect(await bidCount(needId)).toBe(0);
  });

  it('answers NOT_FOUND for an unknown need and CONFLICT for a need on no open table', async () => {
    const org = await fx.organization(['ELDERLY_CARE']);
    expect(errorCode(await fx.submitBid(org.token, { needId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    const offTable = await fx.postNeed(community.token, { fairId });
    expect(errorCode(await fx.submitBid(org.token, { needId: offTable }))).toBe('CONFLICT');
    expect(await bidCount(offTable)).toBe(0);
  });

  it('asks which session when the need is on several open tables', async () => {
    const needId = await fx.postNeed(community.token, { fairId });
    const first = await fx.openSession(organizer, fairId, { needIds: [needId] });
    await fx.openSession(organizer, fairId, { needIds: [needId] });
    const org = await fx.organization(['ELDERLY_CARE']);
    const ambiguous = await fx.submitBid(org.token, { needId });
    expect(errorCode(ambiguous)).toBe('BAD_USER_INPUT');
    expect(ambiguous.errors![0].message).toContain('sessionId');
    expect((await fx.submitBid(org.token, { needId, sessionId: first })).data!.submitBid.session.id).toBe(first);
  });

  it.each([
    ['without an offering in the domain', ['MINOR_PROTECTION'], {}, {}, 'NO_MATCHING_OFFERING'],
    ['below the minimum grade', ['ELDERLY_CARE'], {}, { minGrade: 'A3' }, 'GRADE_BELOW_MINIMUM'],
    ['outside its service radius', ['ELDERLY_CARE'], { location: { lat: 31.23, lng: 121.47 }, serviceRadiusKm: 20 }, {}, 'OUTSIDE_SERVICE_RADIUS'],
  ])('refuses an organization %s with the reason, storing nothing', async (_, domains, orgPatch, needPatch, reason) => {
    const { needId } = await needInSession(needPatch);
    const org = await fx.organization(domains, orgPatch);
    const result = await fx.submitBid(org.token, { needId });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(result.errors![0].extensions!.reason).toBe(reason);
    expect(await bidCount(needId)).toBe(0);
  });

  it('refuses an organization with no free capacity', async () => {
    const { needId } = await needInSession();
    const org = await fx.organization(['ELDERLY_CARE'], { maxConcurrentProjects: 1 });
    await db.query('UPDATE organizations SET active_projects = 1 WHERE id = $1', [org.organizationId]);
    const result = await fx.submitBid(org.token, { needId });
    expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_FREE_CAPACITY' });
  });

  it('stores exactly one of ten parallel bids by one organization on one need', async () => {
    const { needId } = await needInSession();
    const org = await fx.organization(['ELDERLY_CARE']);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => fx.submitBid(org.token, { needId, price: `${40000 + i}.00` })));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(9);
    expect(await bidCount(needId)).toBe(1);
  });

  it('lets an organization withdraw its own bid once, and bid again afterwards', async () => {
    const { needId } = await needInSession();
    const org = await fx.organization(['ELDERLY_CARE']);
    const other = await fx.organization(['ELDERLY_CARE']);
    const bidId = (await fx.submitBid(org.token, { needId })).data!.submitBid.id;
    const withdraw = `mutation($id: ID!) { withdrawBid(id: $id) { id status } }`;
    expect(errorCode(await api.gql(withdraw, { id: bidId }, other.token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(withdraw, { id: bidId }, community.token))).toBe('FORBIDDEN');
    expect((await api.ok(withdraw, { id: bidId }, org.token)).withdrawBid).toEqual({ id: bidId, status: 'WITHDRAWN' });
    expect(errorCode(await api.gql(withdraw, { id: bidId }, org.token))).toBe('CONFLICT');
    expect(errorCode(await api.gql(withdraw, { id: '00000000-0000-4000-8000-000000000000' }, org.token))).toBe('NOT_FOUND');
    expect((await fx.submitBid(org.token, { needId })).errors).toBeUndefined();
    const audit = await db.query(`SELECT from_status, to_status FROM audit_log WHERE entity_type = 'BID' AND entity_id = $1 ORDER BY id`, [bidId]);
    expect(audit).toEqual([
      { from_status: null, to_status: 'SUBMITTED' },
      { from_status: 'SUBMITTED', to_status: 'WITHDRAWN' },
    ]);
  });

  it('refuses bids and withdrawals after the deadline by the database clock, even while the session still says OPEN', async () => {
    const { needId, sessionId } = await needInSession({}, 2000);
    const org = await fx.organization(['ELDERLY_CARE']);
    const late = await fx.organization(['ELDERLY_CARE']);
    const bidId = (await fx.submitBid(org.token, { needId })).data!.submitBid.id;
    await sleep(2300);
    // No worker runs in this file: nothing has moved the session yet.
    expect((await api.ok(`query($id: ID!) { session(id: $id) { status } }`, { id: sessionId })).session.status).toBe('OPEN');
    const result = await fx.submitBid(late.token, { needId });
    expect(errorCode(result)).toBe('CONFLICT');
    expect(result.errors![0].message).toContain('deadline');
    expect(errorCode(await api.gql(`mutation($id: ID!) { withdrawBid(id: $id) { id } }`, { id: bidId }, org.token))).toBe('CONFLICT');
    expect(await bidCount(needId)).toBe(1);
  });

  it('refuses bids once bidding is closed', async () => {
    const { needId, sessionId } = await needInSession();
    await api.ok(`mutation($id: ID!) { closeBidding(sessionId: $id) { status } }`, { id: sessionId }, organizer);
    const org = await fx.organization(['ELDERLY_CARE']);
    expect(errorCode(await fx.submitBid(org.token, { needId, sessionId }))).toBe('CONFLICT');
    expect(await bidCount(needId)).toBe(0);
  });

  it("lets the need's community, organizers and admins see every bid, an organization only its own, others none", async () => {
    const { needId } = await needInSession();
    const a = await fx.organization(['ELDERLY_CARE']);
    const b = await fx.organization(['ELDERLY_CARE']);
    const bidA = (await fx.submitBid(a.token, { needId, price: '41000.00' })).data!.submitBid.id;
    const bidB = (await fx.submitBid(b.token, { needId, price: '39000.00' })).data!.submitBid.id;
    const stranger = await api.registerCommunity();
    const ids = (bids: Array<{ id: string }>) => bids.map((x) => x.id).sort();
    expect(ids(await bidsOn(needId, community.token))).toEqual([bidA, bidB].sort());
    expect(ids(await bidsOn(needId, organizer))).toEqual([bidA, bidB].sort());
    expect(ids(await bidsOn(needId, await api.adminToken()))).toEqual([bidA, bidB].sort());
    expect(await bidsOn(needId, a.token)).toEqual([{ id: bidA, price: '41000.00', organization: { id: a.organizationId } }]);
    expect(await bidsOn(needId, b.token)).toEqual([{ id: bidB, price: '39000.00', organization: { id: b.organizationId } }]);
    expect(await bidsOn(needId, stranger.token)).toEqual([]);
    expect(await bidsOn(needId)).toEqual([]);
    // The same rule through the session's table of needs.
    const session = await api.ok(`query($id: ID!) { need(id: $id) { fair { id } } }`, { id: needId }, a.token);
    expect(session.need.fair.id).toBe(fairId);
  });
});
