/** Amounts in ¥ with thousands separators, dates in zh-CN, times in Asia/Shanghai. */
const TZ = 'Asia/Shanghai';

export function yuan(decimal: string | number | null | undefined, digits: 0 | 2 = 0): string {
  if (decimal === null || decimal === undefined || decimal === '') return '—';
  const n = typeof decimal === 'number' ? decimal : Number(decimal);
  if (!Number.isFinite(n)) return '—';
  return `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

export const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));

/** A calendar date (YYYY-MM-DD) as 2026年3月1日, never shifted by a time zone. */
export function date(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A moment, as a Nanjing clock shows it. */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(value));
}

export function time(value: string | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(value));
}

/** Time left until a deadline, as 2天3小时 / 5小时12分 / 3分20秒; null once passed. */
export function countdown(deadline: string, now = Date.now()): string | null {
  let s = Math.floor((new Date(deadline).getTime() - now) / 1000);
  if (s <= 0) return null;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (d > 0) return `${d}天${h}小时`;
  if (h > 0) return `${h}小时${m}分`;
  return `${m}分${s}秒`;
}

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** An amount typed by a user ("48,000" or "48000.5") as the API's Decimal string, or null when it is not one. */
export function toDecimal(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const raw = String(value).replace(/[,，\s¥]/g, '');
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(raw)) return null;
  return Number(raw).toFixed(2);
}
