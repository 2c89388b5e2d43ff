import { choose, creditCode, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

/**
 * A whole fair, played in the browser by each role, as in the hall: a community
 * posts and publishes a need, an organization bids, the organizer opens a session,
 * closes bidding and runs matching, both sides accept, both sign, and the big screen
 * moves without a reload. The community and organization are new (registered here)
 * and live far outside Nanjing, so no seeded organization competes for the need.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now() % 1_000_000;
const community = { email: `community-${run}@browser.test`, name: `浏览器测试${run}社区` };
const organization = { email: `org-${run}@browser.test`, name: `浏览器测试${run}养老服务中心` };
const needTitle = `助餐送餐服务${run}`;
const sessionTitle = `浏览器测试专场${run}`;
const PASSWORD = 'browser-password-2026';
const FAR_AWAY = { lat: '33.5', lng: '118.8' };

test('a whole fair, from posting a need to both signatures, with the big screen moving live', async ({ openPage }) => {
  test.setTimeout(300_000);
  // The hall's screen, opened first and never reloaded.
  const screen = await openPage();
  await screen.setViewportSize({ width: 1920, height: 1080 });
  await screen.goto('/');
  const screenLink = screen.getByRole('link', { name: '大屏' }).first();
  const fairPath = (await screenLink.getAttribute('href'))!;
  const fairId = fairPath.split('/').pop()!;
  await screen.goto(fairPath);
  const figure = (name: string) => screen.locator(`[data-figure="${name}"]`);
  const number = async (name: string) => Number((await figure(name).innerText()).replace(/,/g, ''));
  await expect(figure('needsListed')).toBeVisible();
  const before = { bids: await number('bidsSubmitted'), contracts: await number('contractsSigned'), amount: await number('amountSigned') };
  await expectAccessible(screen, 'big screen');

  // A community registers and posts a need.
  const c = await openPage();
  await c.goto('/register/community');
  await c.getByLabel('社区名称').fill(community.name);
  await choose(c, '所在区', '六合区');
  await c.getByLabel('街道').fill('龙池街道');
  await c.getByLabel('纬度').fill(FAR_AWAY.lat);
  await c.getByLabel('经度').fill(FAR_AWAY.lng);
  await c.getByLabel('户数').fill('2800');
  await c.getByLabel('邮箱').fill(community.email);
  await c.getByLabel('密码').fill(PASSWORD);
  await c.getByRole('button', { name: '注册' }).click();
  await expect(c).toHaveURL(/\/my\/needs/);

  await c.goto('/needs/new');
  await c.getByLabel('项目名称').fill(needTitle);
  await c.getByLabel('项目简介').fill('为社区80岁以上独居老人每日配送午餐，每周五天，含营养评估和上门探访。');
  await choose(c, '服务领域', '养老服务');
  await c.getByLabel('服务对象人数').fill('60');
  await c.getByLabel('预算（元）').fill('50000');
  await c.getByLabel('开始日期').fill('2026-03-01');
  await c.getByLabel('结束日期').fill('2026-12-31');
  await expect(c.getByLabel('参加洽谈会')).toBeVisible();
  await expectAccessible(c, 'post a need');
  await screenshot(c, 'post-need.png');
  await c.getByRole('button', { name: '发布', exact: true }).click();
  await expect(c).toHaveURL(/\/needs\/[0-9a-f-]{36}$/);
  await expect(c.getByText('已发布').first()).toBeVisible();
  await expect(c.getByText('¥50,000.00')).toBeVisible();
  const needUrl = c.url();

  // An organization registers beside it (the credit code is checked as typed) and publishes an offering.
  const o = await openPage();
  await o.goto('/register/organization');
  await o.getByLabel('机构名称').fill(organization.name);
  await o.getByLabel('统一社会信用代码').fill('52320100MJ0000000X');
  await expect(o.getByText('校验位不正确')).toBeVisible();
  await o.getByLabel('统一社会信用代码').fill(creditCode(run));
  await expect(o.getByText('校验位不正确')).toHaveCount(0);
  await choose(o, '组织形式', '社会服务机构');
  await choose(o, '所在区', '六合区');
  await o.getByLabel('纬度').fill(FAR_AWAY.lat);
  await o.getByLabel('经度').fill(FAR_AWAY.lng);
  await o.getByLabel('服务半径（公里）').fill('20');
  await o.getByLabel('持证社工人数').fill('6');
  await o.getByLabel('员工人数').fill('20');
  await o.getByLabel('可同时承接项目数').fill('3');
  await o.getByLabel('邮箱').fill(organization.email);
  await o.getByLabel('密码').fill(PASSWORD);
  await o.getByRole('button', { name: '注册' }).click();
  await expect(o).toHaveURL(/\/my\/catalog/);
  await choose(o, '服务领域', '养老服务');
  await o.getByLabel('服务名称').fill('长者助餐与探访');
  await o.getByLabel('服务说明').fill('中央厨房配餐、志愿者送餐、社工每月探访。');
  await o.getByLabel('最低价格（元）').fill('30000');
  await o.getByLabel('最高价格（元）').fill('60000');
  await o.getByLabel('年服务人次').fill('5000');
  await o.getByRole('button', { name: '加入目录' }).click();
  await expect(o.getByRole('cell', { name: '长者助餐与探访' })).toBeVisible();
  await expectAccessible(o, 'catalog');

  // The organizer opens a session over the need.
  const g = await openPage();
  await signIn(g, 'organizer@demo.nj');
  await g.goto(`/organizer/fairs/${fairId}`);
  await g.getByLabel('场次名称').fill(sessionTitle);
  await g.getByLabel('投标截止时间').fill('2030-12-31T18:00');
  const needs = g.getByLabel('上桌需求');
  await needs.click();
  await needs.fill(needTitle);
  await expect(g.getByTitle(needTitle, { exact: false }).first()).toBeVisible();
  await g.keyboard.press('Enter');
  await g.keyboard.press('Escape');
  await g.getByRole('button', { name: '开设场次' }).click();
  await expect(g.getByRole('cell', { name: sessionTitle })).toBeVisible();

  // The organization finds it among its recommendations and bids; a price above the budget is refused as typed.
  await o.goto('/my/recommended');
  await o.getByRole('button', { name: `投标 ${needTitle}` }).click();
  await o.getByLabel('报价（元）').fill('60000');
  await expect(o.getByText('报价不能高于预算')).toBeVisible();
  await o.getByLabel('报价（元）').fill('45000');
  await o.getByLabel('服务方案').fill('每日11点前送达，配备持证社工2名、厨师1名、送餐员4名。');
  await o.getByRole('button', { name: '提交投标' }).click();
  await expect(o.getByText('投标已提交')).toBeVisible();
  await o.goto('/my/bids');
  await expect(o.getByRole('cell', { name: needTitle })).toBeVisible();
  await expect(o.getByText(/距截止/)).toBeVisible();
  await expectAccessible(o, 'my bids');

  // The big screen counted the bid, without a reload, and its ticker names neither the bidder nor the price.
  await expect.poll(() => number('bidsSubmitted'), { timeout: 10_000 }).toBe(before.bids + 1);
  await expect(screen.getByText(/六合区 · 养老服务 · 新增投标/)).toBeVisible();
  await expect(screen.getByText(organization.name)).toHaveCount(0);
  await expect(screen.getByText(/45,000/)).toHaveCount(0);

  // The organizer closes bidding and runs matching, watching its progress.
  await g.reload();
  await g.getByRole('row', { name: new RegExp(sessionTitle) }).click();
  await g.getByRole('button', { name: '截止投标' }).click();
  await g.getByRole('button', { name: '截止投标' }).last().click();
  await expect(g.getByText('已截止投标').first()).toBeVisible();
  await g.getByRole('button', { name: '开始撮合' }).click();
  await expect(g.getByText('已完成').first()).toBeVisible({ timeout: 60_000 });
  await expect(g.getByRole('link', { name: organization.name })).toBeVisible();
  await expect(g.getByText('最优分配').first()).toBeVisible();
  await expectAccessible(g, 'fair console');
  await screenshot(g, 'organizer-console.png');

  // Both sides accept the proposal.
  await c.goto(needUrl);
  await c.getByRole('button', { name: `接受 ${organization.name}` }).click();
  await expect(c.getByText('社区已确认')).toBeVisible();
  await expectAccessible(c, 'need page');
  await screenshot(c, 'need-proposals.png');
  await o.goto('/my/proposals');
  await o.getByRole('button', { name: `确认承接 ${needTitle}` }).click();
  await expect(o.getByText('本机构已确认')).toBeVisible();

  // The worker writes the contract; both parties sign it.
  await c.goto('/contracts');
  await expect(async () => {
    await c.reload();
    await expect(c.getByRole('cell', { name: needTitle })).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await c
    .getByRole('row', { name: new RegExp(needTitle) })
    .getByRole('link')
    .first()
    .click();
  await expect(c.getByText('待签署').first()).toBeVisible();
  await expect(c.getByText('¥45,000.00').first()).toBeVisible();
  await c.getByRole('button', { name: '签署合同' }).click();
  await expect(c.getByText('社区已签')).toBeVisible();
  const contractUrl = c.url();
  await o.goto(contractUrl.replace(/^https?:\/\/[^/]+/, ''));
  await o.getByRole('button', { name: '签署合同' }).click();
  await expect(o.getByText('已签署').first()).toBeVisible();
  await expectAccessible(o, 'contract');
  await screenshot(o, 'contract.png');

  // The screen's figures moved, still without a reload.
  await expect.poll(() => number('contractsSigned'), { timeout: 10_000 }).toBe(before.contracts + 1);
  await expect.poll(() => number('amountSigned'), { timeout: 10_000 }).toBe(before.amount + 45000);
  await expect(screen.getByText(/签约 ¥45,000/)).toBeVisible();
  await screenshot(screen, 'big-screen.png');

  // The organizer reads the contract's history in the console: who moved it, and when.
  await g.goto(`/organizer/fairs/${fairId}`);
  await g.getByRole('tab', { name: '合同' }).click();
  const contractRow = g.getByRole('row', { name: new RegExp(needTitle) });
  const contractNumber = (await contractRow.getByRole('link').first().innerText()).trim();
  await g.getByRole('button', { name: `合同 ${contractNumber} 的记录` }).click();
  await expect(g.getByRole('cell', { name: 'PENDING_SIGNATURE' }).first()).toBeVisible();
  await expect(g.getByRole('cell', { name: 'SIGNED' }).first()).toBeVisible();
});
