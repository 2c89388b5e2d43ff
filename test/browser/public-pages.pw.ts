import { choose, expect, expectAccessible, screenshot, signIn, test } from './fixtures';

test('anyone sees the current fair with its figures, and the needs list pages with a cursor', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '当前洽谈会' })).toBeVisible();
  await expect(page.getByText('第四届南京社区暨社会公益服务项目洽谈会')).toBeVisible();
  await expectAccessible(page, 'home');
  await screenshot(page, 'home.png');
  await page.goto('/needs');
  await expect(page.getByText(/共 [\d,]+ 个需求/)).toBeVisible();
  const first = (await page.getByRole('row').nth(1).textContent())!;
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByRole('row').nth(1)).not.toHaveText(first);
  await page.getByRole('button', { name: '上一页' }).click();
  await expect(page.getByRole('row').nth(1)).toHaveText(first);
  await expectAccessible(page, 'needs');
  await screenshot(page, 'needs.png');
});

test('a wrong password shows an error and stays on the login page; the demo organizer signs in', async ({ page }) => {
  await page.goto('/login');
  await expectAccessible(page, 'login');
  await screenshot(page, 'login.png');
  await page.getByLabel('邮箱').fill('organizer@demo.nj');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, 'organizer@demo.nj');
  await expect(page).toHaveURL(/\/organizer$/);
  await expect(page.getByRole('link', { name: '第四届南京社区暨社会公益服务项目洽谈会' })).toBeVisible();
});

test('a seeded community sees its needs with status tags, an organization its recommendations with score breakdowns', async ({ page }) => {
  await signIn(page, 'community1@demo.nj');
  await expect(page).toHaveURL(/\/my\/needs$/);
  await expect(page.getByText('已发布').first()).toBeVisible();
  await expectAccessible(page, 'my needs');
  await screenshot(page, 'my-needs.png');
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, 'org1@demo.nj');
  await expect(page).toHaveURL(/\/my\/recommended$/);
  await expect(page.getByRole('meter', { name: '领域匹配' }).first()).toBeVisible();
  await expectAccessible(page, 'recommended');
  await screenshot(page, 'recommended.png');
});

test('the open-data page offers the OCDS package for download', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '开放数据' }).first().click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载 OCDS 数据包/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ocds-.*\.json$/);
  await expectAccessible(page, 'open data');
});

test('a community saves a draft, corrects it, and publishes it', async ({ page }) => {
  const title = `社区四点半课堂${Date.now() % 1_000_000}`;
  await signIn(page, 'community1@demo.nj');
  await page.goto('/needs/new');
  await page.getByLabel('项目名称').fill(title);
  await page.getByLabel('项目简介').fill('放学后为双职工家庭的小学生提供作业辅导和安全看护。');
  await choose(page, '服务领域', '未成年人保护');
  await page.getByLabel('服务对象人数').fill('40');
  await page.getByLabel('预算（元）').fill('30000');
  await page.getByLabel('开始日期').fill('2027-03-01');
  await page.getByLabel('结束日期').fill('2027-12-31');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿').first()).toBeVisible();
  await expect(page.getByText('尚未上桌')).toBeVisible();

  await page.getByRole('link', { name: '编辑' }).click();
  await expect(page.getByRole('heading', { name: '修改服务需求' })).toBeVisible();
  await expect(page.getByLabel('项目名称')).toHaveValue(title);
  // A period that ends before it starts is refused as typed, beside the field.
  await page.getByLabel('结束日期').fill('2027-01-31');
  await page.getByLabel('开始日期').fill('2027-02-01');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByText('结束日期不能早于开始日期')).toBeVisible();
  await page.getByLabel('结束日期').fill('2027-12-31');
  await page.getByLabel('预算（元）').fill('36000');
  await expectAccessible(page, 'edit a need');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page).toHaveURL(/\/needs\/[0-9a-f-]{36}$/);
  await expect(page.getByText('¥36,000.00')).toBeVisible();

  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText('需求已发布')).toBeVisible();
  await expect(page.getByText('已发布').first()).toBeVisible();
});
