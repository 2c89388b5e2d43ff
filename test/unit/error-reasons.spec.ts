import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreErrorReason, DomainError, ErrorCode } from '@app/core';
import { ThrottleReason } from '../../libs/core/src/auth/throttle.service';
import { QueryLimitReason } from '../../libs/core/src/graphql/query-limits';
import { REASON_TEXT } from '../../apps/web/src/lib/reason-text';

/**
 * extensions.reason is part of what clients rely on: every context's reasons (the
 * `*ErrorReason` enums of libs/<context>/src/<context>.errors.ts) are stable names,
 * each listed in the README, and every error carries one.
 */
const ROOT = join(__dirname, '..', '..');

function reasonEnums(): Array<[string, Record<string, string>]> {
  const enums: Array<[string, Record<string, string>]> = [['CoreErrorReason', CoreErrorReason as Record<string, string>]];
  for (const context of readdirSync(join(ROOT, 'libs'))) {
    const file = join(ROOT, 'libs', context, 'src', `${context}.errors.ts`);
    let mod: Record<string, unknown>;
    try {
      readFileSync(file);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each context's errors file, found at run time
      mod = require(file);
    } catch {
      continue; // a context that refuses nothing
    }
    for (const [name, value] of Object.entries(mod)) if (name.endsWith('ErrorReason')) enums.push([name, value as Record<string, string>]);
  }
  return enums;
}

describe('error reasons', () => {
  const enums = reasonEnums();
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('has a reason enum for every context that refuses something', () => {
    expect(enums.map(([name]) => name).sort()).toEqual(
      expect.arrayContaining([
        'ComplaintsErrorReason',
        'ContractsErrorReason',
        'CoreErrorReason',
        'DirectoryErrorReason',
        'FairsErrorReason',
        'IdentityErrorReason',
        'MatchingRunsErrorReason',
        'NeedsErrorReason',
      ]),
    );
  });

  it('names every reason by itself (the value is the key), so it never changes by accident', () => {
    for (const [, values] of enums) for (const [key, value] of Object.entries(values)) expect(value).toBe(key);
  });

  it('lists every reason in the README', () => {
    const missing = enums.flatMap(([name, values]) =>
      Object.values(values)
        .filter((v) => !readme.includes(`| \`${v}\` |`))
        .map((v) => `${name}.${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('gives the web app a sentence for every reason the api answers, and none for a reason it does not', () => {
    const answered = new Set([...enums.flatMap(([, values]) => Object.values(values)), ...Object.values(ThrottleReason), ...Object.values(QueryLimitReason)]);
    expect([...answered].filter((reason) => !(reason in REASON_TEXT)).sort()).toEqual([]);
    expect(Object.keys(REASON_TEXT).filter((reason) => !answered.has(reason))).toEqual([]);
  });

  it('puts the reason into the details the GraphQL formatter spreads into extensions, with a default by code', () => {
    expect(new DomainError(ErrorCode.CONFLICT, 'x', { status: 'OPEN' }, 'SESSION_NOT_OPEN').details).toEqual({ status: 'OPEN', reason: 'SESSION_NOT_OPEN' });
    expect(new DomainError(ErrorCode.UNAUTHENTICATED, 'x').details).toEqual({ reason: CoreErrorReason.SIGN_IN_REQUIRED });
  });
});
