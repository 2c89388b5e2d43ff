import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from './credit-code';

describe('creditCodeProblem', () => {
  it('accepts a code whose check character matches and names the problem otherwise', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91350100M000100Y44')).toBe('校验位不正确，请核对代码');
    expect(creditCodeProblem('91350100')).toContain('18位');
    expect(creditCodeProblem('91350100M000100YO3')).toContain('无效字符');
  });
});
