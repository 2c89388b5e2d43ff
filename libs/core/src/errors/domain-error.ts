import { IntrinsicException } from '@nestjs/common';

/** The error codes clients see in `extensions.code` (see the API contract). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** Throttled (repeated failed logins, many registrations): details carry retryAfter in seconds. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** A backing service is down or too slow; nothing was changed, retry later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/**
 * The reasons of the shared plumbing (validation, sign-in, roles). Each context
 * declares its own reasons in its `<context>.errors.ts`; these are what an error
 * carries when no context gave one.
 */
export enum CoreErrorReason {
  /** A value fails the input rules; `extensions.field` names it (and `fields` every one). */
  INVALID_INPUT = 'INVALID_INPUT',
  /** `after` is not a cursor this API returned. */
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** The operation needs a signed-in caller. */
  SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED',
  /** The caller's role may not call this operation. */
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  /** No such record (or one the caller may not know of). */
  RECORD_NOT_FOUND = 'RECORD_NOT_FOUND',
  /** The record's current state does not allow the change. */
  STATUS_CONFLICT = 'STATUS_CONFLICT',
  /** Too many attempts in a while (`extensions.retryAfter` seconds); a throttled operation names its own reason. */
  THROTTLED = 'THROTTLED',
  /** A backing service is down or too slow: nothing was changed, retry later. */
  SERVICE_DOWN = 'SERVICE_DOWN',
}

const DEFAULT_REASON: Record<ErrorCode, CoreErrorReason> = {
  [ErrorCode.UNAUTHENTICATED]: CoreErrorReason.SIGN_IN_REQUIRED,
  [ErrorCode.FORBIDDEN]: CoreErrorReason.ROLE_NOT_ALLOWED,
  [ErrorCode.BAD_USER_INPUT]: CoreErrorReason.INVALID_INPUT,
  [ErrorCode.NOT_FOUND]: CoreErrorReason.RECORD_NOT_FOUND,
  [ErrorCode.CONFLICT]: CoreErrorReason.STATUS_CONFLICT,
  [ErrorCode.TOO_MANY_REQUESTS]: CoreErrorReason.THROTTLED,
  [ErrorCode.SERVICE_UNAVAILABLE]: CoreErrorReason.SERVICE_DOWN,
};

/**
 * A failure the user can act on. Contexts throw these (through their `<Context>Errors`
 * factories); the GraphQL error formatter turns them into `extensions`: `code` (the
 * contract's transport code), `reason` (why, from the context's reason enum, stable
 * for clients to switch on) and the details. Anything else becomes a bare
 * INTERNAL_SERVER_ERROR. An IntrinsicException, so Nest does not log an expected
 * refusal as a server error.
 */
export class DomainError extends IntrinsicException {
  readonly details: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    readonly reason: string = DEFAULT_REASON[code],
  ) {
    super(message);
    this.name = 'DomainError';
    // The formatter spreads the details into extensions: the reason travels with them.
    this.details = { ...details, reason };
  }
}

export const badInput = (field: string, message: string, reason: string = CoreErrorReason.INVALID_INPUT, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field, ...details }, reason);
export const notFound = (what: string, id: string, reason: string = CoreErrorReason.RECORD_NOT_FOUND, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} not found`, { id, ...details }, reason);
export const conflict = (message: string, details: Record<string, unknown> = {}, reason: string = CoreErrorReason.STATUS_CONFLICT) =>
  new DomainError(ErrorCode.CONFLICT, message, details, reason);
export const forbidden = (message = 'You may not do this', reason: string = CoreErrorReason.ROLE_NOT_ALLOWED, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.FORBIDDEN, message, details, reason);
export const unauthenticated = (message = 'Sign in first', reason: string = CoreErrorReason.SIGN_IN_REQUIRED) =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message, {}, reason);

/**
 * For the schema descriptions of operations: the reasons they can answer, so a client
 * reading the schema knows what to switch on. `errorReasons('X', 'Y')` → " Errors
 * (extensions.reason): X, Y."
 */
export const errorReasons = (...reasons: string[]) => ` Errors (extensions.reason): ${reasons.join(', ')}.`;

/** PostgreSQL SQLSTATE codes the services translate into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_SERIALIZATION_FAILURE = '40001';

export function isPgError(error: unknown, sqlState: string, constraint?: string): boolean {
  const e = (error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
  const inner = e.driverError ?? e;
  return inner.code === sqlState && (constraint === undefined || inner.constraint === constraint);
}
