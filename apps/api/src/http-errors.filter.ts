import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

interface HttpLike {
  status(code: number): HttpLike;
  json(body: unknown): void;
  headersSent?: boolean;
}

/** body-parser's error types, as Express hands them on. */
const REASONS: Record<string, string> = {
  'entity.too.large': 'BODY_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_JSON',
  'encoding.unsupported': 'UNSUPPORTED_ENCODING',
  'charset.unsupported': 'UNSUPPORTED_ENCODING',
};

/**
 * Errors on /graphql before GraphQL runs (a body over the size limit, malformed JSON,
 * an unsupported encoding) answer in GraphQL's shape, as the contract says:
 * { "errors": [{ "message", "extensions": { "code", "reason" } }] }, with the HTTP status
 * kept. GraphQL's own errors never reach this filter; other routes keep Nest's answers.
 * No answer carries a stack trace; the log keeps it for the unexpected ones.
 */
@Catch()
export class GraphQLShapedHttpErrors extends BaseExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /**
   * The same answer as an Express error handler, mounted right after the body parser:
   * body-parser's errors must be answered before any later error handler (serve-static
   * turns every error on its excluded paths, /graphql among them, into a 404).
   */
  bodyErrors() {
    return (error: unknown, request: { originalUrl?: string; url?: string }, response: HttpLike, next: (error: unknown) => void): void => {
      const path = request.originalUrl ?? request.url ?? '';
      if (!path.startsWith('/graphql') || response.headersSent) return next(error);
      const { status, body } = this.shape(error);
      response.status(status).json(body);
    };
  }

  private shape(exception: unknown): { status: number; body: unknown } {
    const e = exception as { status?: number; statusCode?: number; type?: string; message?: string; stack?: string };
    const status = exception instanceof HttpException ? exception.getStatus() : (e.status ?? e.statusCode ?? 500);
    // Nest turns body-parser's SyntaxError (malformed JSON) into a BadRequestException without its type;
    // on /graphql nothing else answers 400 before GraphQL runs.
    const reason = e.type ? REASONS[e.type] : exception instanceof HttpException && status === 400 ? 'MALFORMED_JSON' : undefined;
    if (status >= 500) {
      this.logger.error(e.message ?? String(exception), e.stack);
      return { status, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } };
    }
    const message =
      reason === 'BODY_TOO_LARGE'
        ? 'The request body is larger than the api accepts (1 MB): send less'
        : reason === 'MALFORMED_JSON'
          ? `The request body is not valid JSON: ${e.message ?? 'parse error'}`
          : (e.message ?? 'Bad request');
    return { status, body: { errors: [{ message, extensions: { code: status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', ...(reason ? { reason } : {}) } }] } };
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return exception; // GraphQL resolvers: formatError handles them
    const request = host.switchToHttp().getRequest<{ originalUrl?: string; url?: string }>();
    const path = request.originalUrl ?? request.url ?? '';
    if (!path.startsWith('/graphql')) return super.catch(exception, host);

    const response = host.switchToHttp().getResponse<HttpLike>();
    const { status, body } = this.shape(exception);
    if (!response.headersSent) response.status(status).json(body);
    return undefined;
  }
}
