import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { fileProblem, ImportPreview, ImportRejected } from './import-result';

/** Largest file an import accepts (multer refuses a larger upload with 413 before it is read). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Most data rows one file may carry: a district's booklet is about 2,000. */
export const IMPORT_MAX_ROWS = 5000;

export type Cell = string | number | boolean | Date | null;

/** One data row: its number as the spreadsheet shows it (the header is row 1) and its cells by header. */
export interface SheetRow {
  row: number;
  cells: Map<string, Cell>;
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The first worksheet of an XLSX file (exceljs) or a CSV file (csv-parse), as header →
 * cell per row. XLSX is recognised by its content (a zip), not by the file's name.
 * Blank rows are skipped; more than IMPORT_MAX_ROWS data rows is refused.
 */
export async function readSheet(buffer: Buffer): Promise<Sheet> {
  if (buffer.length === 0) throw new ImportRejected(422, 0, [fileProblem('The file is empty')]);
  const table = buffer.subarray(0, 4).equals(ZIP_MAGIC) ? await xlsxTable(buffer) : csvTable(buffer);
  const [headerRow, ...body] = table;
  const headers = (headerRow?.cells ?? []).map((c) => normaliseHeader(c));
  if (!headers.some((h) => h)) throw new ImportRejected(422, 0, [fileProblem('The first row must hold the column headers of the template')]);
  const rows: SheetRow[] = [];
  for (const { row, cells } of body) {
    if (cells.every(isBlank)) continue;
    const map = new Map<string, Cell>();
    headers.forEach((h, i) => h && map.set(h, cells[i] ?? null));
    rows.push({ row, cells: map });
  }
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new ImportRejected(422, rows.length, [fileProblem(`The file has ${rows.length} rows, more than the ${IMPORT_MAX_ROWS} one import takes: split it`)]);
  }
  return { headers: headers.filter(Boolean), rows };
}

/** Headers as typed in the template; a trailing "*" (required mark) and surrounding blanks do not count. */
function normaliseHeader(cell: Cell): string {
  return cellText(cell)
    .replace(/\s+/g, '')
    .replace(/[*＊]$/, '');
}

export function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as text (numbers as JavaScript prints them, dates as YYYY-MM-DD). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

interface RawRow {
  row: number;
  cells: Cell[];
}

/** What exceljs's reader yields: a shared string (sharedStrings: 'emit') or a worksheet. */
type ReaderItem = { index: number; text: ExcelJS.CellValue } | { eventType: string; value: unknown };

/**
 * The first worksheet through exceljs's streaming reader: rows are read one by one and
 * reading stops once a sheet has more rows than an import takes, so a workbook that
 * unpacks to an enormous sheet is refused without being held in memory whole.
 *
 * Shared strings are collected here (sharedStrings: 'emit'), not cached by the reader:
 * with a cache, the reader parses a worksheet the moment it arrives once the strings and
 * the relationships are known, and then needs xl/workbook.xml and xl/styles.xml read
 * already; a zip that stores a sheet before them (exceljs's own writer does, about one
 * time in a hundred) failed with "Cannot read properties of undefined (reading 'sheets')"
 * (exceljs#962) or read dates as plain numbers. Without a cache the reader keeps every
 * sheet for after the last entry, whatever the order, as it already did for Excel's own
 * files (which store the strings after the sheets).
 */
async function xlsxTable(buffer: Buffer): Promise<RawRow[]> {
  const unreadable = () => new ImportRejected(422, 0, [fileProblem('The file is neither a readable XLSX workbook nor a CSV file')]);
  let rows: RawRow[];
  try {
    rows = await readXlsxOnce(buffer);
  } catch (error) {
    if (error instanceof ImportRejected) throw error;
    // exceljs's streaming reader now and then loses xl/workbook.xml to a race of its own
    // ("Cannot read properties of undefined (reading 'sheets')" on a file that reads the next
    // time: no failure in 20 re-reads of each such file), so a second read tells it from a bad file.
    rows = await readXlsxOnce(buffer).catch((again: unknown) => {
      throw again instanceof ImportRejected ? again : unreadable();
    });
  }
  if (rows.length === 0) throw new ImportRejected(422, 0, [fileProblem("The workbook has no rows: the first sheet must hold the template's headers")]);
  return rows;
}

/** One pass of exceljs's reader: our own refusals as ImportRejected, the reader's failures as they are. */
async function readXlsxOnce(buffer: Buffer): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const strings: ExcelJS.CellValue[] = [];
  let dataRows = 0;
  let sheets = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache', // date cells are numbers with a date format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const items = { [Symbol.asyncIterator]: () => reader.parse() as AsyncIterator<ReaderItem> };
  for await (const item of items) {
    if ('index' in item) {
      strings[item.index] = item.text;
      continue;
    }
    if (item.eventType !== 'worksheet') continue;
    const first = sheets++ === 0; // the first worksheet only: the notes sheet of a template is not data
    // Every sheet is read to its end (bounded like the first), so the reader removes its temporary copy.
    for await (const row of item.value as ExcelJS.stream.xlsx.WorksheetReader) {
      // Rows are counted, blank or not: a sheet of empty rows is bounded too.
      if (row.number > 2 * IMPORT_MAX_ROWS + 1) throw tooManyRows();
      if (!first) continue;
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => xlsxValue(v, strings));
      if (row.number > 1 && !values.every(isBlank) && ++dataRows > IMPORT_MAX_ROWS) throw tooManyRows();
      rows.push({ row: row.number, cells: values });
    }
  }
  return rows;
}

const tooManyRows = () =>
  new ImportRejected(422, IMPORT_MAX_ROWS + 1, [fileProblem(`The file has more than ${IMPORT_MAX_ROWS} rows, the most one import takes: split it`)]);

/** exceljs's cell values (shared strings, rich text, formulas, hyperlinks) reduced to what a user typed or sees. */
function xlsxValue(value: ExcelJS.CellValue, strings: ExcelJS.CellValue[]): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('sharedString' in value) return xlsxValue(strings[(value as { sharedString: number }).sharedString] ?? null, strings);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return xlsxValue((value.result ?? null) as ExcelJS.CellValue, strings);
    if ('text' in value) return xlsxValue(value.text as ExcelJS.CellValue, strings);
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
}

/**
 * CSV text: UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else GB18030,
 * which is what Excel in China writes for "CSV" (GBK is a subset of it).
 */
export function decodeCsv(buffer: Buffer): string {
  if (buffer.subarray(0, 3).equals(UTF8_BOM)) return new TextDecoder('utf-8').decode(buffer.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

function csvTable(buffer: Buffer): RawRow[] {
  const text = decodeCsv(buffer);
  if (text.includes('\u0000')) throw new ImportRejected(422, 0, [fileProblem('The file is neither a readable XLSX workbook nor a CSV file')]);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw new ImportRejected(422, 0, [fileProblem(`The CSV file cannot be read: ${(error as Error).message}`)]);
  }
  // One record is one spreadsheet row (a quoted cell may span lines), so the record's position is its row number.
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

/** The sheet as text, for a dry run's preview. */
export function previewOf(sheet: Sheet): ImportPreview {
  return { headers: sheet.headers, rows: sheet.rows.map(({ row, cells }) => ({ row, cells: sheet.headers.map((h) => cellText(cells.get(h) ?? null)) })) };
}
