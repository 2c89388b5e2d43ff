import { Workbook } from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

/**
 * The organizer's insight on a seeded session: before the real run, three weightings tried
 * and compared side by side; then the run, its fairness report, the fair's gap map, and the
 * session's results downloaded as a spreadsheet that opens with Chinese headers and numbers.
 */
const SESSION = '活动体验区 · 文体与志愿服务专场';

test('an organizer compares three weightings, runs matching, reads the fairness report and the gap map, and downloads the results', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  const fairId = (await page.getByRole('link', { name: '大屏' }).first().getAttribute('href'))!.split('/').pop()!;
  await signIn(page, 'organizer@demo.nj');
  await page.goto(`/organizer/fairs/${fairId}`);

  // Bidding closes on the session first: what-if and the run then see the same bids.
  await page.getByRole('row', { name: new RegExp(SESSION) }).click();
  await page.getByRole('button', { name: '截止投标' }).click();
  await page.getByRole('button', { name: '截止投标' }).last().click();
  await expect(page.getByText('已截止投标').first()).toBeVisible();

  // What-if: three weight sets, the second favouring distance, the third price.
  await page.getByRole('tab', { name: '模拟撮合' }).click();
  await page.getByLabel('模拟场次').click();
  await page.getByTitle(SESSION, { exact: false }).last().click();
  await page.getByRole('button', { name: '添加权重方案' }).click();
  await page.getByRole('button', { name: '添加权重方案' }).click();
  const raise = async (label: string, steps: number) => {
    const handle = page.getByRole('slider', { name: label });
    await handle.focus();
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  };
  await raise('方案 2 服务距离权重', 10);
  await raise('方案 3 报价权重', 12);
  await expect(page.getByText('服务距离 0.70')).toBeVisible();
  await page.getByRole('button', { name: '比较方案' }).click();
  const comparison = page.getByRole('table', { name: '权重方案对比' });
  await expect(comparison.getByRole('columnheader', { name: '方案 3' })).toBeVisible({ timeout: 30_000 });
  await expect(comparison.getByRole('row', { name: /服务距离权重\s*0\.20\s*0\.70\s*0\.20/ })).toBeVisible();
  await expect(comparison.getByRole('row', { name: /与方案 1 相比易手的需求\s*0\s/ })).toBeVisible();
  await expect(comparison.getByRole('row', { name: /覆盖率/ })).toBeVisible();
  await expectAccessible(page, 'what-if');
  await page.getByRole('button', { name: '比较方案' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'insight-what-if.png');

  // The real run.
  await page.getByRole('tab', { name: '场次与撮合' }).click();
  await page.getByRole('row', { name: new RegExp(SESSION) }).click();
  await page.getByRole('button', { name: '开始撮合' }).click();
  await expect(page.getByRole('button', { name: '导出撮合结果（Excel）' })).toBeVisible({ timeout: 60_000 });

  // The spreadsheet of the results.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出撮合结果（Excel）' }).click()]);
  expect(download.suggestedFilename()).toMatch(/results\.xlsx$/);
  const workbook = new Workbook();
  const file = await readFile((await download.path())!);
  await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const sheet = workbook.getWorksheet('撮合结果')!;
  expect(sheet.getRow(1).getCell(2).value).toBe('需求名称');
  expect(sheet.getRow(1).getCell(6).value).toBe('预算金额（元）');
  expect(sheet.rowCount).toBeGreaterThan(1);
  expect(typeof sheet.getRow(2).getCell(6).value).toBe('number');
  expect(['已匹配', '未匹配']).toContain(sheet.getRow(2).getCell(7).value);

  // The fairness report of that run.
  await page.getByRole('tab', { name: '公平性报告' }).click();
  const report = page.getByRole('tabpanel', { name: '公平性报告' });
  await expect(report.getByText('赫芬达尔指数（HHI）')).toBeVisible();
  await expect(report.getByText('新组织中标占比')).toBeVisible();
  await expect(report.getByRole('table', { name: '按组织形式' }).getByRole('row')).not.toHaveCount(1);
  await expect(report.getByRole('table', { name: '按评估等级' })).toBeVisible();
  await expect(report.getByRole('table', { name: '按需求所在区' })).toBeVisible();
  await expectAccessible(page, 'fairness report');
  await screenshot(page, 'insight-fairness.png');

  // The gap map: the heat map, the districts, and every domain × district.
  await page.getByRole('tab', { name: '需求缺口' }).click();
  const gaps = page.getByRole('tabpanel', { name: '需求缺口' });
  await expect(gaps.getByRole('img', { name: '未分配需求热力图，行为服务领域，列为区' })).toBeVisible();
  await expect(gaps.getByRole('img', { name: '南京各区未分配需求分布图' })).toBeVisible();
  const all = gaps.getByRole('table', { name: '全部领域与区的需求缺口' });
  await expect(all.getByRole('row').nth(1)).toBeVisible();
  await expectAccessible(page, 'gap map');
  await screenshot(page, 'insight-gap-map.png');
});
