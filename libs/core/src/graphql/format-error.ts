import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors/domain-error';

const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
]);
/** Extensions a client may act on; anything else (stacktrace, exception, internal details) never leaves the api. */
const PASSED_EXTENSIONS = ['reason', 'field', 'fields', 'retryAfter', 'limit', 'cost'];
/** PostgreSQL's query_canceled: the statement ran past statement_timeout. */
const PG_QUERY_CANCELED = '57014';
/** The database is unreachable: a connection exception (SQLSTATE class 08), a shutdown (57P01-57P03), or the socket refused or cut. */
const PG_UNAVAILABLE = /^(08|57P0[123])/;
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const isDatabaseDown = (e: unknown) => {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || SOCKET_ERRORS.has(code))) return true;
  return typeof message === 'string' && /^(Connection terminated|timeout exceeded when trying to connect)/.test(message);
};
const logger = new Logger('GraphQL');

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current = error as { originalError?: unknown; driverError?: unknown } | undefined;
  for (let i = 0; current && i < 6; i++) {
    out.push(current);
    current = (current.originalError ?? current.driverError) as typeof current;
  }
  return out;
}

function passed(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of PASSED_EXTENSIONS) if (extensions?.[key] !== undefined) out[key] = extensions[key];
  return out;
}

/**
 * Maps every error onto the contract's codes, over HTTP and graphql-ws alike. Domain
 * errors keep their message and details (field, reason, retryAfter); malformed
 * queries and variables are BAD_USER_INPUT; a statement cut off by statement_timeout
 * is SERVICE_UNAVAILABLE (STATEMENT_TIMEOUT), and so is a database that cannot be reached
 * (SERVICE_DOWN: its transaction never committed); anything unexpected is logged here with its stack and
 * returned as a bare INTERNAL_SERVER_ERROR. No answer carries a stack trace, in any
 * NODE_ENV; development only keeps the unexpected error's message.
 */
export function formatError(showInternalMessages = false) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const causes = chain(error);
    const domain = causes.find((e): e is DomainError => e instanceof DomainError);
    if (domain) {
      return { message: domain.message, path: formatted.path, locations: formatted.locations, extensions: { code: domain.code, ...domain.details } };
    }
    if (causes.some((e) => (e as { code?: unknown })?.code === PG_QUERY_CANCELED)) {
      logger.warn(`statement cancelled by statement_timeout: ${formatted.message}`);
      return {
        message:
          'The database took too long to answer this request and it was stopped; nothing was changed. Ask for less (smaller pages, fewer fields) or retry later.',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'STATEMENT_TIMEOUT' },
      };
    }
    if (causes.some(isDatabaseDown)) {
      logger.warn(`database unavailable: ${formatted.message}`);
      return {
        message: 'The database cannot be reached just now; this request was not carried out. Retry in a moment.',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'SERVICE_DOWN' },
      };
    }
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (code === 'INTERNAL_SERVER_ERROR') {
      const original = (error as { originalError?: Error }).originalError ?? error;
      logger.error(formatted.message, (original as Error)?.stack);
      return { message: showInternalMessages ? formatted.message : 'Internal server error', path: formatted.path, extensions: { code } };
    }
    // GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST...: the caller sent something malformed.
    const mapped = CONTRACT_CODES.has(code) ? code : 'BAD_USER_INPUT';
    const extensions: Record<string, unknown> = { code: mapped, ...passed(formatted.extensions as Record<string, unknown> | undefined) };
    if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)) extensions.reason = 'QUERY_TOO_LARGE';
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions };
  };
}
