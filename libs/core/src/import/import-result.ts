import { DomainError } from '../errors/domain-error';

/** One refused cell (or, with row null, the whole file): the input field and the template's column it came from. */
export interface ImportRowError {
  row: number | null;
  field: string;
  column?: string;
  message: string;
  /** `extensions.reason` of the same refusal over GraphQL, when a rule of the owning context gave one. */
  reason?: string;
}

/** The file as read (dry runs only): each data row's cells as text, in the headers' order, for a preview beside the errors. */
export interface ImportPreview {
  headers: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

/** The answer of every import request, success or not. */
export interface ImportResult {
  rows: number;
  created: number;
  dryRun: boolean;
  errors: ImportRowError[];
  preview?: ImportPreview;
}

/** An import refused as a whole: the HTTP status and the errors; ImportErrorsFilter answers it as an ImportResult. */
export class ImportRejected extends Error {
  constructor(
    readonly status: number,
    readonly rows: number,
    readonly errors: ImportRowError[],
    readonly dryRun = false,
    readonly preview?: ImportPreview,
  ) {
    super(errors.map((e) => `${e.row === null ? 'file' : `row ${e.row}`} ${e.field}: ${e.message}`).join('; '));
    this.name = 'ImportRejected';
  }
}

export const fileProblem = (message: string): ImportRowError => ({ row: null, field: 'file', message });

/** A context's refusal (a DomainError naming its field) as the refusal of one row's cell. */
export const rowErrorOf = (row: number, error: DomainError, column?: string): ImportRowError => ({
  row,
  field: typeof error.details.field === 'string' ? error.details.field : 'row',
  ...(column ? { column } : {}),
  // "title: title must be ..." → the message without the field prefix badInput adds.
  message: error.message.replace(/^[\w.]+: /, ''),
  reason: error.reason,
});
