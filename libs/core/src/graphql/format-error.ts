import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors/domain-error';

const CONTRACT_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INTERNAL_SERVER_ERROR']);
const logger = new Logger('GraphQL');

function findDomainError(error: unknown): DomainError | null {
  let current = error as { originalError?: unknown } | undefined;
  for (let i = 0; current && i < 5; i++) {
    if (current instanceof DomainError) return current;
    current = current.originalError as typeof current;
  }
  return null;
}

/**
 * Maps every error onto the contract's codes. Domain errors keep their message and
 * field; malformed queries and variables are BAD_USER_INPUT; anything unexpected is
 * logged here and returned as a bare INTERNAL_SERVER_ERROR, with no stack trace
 * outside development.
 */
export function formatError(includeStack: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domain = findDomainError(error);
    if (domain) {
      return { message: domain.message, path: formatted.path, locations: formatted.locations, extensions: { code: domain.code, ...domain.details } };
    }
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (code === 'INTERNAL_SERVER_ERROR') {
      const original = (error as { originalError?: Error }).originalError ?? error;
      logger.error(formatted.message, (original as Error)?.stack);
      return {
        message: includeStack ? formatted.message : 'Internal server error',
        path: formatted.path,
        extensions: includeStack ? { code, stacktrace: formatted.extensions?.stacktrace } : { code },
      };
    }
    // GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST...: the caller sent something malformed.
    const mapped = CONTRACT_CODES.has(code) ? code : 'BAD_USER_INPUT';
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code: mapped } };
  };
}
