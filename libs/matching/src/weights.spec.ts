import { DEFAULT_WEIGHTS, InvalidWeightsError, resolveWeights, WEIGHT_KEYS } from './weights';

describe(resolveWeights.name, () => {
  it('defaults to weights that sum to 1, so a score reads as a percentage', () => {
    const sum = WEIGHT_KEYS.reduce((s, k) => s + DEFAULT_WEIGHTS[k], 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(resolveWeights()).toEqual(DEFAULT_WEIGHTS);
  });

  it('fills the weights a run leaves out from the defaults', () => {
    expect(resolveWeights({ price: 0.5 })).toEqual({ ...DEFAULT_WEIGHTS, price: 0.5 });
  });

  it('accepts a zero weight as long as another is positive', () => {
    expect(resolveWeights({ domain: 0, distance: 0 }).domain).toBe(0);
  });

  it.each([
    ['negative', { grade: -0.1 }, 'grade'],
    ['NaN', { distance: Number.NaN }, 'distance'],
    ['infinite', { price: Number.POSITIVE_INFINITY }, 'price'],
    ['not a number', { capacity: '0.2' as unknown as number }, 'capacity'],
  ])('rejects a %s weight and names the key', (_, partial, key) => {
    expect(() => resolveWeights(partial)).toThrow(InvalidWeightsError);
    expect(() => resolveWeights(partial)).toThrow(new RegExp(`"${key}"`));
    try {
      resolveWeights(partial);
    } catch (error) {
      expect((error as InvalidWeightsError).key).toBe(key);
    }
  });

  it('rejects weights that are all zero', () => {
    const allZero = { domain: 0, capacity: 0, grade: 0, distance: 0, price: 0, performance: 0 };
    expect(() => resolveWeights(allZero)).toThrow(/positive finite sum/);
  });

  it('rejects an unknown key instead of silently ignoring a typo', () => {
    expect(() => resolveWeights({ distanse: 1 } as never)).toThrow(/unknown weight "distanse"/);
  });
});
