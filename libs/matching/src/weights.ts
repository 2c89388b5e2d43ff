/** Relative importance of each score component; only the ratios matter (the score divides by the sum). */
export interface MatchWeights {
  domain: number;
  capacity: number;
  grade: number;
  distance: number;
  price: number;
  performance: number;
}

/** Fixed order of the components: the scorer, the breakdown and the tests all use it. */
export const WEIGHT_KEYS: readonly (keyof MatchWeights)[] = ['domain', 'capacity', 'grade', 'distance', 'price', 'performance'];

/**
 * Defaults, summing to 1 so a score reads as a percentage:
 * - domain .25: doing the service the residents asked for is the point of the fair (Changsha's
 *   complaint was organizations offering what they guess, not what is needed);
 * - distance .20: community services are delivered on foot, week after week; a nearby organization
 *   knows the street and its workers come more often;
 * - price .15, grade .15, performance .15: value for public money, the civil affairs bureau's own
 *   1A-5A rating, and how past contracts went weigh the same: none should dominate the others;
 * - capacity .10: the hard limit (free slots) is already enforced by eligibility and the assignment,
 *   so the component only nudges towards organizations with room and scale to spare.
 */
export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  domain: 0.25,
  capacity: 0.1,
  grade: 0.15,
  distance: 0.2,
  price: 0.15,
  performance: 0.15,
});

/** Thrown for unusable weights; `key` names the offending weight (or 'weights' for the sum). */
export class InvalidWeightsError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidWeightsError';
  }
}

/**
 * Fills missing weights from DEFAULT_WEIGHTS and validates: each finite and >= 0, unknown keys
 * rejected (a typo would otherwise silently fall back to a default), and a positive finite sum.
 */
export function resolveWeights(partial?: Partial<MatchWeights>): MatchWeights {
  const resolved: MatchWeights = { ...DEFAULT_WEIGHTS };
  if (partial != null) {
    for (const key of Object.keys(partial)) {
      if (!(WEIGHT_KEYS as readonly string[]).includes(key)) {
        throw new InvalidWeightsError(key, `unknown weight "${key}"; expected one of ${WEIGHT_KEYS.join(', ')}`);
      }
      const value = (partial as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidWeightsError(key, `weight "${key}" must be a finite number, got ${String(value)}`);
      }
      if (value < 0) throw new InvalidWeightsError(key, `weight "${key}" must be >= 0, got ${value}`);
      resolved[key as keyof MatchWeights] = value;
    }
  }
  const sum = weightSum(resolved);
  if (!(sum > 0) || !Number.isFinite(sum)) {
    throw new InvalidWeightsError(
      'weights',
      `weights must have a positive finite sum, got ${sum} (${WEIGHT_KEYS.map((k) => `${k}=${resolved[k]}`).join(', ')})`,
    );
  }
  return resolved;
}

export function weightSum(w: MatchWeights): number {
  return w.domain + w.capacity + w.grade + w.distance + w.price + w.performance;
}
