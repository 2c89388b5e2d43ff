import { describe, expect, it } from 'vitest';
import { supportText } from './labels';

describe('supportText', () => {
  it('shows support as a percentage with one decimal', () => {
    expect(supportText(30 / 34)).toBe('88.2%');
    expect(supportText(1)).toBe('100.0%');
    expect(supportText(0)).toBe('0.0%');
  });

  it('says a need without a review is not reviewed', () => {
    expect(supportText(null)).toBe('未评议');
    expect(supportText(undefined)).toBe('未评议');
  });
});
