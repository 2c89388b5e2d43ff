import { randomUUID } from 'node:crypto';
import { TestApi } from './support/api';
import { FairFixtures, sleep } from './support/fairs';

/** Clients tell refusals apart by extensions.reason, which travels beside the contract's extensions.code. */
describe('error reasons over the API (e2e)', () => {
  let api: TestApi;
  let fx: FairFixtures;
  let organizer: string;
  let community: { token: string; communityId: string };
  let fairId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    fx = new FairFixtures(api);
    organizer = await api.organizerToken();
    community = await api.registerCommunity();
    fairId = await fx.createFair(organizer);
  }, 60_000);
  afterAll(() => api?.stop());

  const extensions = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => result.errors?.[0]?.extensions;

  it('tells "session not open" from "deadline passed", both CONFLICT', async () => {
    const org = await fx.organization(['ELDERLY_CARE']);
    const closedNeed = await fx.postNeed(community.token, { fairId });
    const closed = await fx.openSession(organizer, fairId, { needIds: [closedNeed] });
    await api.ok(`mutation($id: ID!) { closeBidding(sessionId: $id) { id } }`, { id: closed }, organizer);
    expect(extensions(await fx.submitBid(org.token, { needId: closedNeed, sessionId: closed }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'SESSION_NOT_OPEN',
    });

    const lateNeed = await fx.postNeed(community.token, { fairId });
    const late = await fx.openSession(organizer, fairId, { needIds: [lateNeed], deadlineMs: 1500 });
    await sleep(1600);
    // The deadline passed; the worker that would close the session is not running here.
    expect(extensions(await fx.submitBid(org.token, { needId: lateNeed, sessionId: late }))).toMatchObject({ code: 'CONFLICT', reason: 'BID_DEADLINE_PASSED' });
  });

  it('gives a reason to validation errors, unknown and malformed ids, and missing sign-in', async () => {
    expect(
      extensions(
        await api.gql(`mutation { createFair(input: { name: "x", city: "南京", startsOn: "2026-01-01", endsOn: "2026-01-02" }) { id } }`, {}, organizer),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'name' });
    for (const id of [randomUUID(), 'not-an-id']) {
      expect(extensions(await api.gql(`mutation($id: ID!) { publishNeed(id: $id) { id } }`, { id }, community.token))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'NEED_NOT_FOUND',
      });
    }
    expect(extensions(await api.gql(`mutation($id: ID!) { publishNeed(id: $id) { id } }`, { id: randomUUID() }))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'SIGN_IN_REQUIRED',
    });
    expect(extensions(await api.gql(`mutation($id: ID!) { signContract(id: $id) { id } }`, { id: 'not-an-id' }, community.token))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'CONTRACT_NOT_FOUND',
    });
  });
});
