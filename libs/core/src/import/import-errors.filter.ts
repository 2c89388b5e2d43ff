import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { fileProblem, ImportRejected, ImportResult } from './import-result';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.BAD_USER_INPUT]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.TOO_MANY_REQUESTS]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * Every answer of the import endpoints has the import's shape, refusals included:
 * `{ rows, created: 0, dryRun, errors: [{ row, field, message }] }`, with the HTTP status
 * of the refusal (422 a bad cell or file, 413 a file over the size limit, 401/403 the
 * caller, 429 throttled with Retry-After). No stack trace ever; the log keeps it.
 */
@Catch()
export class ImportErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Import');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const { status, body } = this.shape(exception, response);
    response.status(status).json(body);
  }

  private shape(exception: unknown, response: HttpResponse): { status: number; body: ImportResult } {
    const result = (status: number, errors: ImportResult['errors'], rows = 0, dryRun = false, preview?: ImportResult['preview']) => ({
      status,
      body: { rows, created: 0, dryRun, errors, ...(preview ? { preview } : {}) },
    });
    if (exception instanceof ImportRejected) return result(exception.status, exception.errors, exception.rows, exception.dryRun, exception.preview);
    if (exception instanceof DomainError) {
      const retryAfter = exception.details.retryAfter;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      const field = typeof exception.details.field === 'string' ? exception.details.field : 'file';
      return result(STATUS[exception.code], [{ row: null, field, message: exception.message, reason: exception.reason }]);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const message =
        status === HttpStatus.PAYLOAD_TOO_LARGE
          ? `The file is larger than an import accepts (5 MB): split it`
          : exception.message || 'The request cannot be read';
      if (status >= 500) this.logger.error(exception.message, exception.stack);
      return result(status, [fileProblem(message)]);
    }
    const e = exception as Error;
    this.logger.error(e?.message ?? String(exception), e?.stack);
    return result(HttpStatus.INTERNAL_SERVER_ERROR, [fileProblem('Internal server error')]);
  }
}
