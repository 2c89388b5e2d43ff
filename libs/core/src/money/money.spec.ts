import { formatFen, parseDecimalToFen, splitByPercent } from './money';

describe('money', () => {
  it('parses yuan strings into integer fen without floating point', () => {
    expect(parseDecimalToFen('48000.00')).toBe(4_800_000);
    expect(parseDecimalToFen('0.1')).toBe(10);
    expect(parseDecimalToFen('19.99')).toBe(1999);
    expect(parseDecimalToFen('7')).toBe(700);
  });

  it('rejects more than two fraction digits and non-numbers, naming the field', () => {
    expect(() => parseDecimalToFen('1.005', 'budget')).toThrow(/budget/);
    expect(() => parseDecimalToFen('abc', 'price')).toThrow(/price/);
    expect(() => parseDecimalToFen('1e5', 'price')).toThrow(/price/);
  });

  it('formats fen with exactly two decimals', () => {
    expect(formatFen(4_800_000)).toBe('48000.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-150)).toBe('-1.50');
  });

  it('splits an amount into parts that add up to it to the fen', () => {
    for (const total of [1, 99, 100, 3_333_333, 4_800_001]) {
      const parts = splitByPercent(total, [30, 40, 30]);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => p >= 0)).toBe(true);
    }
    expect(splitByPercent(10_000, [30, 40, 30])).toEqual([3000, 4000, 3000]);
  });
});
