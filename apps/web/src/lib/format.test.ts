import { describe, expect, it } from 'vitest';
import { countdown, date, dateTime, toDecimal, yuan } from './format';

describe('format', () => {
  it('writes amounts as ¥ with thousands separators', () => {
    expect(yuan('1234567.00')).toBe('¥1,234,567');
    expect(yuan('48000.5', 2)).toBe('¥48,000.50');
    expect(yuan(null)).toBe('—');
  });
  it('writes calendar dates in Chinese without shifting them, and times on the Nanjing clock', () => {
    expect(date('2026-03-01')).toBe('2026年3月1日');
    expect(dateTime('2026-03-01T16:30:00Z')).toContain('2026/03/02 00:30');
  });
  it('reads typed amounts into Decimal strings', () => {
    expect(toDecimal('48,000')).toBe('48000.00');
    expect(toDecimal(12.5)).toBe('12.50');
    expect(toDecimal('12.345')).toBeNull();
    expect(toDecimal('abc')).toBeNull();
  });
  it('counts down to a deadline and stops at it', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(countdown('2026-03-02T03:00:00Z', now)).toBe('1天3小时');
    expect(countdown('2026-03-01T00:05:07Z', now)).toBe('5分7秒');
    expect(countdown('2026-02-28T00:00:00Z', now)).toBeNull();
  });
});
