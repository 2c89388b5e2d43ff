import { badInput } from '../errors/domain-error';

/**
 * Money is integer fen (分) everywhere inside the product, a string with at most
 * two fraction digits at the edge ("48000.00"), and never a float.
 */
export type Fen = number;

const DECIMAL = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * The one parser of amounts in yuan ("48000.00", at most 2 decimals, at most 13 integer
 * digits): fen, or null when the text is not such an amount (or is negative and
 * `allowNegative` is false). The Decimal scalar and parseDecimalToFen both use it.
 */
export function fenFromDecimal(value: string, allowNegative = true): Fen | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign, yuan, cents = ''] = match;
  if (sign === '-' && !allowNegative) return null;
  const fen = Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
}

export function parseDecimalToFen(value: string, field = 'amount'): Fen {
  const fen = fenFromDecimal(value);
  if (fen === null) throw badInput(field, `"${value}" is not an amount in yuan with at most 2 decimals, e.g. "48000.00"`);
  return fen;
}

export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Splits an amount by percentages so the parts add up exactly to the amount:
 * each part is floored, the leftover fen go to the last part.
 */
export function splitByPercent(total: Fen, percents: readonly number[]): Fen[] {
  const parts = percents.map((p) => Math.floor((total * p) / 100));
  const rest = total - parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] += rest;
  return parts;
}

/** TypeORM transformer: pg returns BIGINT as a string; fen fit a JS number safely. */
export const fenColumnTransformer = {
  to: (value: Fen | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
