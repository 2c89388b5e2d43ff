import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, screenshot, signIn, test } from './fixtures';

/**
 * The import pages: a community downloads the booklet template, uploads a booklet with
 * one bad cell (the preview marks that cell, nothing can be imported), fixes it and
 * imports; an organization imports its catalogue the same way.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now() % 1_000_000;
const NEED_HEADERS = ['项目名称', '项目简介', '服务领域', '服务对象人数', '预算（元）', '资金来源', '最低评估等级', '开始日期', '结束日期'];

async function workbook(headers: string[], rows: Array<Array<string | number>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const needRow = (i: number, budget: string) => [
  `批量导入助老项目${run}-${i}`,
  '为独居老人提供上门探访与助餐服务',
  '养老服务',
  80,
  budget,
  '街道经费',
  '',
  '2027-03-01',
  '2027-12-31',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('a community downloads the template, sees the bad cell marked, fixes it and imports the booklet', async ({ page }) => {
  await signIn(page, 'community1@demo.nj');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '批量导入' }).click();
  await expect(page).toHaveURL(/\/my\/import$/);
  await expect(page.getByRole('heading', { name: '批量导入需求手册' })).toBeVisible();

  // The template: the booklet's headers and the notes sheet.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载模板' }).click()]);
  expect(download.suggestedFilename()).toBe('需求手册模板.xlsx');
  const template = new ExcelJS.Workbook();
  await template.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
  expect((template.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['社区', ...NEED_HEADERS, '保存为草稿']);
  expect(template.worksheets[1].name).toBe('填写说明');

  // One bad cell: the budget of the second data row (spreadsheet row 3).
  const bad = await workbook(NEED_HEADERS, [needRow(1, '40000.00'), needRow(2, '四万元'), needRow(3, '52,000')]);
  await page.getByLabel('选择文件').setInputFiles({ name: '需求手册.xlsx', mimeType: XLSX, buffer: bad });
  await expect(page.getByRole('alert').filter({ hasText: '校验未通过' })).toContainText('1 行共 1 处错误');
  const preview = page.getByRole('table');
  const badRow = preview.getByRole('row').filter({ has: page.getByRole('cell', { name: '3', exact: true }) });
  const badCell = badRow.locator('td[data-invalid="true"]');
  await expect(badCell).toHaveCount(1);
  await expect(badCell).toContainText('四万元');
  await expect(badCell).toContainText('budget must be');
  // The marked cell is the budget column's.
  const headers = await preview.locator('thead th').allInnerTexts();
  const cells = badRow.getByRole('cell');
  expect(await cells.nth(headers.indexOf('预算（元）')).getAttribute('data-invalid')).toBe('true');
  await expect(preview.locator('td[data-invalid="true"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await expectAccessible(page, 'import with errors');
  await screenshot(page, 'import-errors.png');

  // Fixed: checked again, then imported.
  const fixed = await workbook(NEED_HEADERS, [needRow(1, '40000.00'), needRow(2, '40000'), needRow(3, '52,000')]);
  await page.getByLabel('选择文件').setInputFiles({ name: '需求手册-修改.xlsx', mimeType: XLSX, buffer: fixed });
  await expect(page.getByText('校验通过：共 3 条需求，可以导入。')).toBeVisible();
  await expect(preview.locator('td[data-invalid="true"]')).toHaveCount(0);
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入 3 条需求')).toBeVisible();
  await page.getByRole('button', { name: '查看需求' }).click();
  await expect(page).toHaveURL(/\/my\/needs/);
  await expect(page.getByText(`批量导入助老项目${run}-2`).first()).toBeVisible();
});

test('an organization imports its service catalogue', async ({ page }) => {
  await signIn(page, 'org1@demo.nj');
  await page.goto('/my/import');
  await expect(page.getByRole('heading', { name: '批量导入服务清单' })).toBeVisible();
  const file = await workbook(
    ['服务名称', '服务简介', '服务领域', '最低报价（元）', '最高报价（元）', '年服务人次'],
    [[`批量导入康复服务${run}`, '社区康复训练与辅具适配', '社区康复', '10000', '30000', 200]],
  );
  await page.getByLabel('选择文件').setInputFiles({ name: '服务清单.xlsx', mimeType: XLSX, buffer: file });
  await expect(page.getByText('校验通过：共 1 项服务，可以导入。')).toBeVisible();
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入 1 项服务')).toBeVisible();
  await page.getByRole('button', { name: '查看服务目录' }).click();
  await expect(page.getByText(`批量导入康复服务${run}`)).toBeVisible();
});
