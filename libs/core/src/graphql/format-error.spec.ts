import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { formatError } from './format-error';

function format(error: GraphQLError, showInternalMessages: boolean) {
  return formatError(showInternalMessages)(
    { ...error.toJSON(), extensions: { ...error.extensions, stacktrace: ['Error: boom', '    at secret (/app/dist/x.js:1:1)'] } },
    error,
  );
}

describe(formatError.name, () => {
  it('never returns a stack trace, in any NODE_ENV, and hides unexpected messages outside development', () => {
    const unexpected = new GraphQLError('connection to 10.0.0.5 refused', { originalError: new Error('connection to 10.0.0.5 refused') });
    for (const development of [true, false]) {
      const out = format(unexpected, development);
      expect(JSON.stringify(out)).not.toMatch(/stacktrace|at secret/);
      expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(out.message).toBe(development ? 'connection to 10.0.0.5 refused' : 'Internal server error');
    }
  });

  it('keeps the reason, field and retryAfter a client acts on', () => {
    const throttled = new GraphQLError('wrapped', {
      originalError: new DomainError(ErrorCode.TOO_MANY_REQUESTS, 'Too many failed sign-ins', { retryAfter: 42 }, 'ACCOUNT_LOCKED'),
    });
    expect(format(throttled, false)).toMatchObject({
      message: 'Too many failed sign-ins',
      extensions: { code: 'TOO_MANY_REQUESTS', reason: 'ACCOUNT_LOCKED', retryAfter: 42 },
    });
    const limit = new GraphQLError('too deep', { extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', limit: 12, internal: 'x' } });
    expect(format(limit, false).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', limit: 12 });
  });

  it('lets TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE through, and maps a cancelled statement to SERVICE_UNAVAILABLE', () => {
    for (const code of ['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE'])
      expect(format(new GraphQLError('x', { extensions: { code } }), false).extensions?.code).toBe(code);
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' } });
    expect(format(new GraphQLError('wrapped', { originalError: cancelled }), false).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'STATEMENT_TIMEOUT',
    });
  });

  it('maps a database that cannot be reached (terminated, shutting down, refused) to SERVICE_UNAVAILABLE, SERVICE_DOWN', () => {
    const causes = [
      Object.assign(new Error('terminating connection due to administrator command'), { driverError: { code: '57P01' } }),
      Object.assign(new Error('the database system is shutting down'), { code: '57P03' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      // The pool found no connection within connectionTimeoutMillis (every one busy, or the server not answering).
      new Error('timeout exceeded when trying to connect'),
    ];
    for (const cause of causes) {
      const out = format(new GraphQLError('wrapped', { originalError: cause }), false);
      expect(out.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'SERVICE_DOWN' });
      expect(out.message).not.toContain('5432');
    }
  });
});
