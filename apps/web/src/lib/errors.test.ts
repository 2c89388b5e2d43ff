import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrors, REASON_TEXT } from './errors';

const gqlError = (errors: { message: string; extensions?: Record<string, unknown> }[]) => new CombinedGraphQLErrors({ errors } as never);

describe('errorMessage', () => {
  it('says the sentence of a known reason, whatever the message', () => {
    expect(errorMessage(gqlError([{ message: 'deadline passed', extensions: { code: 'CONFLICT', reason: 'BID_DEADLINE_PASSED' } }]))).toBe(
      REASON_TEXT.BID_DEADLINE_PASSED,
    );
  });
  it("falls back to the code's sentence, then to the server's message for an unknown reason", () => {
    expect(errorMessage(gqlError([{ message: 'x', extensions: { code: 'FORBIDDEN' } }]))).toBe('您没有权限进行此操作。');
    expect(errorMessage(gqlError([{ message: 'Session is closed', extensions: { code: 'CONFLICT', reason: 'SOMETHING_NEW' } }]))).toBe(
      '无法完成：Session is closed',
    );
  });
});

describe('fieldErrors', () => {
  it('puts a BAD_USER_INPUT error beside the field extensions.field names, and keeps the rest for the form', () => {
    const error = gqlError([
      { message: 'input.budget: budget must be greater than 0', extensions: { code: 'BAD_USER_INPUT', field: 'input.budget' } },
      { message: 'something else', extensions: { code: 'BAD_USER_INPUT', field: 'input.unknown' } },
    ]);
    const { fields, rest } = fieldErrors(error, ['title', 'budget']);
    expect(fields).toEqual([{ name: 'budget', errors: ['填写有误：input.budget: budget must be greater than 0'] }]);
    expect(rest).toEqual(['填写有误：something else']);
  });
});
