import { creditCode, DEMO_PASSWORD, expect, expectAccessible, signIn, test } from './fixtures';

/**
 * Fair governance in the browser: the community records its residents' review and the
 * organizer's session form lets only a well-supported need on the table; after the
 * award, the organization files a complaint, the community cannot sign, the organizer
 * upholds it in writing and the need is back on the market. Setup steps the other
 * browser tests already play (registration, bidding, matching) go through the API.
 */
test.describe.configure({ mode: 'serial' });

const run = (Date.now() % 1_000_000) + 500_000;
const PASSWORD = 'browser-password-2026';
const FAR_AWAY = { lat: 33.6, lng: 118.9 };
const community = { email: `gov-community-${run}@browser.test`, name: `评议测试${run}社区` };
const organization = { email: `gov-org-${run}@browser.test`, name: `评议测试${run}助老服务中心` };
const needTitle = `长者助餐${run}`;
const sessionTitle = `评议测试专场${run}`;

async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${process.env.BROWSER_BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('a review gates the session; a complaint blocks signing and, upheld, sends the need back to the market', async ({ openPage }) => {
  test.setTimeout(300_000);
  const organizer = (await gql(`mutation($p: String!) { login(email: "organizer@demo.nj", password: $p) { token } }`, { p: DEMO_PASSWORD })).login.token;
  const fairs = (await gql<{ fairs: Array<{ id: string; status: string }> }>('{ fairs { id status } }')).fairs;
  const fairId = fairs.find((f) => f.status !== 'CLOSED')!.id;
  const c = (
    await gql(`mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { token } }`, {
      input: {
        email: community.email,
        password: PASSWORD,
        name: community.name,
        district: '六合区',
        street: '龙池街道',
        location: FAR_AWAY,
        households: 2600,
      },
    })
  ).registerCommunity.token;
  const o = (
    await gql(`mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token } }`, {
      input: {
        email: organization.email,
        password: PASSWORD,
        name: organization.name,
        creditCode: creditCode(run),
        form: 'SOCIAL_SERVICE_AGENCY',
        district: '六合区',
        location: FAR_AWAY,
        serviceRadiusKm: 20,
        certifiedSocialWorkers: 6,
        staffCount: 20,
        maxConcurrentProjects: 3,
      },
    })
  ).registerOrganization.token;
  await gql(
    `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
    {
      input: {
        domain: 'ELDERLY_CARE',
        title: '长者助餐与探访',
        description: '中央厨房配餐、志愿者送餐。',
        priceMin: '30000',
        priceMax: '60000',
        annualBeneficiaries: 3000,
      },
    },
    o,
  );
  const needId = (
    await gql(
      `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
      {
        input: {
          title: needTitle,
          description: '为社区80岁以上独居老人每日配送午餐。',
          domain: 'ELDERLY_CARE',
          beneficiaries: 50,
          budget: '50000',
          fundingSource: 'WELFARE_LOTTERY',
          startsOn: '2027-03-01',
          endsOn: '2027-12-31',
          fairId,
        },
      },
      c,
    )
  ).postNeed.id;

  // The community records its residents' review on the need's page.
  const cp = await openPage();
  await signIn(cp, community.email, PASSWORD);
  await cp.goto(`/needs/${needId}`);
  await expect(cp.getByText('尚未记录群众评议。')).toBeVisible();
  await cp.getByLabel('评议日期').fill('2026-11-02');
  await cp.getByLabel('参与人数').fill('40');
  await cp.getByLabel('赞成票').fill('41');
  await cp.getByLabel('反对票').fill('4');
  await cp.getByLabel('会议纪要').fill('居民议事会讨论，建议立项。');
  await cp.getByRole('button', { name: '保存评议' }).click();
  await expect(cp.getByText(/must not exceed participants/)).toBeVisible();
  await cp.getByLabel('赞成票').fill('30');
  await cp.getByRole('button', { name: '保存评议' }).click();
  await expect(cp.getByText('群众评议已记录')).toBeVisible();
  await expect(cp.locator('[data-support]')).toHaveText('88.2%');
  await expectAccessible(cp, 'need page with review');

  // The organizer's session form: a minimum support above the need's keeps it off the table; a lower one lets it on.
  const g = await openPage();
  await signIn(g, 'organizer@demo.nj');
  await g.goto(`/organizer/fairs/${fairId}`);
  await g.getByLabel('场次名称').fill(sessionTitle);
  await g.getByLabel('投标截止时间').fill('2030-12-31T18:00');
  await g.getByLabel('最低群众评议支持率（%）').fill('95');
  const needs = g.getByLabel('上桌需求');
  await needs.click();
  await needs.fill(needTitle);
  await expect(g.getByTitle(needTitle, { exact: false }).first()).toBeVisible();
  await g.keyboard.press('Enter');
  await g.keyboard.press('Escape');
  await g.getByRole('button', { name: '开设场次' }).click();
  await expect(g.getByText('部分需求的群众评议支持率未达到设定的最低值，不能上桌。')).toBeVisible();
  await g.getByLabel('最低群众评议支持率（%）').fill('60');
  await g.getByRole('button', { name: '开设场次' }).click();
  await expect(g.getByRole('cell', { name: sessionTitle })).toBeVisible();
  const sessionId = await until('the session', async () => {
    const s = (await gql(`query($id: ID!) { fair(id: $id) { sessions { id title } } }`, { id: fairId }, organizer)).fair.sessions as Array<{
      id: string;
      title: string;
    }>;
    return s.find((x) => x.title === sessionTitle)?.id;
  });

  // The session screen shows each need's support.
  await g.goto(`/sessions/${sessionId}`);
  await expect(g.getByRole('columnheader', { name: '群众评议支持率' })).toBeVisible();
  await expect(g.getByRole('row', { name: new RegExp(needTitle) })).toContainText('88.2%');

  // Bidding, matching and both acceptances, through the API.
  await gql(
    `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
    { input: { needId, sessionId, price: '45000', plan: '每日送餐上门，社工每月探访。' } },
    o,
  );
  await gql(`mutation($id: ID!) { closeBidding(sessionId: $id) { id } }`, { id: sessionId }, organizer);
  const runId = (await gql(`mutation($id: ID!) { runMatching(sessionId: $id) { id } }`, { id: sessionId }, organizer)).runMatching.id;
  await until('the run', async () => (await gql(`query($id: ID!) { matchRun(id: $id) { status } }`, { id: runId }, organizer)).matchRun.status === 'SUCCEEDED');
  const proposalId = await until('the proposal', async () => {
    const rows = (await gql(`query($id: ID!) { proposals(filter: { needId: $id }) { id assigned } }`, { id: needId }, organizer)).proposals as Array<{
      id: string;
      assigned: boolean;
    }>;
    return rows.find((p) => p.assigned)?.id;
  });
  await gql(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: proposalId }, c);
  await gql(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: proposalId }, o);
  const contractId = await until('the contract', async () => {
    const rows = (await gql(`{ contracts { id need { id } } }`, {}, c)).contracts as Array<{ id: string; need: { id: string } }>;
    return rows.find((x) => x.need.id === needId)?.id;
  });

  // The organization files a complaint on the need's page.
  const op = await openPage();
  await signIn(op, organization.email, PASSWORD);
  await op.goto(`/needs/${needId}`);
  await op.getByRole('button', { name: '提出质疑' }).click();
  await op.getByLabel('质疑标题').fill('对评审过程的质疑');
  await op.getByLabel('质疑内容').fill('评审时未核实本机构提交的资质材料，请求复核。');
  await op.getByRole('button', { name: '提交质疑' }).click();
  await expect(op.getByText('质疑已提交')).toBeVisible();
  await expect(op.getByText('待处理').first()).toBeVisible();
  await expectAccessible(op, 'need page with a complaint');

  // Signing is blocked while it is pending.
  await cp.goto(`/contracts/${contractId}`);
  await cp.getByRole('button', { name: '签署合同' }).click();
  await expect(cp.getByText('该项目有待处理的质疑投诉，处理完毕前合同不能签署。')).toBeVisible();

  // The organizer upholds it in writing.
  await g.goto('/organizer/complaints');
  await expect(g.getByRole('heading', { name: '质疑投诉处理' })).toBeVisible();
  await expectAccessible(g, 'complaints queue');
  await g.getByRole('button', { name: '处理质疑：对评审过程的质疑' }).click();
  await g.getByLabel('质疑成立（撤销中标，项目重新征集）').check();
  await g.getByLabel('处理意见').fill('经复核，评审时遗漏了资质材料，撤销本次撮合结果，项目重新征集。');
  await g.getByRole('button', { name: '提交处理结果' }).click();
  await expect(g.getByText('质疑成立：中标结果已撤销，项目重新进入征集')).toBeVisible();

  // The need is back on the market; the contract ended.
  await cp.goto(`/needs/${needId}`);
  await expect(cp.getByText('已发布').first()).toBeVisible();
  await expect(cp.getByText('质疑成立').first()).toBeVisible();
  const contract = (await gql(`query($id: ID!) { contract(id: $id) { status } }`, { id: contractId }, c)).contract;
  expect(contract.status).toBe('TERMINATED');
});
