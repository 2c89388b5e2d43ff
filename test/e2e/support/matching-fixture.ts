import { DataSource } from 'typeorm';
import { TestApi } from './api';

/** An organization of the fixture: capacity and grade chosen so the assignment has to respect capacity. */
export interface FixtureOrganization {
  token: string;
  organizationId: string;
  capacity: number;
}
export interface MatchingFixture {
  organizer: string;
  communities: Array<{ token: string; communityId: string }>;
  organizations: FixtureOrganization[];
  fairId: string;
  sessionId: string;
  needIds: string[];
  /** need id -> community index */
  needCommunity: Map<string, number>;
}

/**
 * Each fixture lives around its own point with no organization within about 50 km (its
 * organizations serve 20 km and sit within 5 km of it), so other suites' organizations,
 * sharing the run's database, never reach its needs and the capacity arithmetic below
 * holds exactly. A random point alone was not enough: two fixtures of one run once landed
 * close in CI. The area (western China) is kept apart from the other suites' own places:
 * Nanjing (the default), the directory suite's (lat 40.5+) and the needs suite's (43.8+).
 */
async function isolatedOrigin(api: TestApi): Promise<{ lat: number; lng: number }> {
  const db = api.app.get(DataSource);
  for (let attempt = 0; attempt < 100; attempt++) {
    const o = { lat: 26 + Math.random() * 12, lng: 98 + Math.random() * 14 };
    const [{ near }] = await db.query('SELECT count(*)::int AS near FROM organizations WHERE abs(lat - $1) < 0.5 AND abs(lng - $2) < 0.5', [o.lat, o.lng]);
    if (near === 0) return o;
  }
  throw new Error('no free place left for a matching fixture');
}

/**
 * Over the public API: two communities post `needCount` elder-care needs (some in a
 * related domain) on a fair, four organizations with 1-3 slots offer elder care,
 * one bids, the organizer opens a session on those needs and closes bidding.
 * More needs than slots, so the assignment must leave some needs out.
 */
export async function seedClosedSession(api: TestApi, needCount = 8, organizer?: string): Promise<MatchingFixture> {
  organizer ??= await api.organizerToken();
  const admin = await api.adminToken();
  const o = await isolatedOrigin(api);
  const at = (dLat: number, dLng: number) => ({ lat: o.lat + dLat, lng: o.lng + dLng });
  const communities = [await api.registerCommunity({ location: at(0, 0) }), await api.registerCommunity({ location: at(0.01, 0.01) })];
  const capacities = [1, 1, 2, 3];
  const grades = ['A5', 'A3', 'UNRATED', 'A4'];
  const organizations: FixtureOrganization[] = [];
  for (let i = 0; i < capacities.length; i++) {
    const org = await api.registerOrganization({
      maxConcurrentProjects: capacities[i],
      serviceRadiusKm: 20,
      location: at(-0.01 + i * 0.01, -0.01 + i * 0.005),
    });
    await api.ok(
      `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
      {
        input: {
          domain: i === 3 ? 'HOSPICE_CARE' : 'ELDERLY_CARE',
          title: '居家养老服务',
          description: '上门助餐、助浴、陪护',
          priceMin: `${40000 + i * 5000}.00`,
          priceMax: `${90000 + i * 5000}.00`,
          annualBeneficiaries: 200 + 100 * i,
        },
      },
      org.token,
    );
    await api.ok(
      `mutation($o: ID!, $g: EvaluationGrade!) { setOrganizationGrade(organizationId: $o, grade: $g) { id } }`,
      { o: org.organizationId, g: grades[i] },
      admin,
    );
    organizations.push({ ...org, capacity: capacities[i] });
  }
  const fair = await api.ok(
    `mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`,
    {
      input: { name: `第五届社洽会-${Date.now()}`, city: '南京', startsOn: '2027-03-01', endsOn: '2027-03-02' },
    },
    organizer,
  );
  const fairId = fair.createFair.id as string;
  const needIds: string[] = [];
  const needCommunity = new Map<string, number>();
  for (let i = 0; i < needCount; i++) {
    const c = i % 2;
    const need = await api.ok(
      `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
      {
        input: {
          title: `社区居家养老服务项目 ${i + 1}`,
          description: '为高龄独居老人提供助餐和探访',
          domain: i % 4 === 3 ? 'HOSPICE_CARE' : 'ELDERLY_CARE',
          beneficiaries: 80 + 10 * i,
          budget: `${100000 + 10000 * i}.00`,
          fundingSource: 'DISTRICT',
          startsOn: '2027-04-01',
          endsOn: '2028-03-31',
          location: at(-0.005 + 0.004 * i, -0.005 + 0.002 * i),
          fairId,
        },
      },
      communities[c].token,
    );
    needIds.push(need.postNeed.id);
    needCommunity.set(need.postNeed.id, c);
  }
  const session = await api.ok(
    `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
    {
      input: { fairId, title: '玄武区养老项目专场', zone: 'DISTRICT_PROJECTS', bidDeadline: new Date(Date.now() + 3600_000).toISOString(), needIds },
    },
    organizer,
  );
  const sessionId = session.openSession.id as string;
  await api.ok(
    `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
    {
      input: { needId: needIds[0], sessionId, price: '90000.00', plan: '每周五次助餐，每月两次探访' },
    },
    organizations[2].token,
  );
  await api.ok(`mutation($s: ID!) { closeBidding(sessionId: $s) { status } }`, { s: sessionId }, organizer);
  return { organizer, communities, organizations, fairId, sessionId, needIds, needCommunity };
}

export const RUN_FIELDS =
  'id status progress pairsScored proposalsCreated assignedCount totalScore startedAt finishedAt error attempts topK weights { domain capacity grade distance price performance }';

/** Polls matchRun until it leaves QUEUED/RUNNING (or the timeout passes). */
export async function waitForRun(api: TestApi, token: string, runId: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { matchRun } = await api.ok(`query($id: ID!) { matchRun(id: $id) { ${RUN_FIELDS} } }`, { id: runId }, token);
    if (matchRun.status === 'SUCCEEDED' || matchRun.status === 'FAILED') return matchRun;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${matchRun.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
