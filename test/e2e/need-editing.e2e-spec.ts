import { DataSource } from 'typeorm';
import { errorCode, TestApi } from './support/api';
import { FairFixtures } from './support/fairs';

const UPDATE = `mutation($id: ID!, $input: UpdateNeedInput!) { updateNeed(id: $id, input: $input) { id title description budget startsOn endsOn status domain } }`;
const NEED_SESSIONS = `query($id: ID!) { need(id: $id) { id sessions { id title status } } }`;

jest.setTimeout(60_000);

describe('editing a need (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let fx: FairFixtures;
  let community: { token: string; communityId: string };
  let otherCommunity: { token: string };
  let organizer: string;
  let fairId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    fx = new FairFixtures(api);
    community = await api.registerCommunity();
    otherCommunity = await api.registerCommunity();
    organizer = await api.organizerToken();
    fairId = await fx.createFair(organizer);
  });
  afterAll(() => api.stop());

  const stored = async (id: string) =>
    (
      await db.query(`SELECT title, budget_fen::text AS budget, starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM service_needs WHERE id = $1`, [
        id,
      ])
    )[0];
  const edits = async (id: string) =>
    Number((await db.query(`SELECT count(*) FROM audit_log WHERE entity_type = 'NEED' AND entity_id = $1 AND detail ? 'edited'`, [id]))[0].count);

  it('changes only the fields given, keeps the status, and audits which fields changed', async () => {
    const id = await fx.postNeed(community.token, { draft: true, fairId });
    const { updateNeed } = await api.ok(UPDATE, { id, input: { title: '  锁金村助餐（修订）  ', budget: '52000.00' } }, community.token);
    expect(updateNeed).toMatchObject({ id, title: '锁金村助餐（修订）', budget: '52000.00', status: 'DRAFT', domain: 'ELDERLY_CARE', startsOn: '2027-01-01' });
    const [entry] = await db.query(`SELECT from_status, to_status, detail FROM audit_log WHERE entity_type = 'NEED' AND entity_id = $1 AND detail ? 'edited'`, [
      id,
    ]);
    expect(entry).toMatchObject({ from_status: 'DRAFT', to_status: 'DRAFT' });
    expect([...entry.detail.edited].sort()).toEqual(['budgetFen', 'title']);
  });

  it('refuses a bad field by name and stores nothing', async () => {
    const id = await fx.postNeed(community.token);
    const before = await stored(id);
    const badBudget = await api.gql(UPDATE, { id, input: { budget: '0', title: '新的名称' } }, community.token);
    expect(errorCode(badBudget)).toBe('BAD_USER_INPUT');
    expect(badBudget.errors![0].extensions!.field).toMatch(/budget/);
    // One date moved past the other as stored: the period is checked against the row.
    const inverted = await api.gql(UPDATE, { id, input: { endsOn: '2026-06-30' } }, community.token);
    expect(inverted.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    const blank = await api.gql(UPDATE, { id, input: { title: '   ' } }, community.token);
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(await stored(id)).toEqual(before);
    expect(await edits(id)).toBe(0);
  });

  it("refuses another community's need, and every other role", async () => {
    const id = await fx.postNeed(community.token);
    const other = await api.gql(UPDATE, { id, input: { title: '别人的需求' } }, otherCommunity.token);
    expect(other.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_NEED' });
    const org = await api.registerOrganization();
    for (const token of [org.token, organizer, undefined]) {
      const denied = await api.gql(UPDATE, { id, input: { title: '改名' } }, token);
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(errorCode(denied));
    }
    expect((await stored(id)).title).toBe('锁金村社区居家养老助餐服务');
  });

  it('refuses while a session takes bids on the need, and the need lists that session', async () => {
    const id = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [id] });
    const refused = await api.gql(UPDATE, { id, input: { budget: '10.00' } }, community.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NEED_NOT_EDITABLE' });
    expect((await stored(id)).budget).toBe('4800000');
    const { need } = await api.ok(NEED_SESSIONS, { id }, community.token);
    expect(need.sessions).toEqual([{ id: sessionId, title: '玄武区项目对接专场', status: 'OPEN' }]);
    // Once the session is over, the community may correct the need for a later one.
    await db.query(`UPDATE match_sessions SET status = 'CLOSED' WHERE id = $1`, [sessionId]);
    await api.ok(UPDATE, { id, input: { budget: '50000.00' } }, community.token);
    expect((await stored(id)).budget).toBe('5000000');
  });

  it('refuses a need past PUBLISHED', async () => {
    const id = await fx.postNeed(community.token);
    await db.query(`UPDATE service_needs SET status = 'MATCHED' WHERE id = $1`, [id]);
    const refused = await api.gql(UPDATE, { id, input: { title: '改名' } }, community.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NEED_NOT_EDITABLE', status: 'MATCHED' });
  });

  it('an edit waiting behind a session that is opening over the need is refused once the session commits', async () => {
    const id = await fx.postNeed(community.token, { fairId });
    // What openSession does, held open: the need locked FOR SHARE, the session and its table written, not yet committed.
    const opening = db.createQueryRunner();
    await opening.connect();
    await opening.startTransaction();
    try {
      await opening.query('SELECT id FROM service_needs WHERE id = $1 FOR SHARE', [id]);
      const [session] = await opening.query(
        `INSERT INTO match_sessions (fair_id, title, zone, status, bid_deadline) VALUES ($1, '并发专场', 'DISTRICT_PROJECTS', 'OPEN', now() + interval '1 hour') RETURNING id`,
        [fairId],
      );
      await opening.query('INSERT INTO session_needs (session_id, need_id) VALUES ($1, $2)', [session.id, id]);
      const edit = api.gql(UPDATE, { id, input: { budget: '12345.00' } }, community.token);
      // The edit must be waiting for the need's lock, not have decided yet.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await opening.commitTransaction();
      const result = await edit;
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NEED_NOT_EDITABLE' });
      expect((await stored(id)).budget).toBe('4800000');
    } finally {
      await opening.release();
    }
  });
});
