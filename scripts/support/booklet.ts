import ExcelJS from 'exceljs';

/** The needs booklet's headers, as the template (GET /import/templates/needs.xlsx) has them. */
export const NEED_HEADERS = [
  '社区',
  '项目名称',
  '项目简介',
  '服务领域',
  '服务对象人数',
  '预算（元）',
  '资金来源',
  '最低评估等级',
  '开始日期',
  '结束日期',
] as const;

export type BookletRow = Record<string, string | number | Date | null | undefined>;

const DOMAINS = ['养老服务', '未成年人保护', '助残', '社区康复', '文体活动', '社区教育', '志愿服务', '禁毒'];
const FUNDING = ['市级财政', '区级财政', '街道经费', '福彩公益金', '公益创投'];

/** Row i of a plausible booklet (valid by every rule), with `overrides` by header. */
export function needRow(i: number, overrides: BookletRow = {}): BookletRow {
  return {
    社区: '',
    项目名称: `社区服务项目第${i + 1}号`,
    项目简介: `面向辖区居民的第${i + 1}号服务项目：上门探访、活动组织与个案跟进`,
    服务领域: DOMAINS[i % DOMAINS.length],
    服务对象人数: 50 + (i % 400),
    '预算（元）': `${(20000 + (i % 50) * 1000).toFixed(2)}`,
    资金来源: FUNDING[i % FUNDING.length],
    最低评估等级: i % 3 === 0 ? '3A' : '',
    开始日期: '2027-03-01',
    结束日期: '2027-12-31',
    ...overrides,
  };
}

/** An XLSX workbook whose first sheet has `headers` and one line per row (cells by header). */
export async function xlsxOf(headers: readonly string[], rows: readonly BookletRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('需求手册');
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CSV text (RFC 4180 quoting) of the same table; the caller encodes it. */
export function csvOf(headers: readonly string[], rows: readonly BookletRow[]): string {
  const quote = (v: unknown) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers.map(quote).join(','), ...rows.map((r) => headers.map((h) => quote(r[h])).join(','))].join('\r\n') + '\r\n';
}

export interface ImportAnswer {
  rows: number;
  created: number;
  dryRun: boolean;
  errors: Array<{ row: number | null; field: string; column?: string; message: string; reason?: string }>;
  preview?: { headers: string[]; rows: Array<{ row: number; cells: string[] }> };
}

/** POSTs a file as the multipart field `file`; the import's JSON answer and the time it took. */
export async function postImport(
  baseUrl: string,
  path: string,
  token: string | null,
  file: Buffer,
  filename: string,
): Promise<{ status: number; body: ImportAnswer; ms: number }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = (await response.json()) as ImportAnswer;
  return { status: response.status, body, ms: performance.now() - started };
}
