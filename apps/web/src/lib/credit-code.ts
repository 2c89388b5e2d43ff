// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z;
// the last one is a check character, so a typo is caught while the user types.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeProblem(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码为18位，当前${code.length}位`;
  for (const ch of code) if (!ALPHABET.includes(ch)) return `含有无效字符“${ch}”（不使用 I、O、S、V、Z）`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code[i]) * WEIGHTS[i];
  const check = ALPHABET[(31 - (sum % 31)) % 31];
  if (code[17] !== check) return '校验位不正确，请核对代码';
  return null;
}
