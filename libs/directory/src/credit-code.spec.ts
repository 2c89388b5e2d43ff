import { creditCodeCheckChar, creditCodeProblem } from './credit-code';

describe('creditCode', () => {
  it('accepts published codes with a correct check character', () => {
    // Codes of real registered bodies, as printed on their certificates.
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91110000600037341L')).toBeNull();
  });

  it('rejects a code whose check character is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check character/);
  });

  it('rejects wrong lengths and forbidden letters', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toMatch(/18 characters/);
    expect(creditCodeProblem('91350100M0001O0Y43')).toMatch(/not allowed/);
  });

  it('computes the check character that makes a code valid', () => {
    const body = '52320100MJ5000001';
    expect(creditCodeProblem(body + creditCodeCheckChar(body))).toBeNull();
  });
});
