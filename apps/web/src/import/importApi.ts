import { REASON_TEXT } from '../lib/reason-text';

/** The bulk import endpoints (plain HTTP beside /graphql, same bearer token). */
export type ImportKind = 'needs' | 'offerings';

export interface ImportRowError {
  row: number | null;
  field: string;
  column?: string;
  message: string;
  reason?: string;
}

export interface ImportAnswer {
  rows: number;
  created: number;
  dryRun: boolean;
  errors: ImportRowError[];
  preview?: { headers: string[]; rows: Array<{ row: number; cells: string[] }> };
}

export const IMPORT_KINDS: Record<ImportKind, { title: string; endpoint: string; template: string; templateName: string; noun: string; unit: string }> = {
  needs: {
    title: '批量导入需求手册',
    endpoint: '/import/needs',
    template: '/import/templates/needs.xlsx',
    templateName: '需求手册模板.xlsx',
    noun: '需求',
    unit: '条',
  },
  offerings: {
    title: '批量导入服务清单',
    endpoint: '/import/offerings',
    template: '/import/templates/offerings.xlsx',
    templateName: '服务清单模板.xlsx',
    noun: '服务',
    unit: '项',
  },
};

/** Sentences for the statuses of refused files; reasons take the app's one table (lib/reason-text.ts). */
const STATUS_TEXT: Record<number, string> = {
  401: '登录已失效，请重新登录。',
  403: '当前账号无权导入这些内容。',
  413: '文件超过 5 MB，请拆分后分批导入。',
  429: '导入过于频繁，请稍后再试。',
};

/** What each column takes, in Chinese, for a refused cell (the server's own message is shown beside it). */
const FIELD_HINT: Record<ImportKind, Record<string, string>> = {
  needs: {
    title: '项目名称须为 2 至 120 个字',
    description: '项目简介须为 1 至 4000 个字',
    domain: '请填写「服务领域」可选值之一',
    beneficiaries: '服务对象人数须为 1 至 10000000 的整数',
    budget: '预算须为大于 0 的金额（元），最多两位小数',
    fundingSource: '请填写「资金来源」可选值之一',
    minGrade: '请填写评估等级（如 3A）或留空',
    startsOn: '开始日期须为有效日期，如 2027-03-01',
    endsOn: '结束日期须为有效日期，且不早于开始日期',
    draft: '请填写 是 或 否',
    community: '请填写社区名称或社区编号',
  },
  offerings: {
    title: '服务名称须为 2 至 120 个字',
    description: '服务简介须为 1 至 2000 个字',
    domain: '请填写「服务领域」可选值之一',
    priceMin: '最低报价须为大于 0 的金额（元），最多两位小数',
    priceMax: '最高报价须为大于 0 的金额（元），且不低于最低报价',
    annualBeneficiaries: '年服务人次须为 1 至 10000000 的整数',
  },
};

/** The Chinese sentence for an error: by reason, else by the cell's field; null when only the server's message says it. */
export function errorText(kind: ImportKind, e: ImportRowError): string | null {
  const sentence = e.reason ? REASON_TEXT[e.reason] : undefined;
  if (sentence) return sentence;
  return FIELD_HINT[kind][e.field] ?? null;
}

export function statusText(status: number): string | undefined {
  return STATUS_TEXT[status];
}

export async function postImport(kind: ImportKind, file: File, token: string | null, dryRun: boolean): Promise<{ status: number; body: ImportAnswer }> {
  const form = new FormData();
  form.append('file', file);
  const response = await fetch(`${IMPORT_KINDS[kind].endpoint}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  let body: ImportAnswer;
  try {
    body = (await response.json()) as ImportAnswer;
  } catch {
    body = { rows: 0, created: 0, dryRun, errors: [{ row: null, field: 'file', message: `服务器返回了无法识别的应答（HTTP ${response.status}）` }] };
  }
  return { status: response.status, body };
}
