import { FileInterceptor } from '@nestjs/platform-express';
import { ImportRejected } from './import-result';
import { IMPORT_MAX_BYTES } from './spreadsheet';

/** The upload as multer keeps it (in memory: multer's storage when none is given). */
export interface UploadedSpreadsheet {
  buffer: Buffer;
  size: number;
}

/** The multipart field `file`, at most IMPORT_MAX_BYTES (multer stops reading past it: 413), one file. */
export const ImportUpload = () => FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } });

export const noFileSent = () =>
  new ImportRejected(422, 0, [{ row: null, field: 'file', message: 'Send the file (XLSX or CSV) in the multipart field "file"' }]);

/** `?dryRun=true` (or 1): validate only. */
export const isDryRun = (param: string | undefined) => param === 'true' || param === '1';
