/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet
 * (digits and capitals without I, O, Z, S, V); the last is a check character
 * computed from the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid character ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why the code is invalid, or null when it is a well-formed code with a correct check character. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return 'must be 18 characters';
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return `contains "${bad}", which is not allowed (digits and capitals except I, O, Z, S, V)`;
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'check character does not match (GB 32100-2015)';
  return null;
}
