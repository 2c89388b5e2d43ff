import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationProblems } from '../graphql/validation.pipe';
import { fenFromDecimal } from '../money/money';
import { ImportRejected, ImportRowError } from './import-result';
import { Cell, cellText, isBlank, Sheet } from './spreadsheet';

/** What a cell parser makes of a cell: the value for the input field, or why the cell cannot be one. */
export type Parsed = { value: unknown } | { error: string };

/**
 * One column of an import template: its Chinese header, the input field it fills,
 * how a cell becomes the field's value (the GraphQL scalar's rule for amounts and
 * dates), and what the template's example row and notes sheet say of it.
 */
export interface ImportColumn {
  header: string;
  field: string;
  required: boolean;
  parse: (cell: Cell) => Parsed;
  example: string | number;
  /** For the notes sheet: what goes in the column (allowed values, format). */
  note: string;
}

export interface ParsedRow<T> {
  row: number;
  input: T;
  /** Cells of columns that fill no input field (e.g. the organizer's community column). */
  extra: Record<string, string>;
}

export interface ParsedSheet<T> {
  rows: ParsedRow<T>[];
  errors: ImportRowError[];
}

/**
 * Turns every row into an instance of the GraphQL mutation's input class and checks it
 * with the same class-validator rules and options as the api's ValidationPipe, so a
 * cell is refused exactly when the same value in the mutation would be. A missing
 * required column refuses the file (row 1, the header row).
 */
export function parseRows<T extends object>(
  sheet: Sheet,
  columns: readonly ImportColumn[],
  inputClass: ClassConstructor<T>,
  extras: readonly ImportColumn[] = [],
): ParsedSheet<T> {
  const missing = [...columns, ...extras].filter((c) => c.required && !sheet.headers.includes(c.header));
  if (missing.length) {
    throw new ImportRejected(
      422,
      sheet.rows.length,
      missing.map((c) => ({ row: 1, field: c.field, column: c.header, message: `The column "${c.header}" is missing: use the headers of the template` })),
    );
  }
  const headerOf = new Map(columns.map((c) => [c.field, c.header]));
  const rows: ParsedRow<T>[] = [];
  const errors: ImportRowError[] = [];
  for (const { row, cells } of sheet.rows) {
    const plain: Record<string, unknown> = {};
    const rowErrors: ImportRowError[] = [];
    for (const column of columns) {
      const cell = cells.get(column.header) ?? null;
      if (isBlank(cell)) continue; // absent: the input rules say whether the field may be
      const parsed = column.parse(cell);
      if ('error' in parsed) rowErrors.push({ row, field: column.field, column: column.header, message: parsed.error });
      else plain[column.field] = parsed.value;
    }
    const extra: Record<string, string> = {};
    for (const column of extras) {
      const text = cellText(cells.get(column.header) ?? null);
      if (text) extra[column.field] = text;
      else if (column.required) rowErrors.push({ row, field: column.field, column: column.header, message: `${column.header} must be given` });
    }
    const input = plainToInstance(inputClass, plain);
    const refused = new Set(rowErrors.map((e) => e.field));
    for (const p of validationProblems(validateSync(input, { whitelist: true, forbidUnknownValues: false }))) {
      if (refused.has(p.field)) continue; // the cell could not be read: its parse error says why
      rowErrors.push({ row, field: p.field, column: headerOf.get(p.field.split('.')[0]), message: p.message });
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push({ row, input, extra });
  }
  return { rows, errors };
}

/** The template's column of each error whose field one of `columns` fills (a service rule names the field only). */
export function withColumns(errors: readonly ImportRowError[], columns: readonly ImportColumn[]): ImportRowError[] {
  const headerOf = new Map(columns.map((c) => [c.field, c.header]));
  return errors.map((e) => (e.column || !headerOf.has(e.field) ? e : { ...e, column: headerOf.get(e.field) }));
}

// ---- cell parsers ----

/** Text as typed, blanks included: the input class and the service's own rules (which count what is stored, trimmed) judge it, as for the mutation. */
export const textCell = (): ((cell: Cell) => Parsed) => (cell) => ({ value: typeof cell === 'string' ? cell : cellText(cell) });

/** A whole number, as GraphQL's Int: "12" or 12, not 12.5 (class-validator's IsInt then reports it). */
export const intCell =
  (field: string): ((cell: Cell) => Parsed) =>
  (cell) => {
    const text = cellText(cell).replace(/[,，]/g, '');
    const n = typeof cell === 'number' ? cell : /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    return Number.isNaN(n) ? { error: `${field} must be a whole number` } : { value: n };
  };

/** Yuan with at most 2 decimals, as the Decimal scalar reads them ("48000.00"), stored as fen; thousands separators and ¥ allowed. */
export const yuanCell =
  (field: string): ((cell: Cell) => Parsed) =>
  (cell) => {
    const text = (typeof cell === 'number' ? String(cell) : cellText(cell)).replace(/[,，¥￥\s]/g, '');
    const fen = fenFromDecimal(text, false);
    return fen === null ? { error: `${field} must be a non-negative amount in yuan with at most 2 decimals, e.g. 48000.00` } : { value: fen };
  };

const DATE_TEXT = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** A calendar date, as the Date scalar: a date cell, or text 2026-03-01, 2026/3/1, 2026年3月1日. */
export const dateCell =
  (field: string): ((cell: Cell) => Parsed) =>
  (cell) => {
    if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
    const match = DATE_TEXT.exec(cellText(cell));
    if (match) {
      const [y, m, d] = [+match[1], +match[2], +match[3]];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return { value: `${match[1]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
    }
    return { error: `${field} must be a calendar date YYYY-MM-DD` };
  };

/** One of an enum's values, by its Chinese name (as the notes sheet lists them) or its API name. */
export const choiceCell =
  <E extends string>(field: string, labels: Readonly<Record<E, string>>): ((cell: Cell) => Parsed) =>
  (cell) => {
    const text = cellText(cell);
    const byLabel = (Object.entries(labels) as Array<[E, string]>).find(([, label]) => label === text);
    if (byLabel) return { value: byLabel[0] };
    if (Object.prototype.hasOwnProperty.call(labels, text.toUpperCase())) return { value: text.toUpperCase() };
    return { error: `${field} must be one of ${Object.values(labels).join('、')}` };
  };

/** 是/否 (or true/false, 1/0). */
export const yesNoCell =
  (field: string): ((cell: Cell) => Parsed) =>
  (cell) => {
    if (typeof cell === 'boolean') return { value: cell };
    const text = cellText(cell).toLowerCase();
    if (['是', 'true', '1', 'y', 'yes'].includes(text)) return { value: true };
    if (['否', 'false', '0', 'n', 'no'].includes(text)) return { value: false };
    return { error: `${field} must be 是 or 否` };
  };
