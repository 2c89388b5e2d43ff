/**
 * The OCDS package flattened for spreadsheets: one row per release, one column per leaf
 * path ("awards/0/value/amount", the OCDS flatten-tool's naming), columns in the order
 * they first appear. Values are written as CSV (RFC 4180: quoted when they hold a comma,
 * quote or line break), with a BOM so spreadsheet programs read the Chinese text as UTF-8.
 */
export function flattenRelease(value: unknown, prefix = '', into: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => flattenRelease(item, prefix ? `${prefix}/${i}` : String(i), into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) flattenRelease(item, prefix ? `${prefix}/${key}` : key, into);
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function releasePackageCsv(releasePackage: Record<string, unknown>): string {
  const releases = (releasePackage.releases as unknown[] | undefined) ?? [];
  const rows = releases.map((release) => flattenRelease(release));
  const seen = new Set<string>();
  for (const row of rows) for (const key of row.keys()) seen.add(key);
  const columns = [...seen];
  const lines = [columns.map(cell).join(','), ...rows.map((row) => columns.map((c) => cell(row.get(c))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
