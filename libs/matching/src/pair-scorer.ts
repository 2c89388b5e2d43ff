import { DOMAIN_COUNT, DOMAIN_FIT_MATRIX } from './domains';
import { chordDistanceKm } from './geo';
import { PreparedInput } from './prepared-input';
import { beneficiaryCoverage, combineCapacity, distanceComponent, priceComponent, weightedScore, WeightVector } from './scoring';
import { ScoreBreakdown } from './types';

/** Sentinel for "no usable live bid": the price is then judged from the offering. */
export const NO_BID = -1;

/**
 * Scores one eligible (need, organization) pair from the prepared typed arrays, without allocating.
 * An organization may hold several offerings that fit the need (its own domain, a related one...):
 * the pair is scored with the offering that gives the best score, ties going to the first in the
 * canonical offering order; `lastOffering` tells which one.
 */
export class PairScorer {
  lastOffering = -1;

  constructor(
    private readonly input: PreparedInput,
    private readonly w: WeightVector,
  ) {}

  distanceKm(i: number, j: number): number {
    const x = this.input;
    return chordDistanceKm(x.needX[i], x.needY[i], x.needZ[i], x.orgX[j], x.orgY[j], x.orgZ[j]);
  }

  /** `bidPriceFen` is the usable live bid's price, or NO_BID. Returns -1 when no offering fits. */
  score(i: number, j: number, distanceKm: number, bidPriceFen: number): number {
    const x = this.input;
    const w = this.w;
    const needDomainRow = x.needDomain[i] * DOMAIN_COUNT;
    const budget = x.needBudgetFen[i];
    const beneficiaries = x.needBeneficiaries[i];
    const grade = x.orgGradeComponent[j];
    const performance = x.orgPerformanceComponent[j];
    const freeShare = x.orgFreeShare[j];
    const distance = distanceComponent(distanceKm, x.orgRadiusKm[j]);
    const bidPrice = bidPriceFen === NO_BID ? -1 : priceComponent(bidPriceFen, budget);
    let best = -1;
    let bestOffering = -1;
    for (let k = x.offeringStart[j], end = x.offeringStart[j + 1]; k < end; k++) {
      const offered = x.offeringDomain[k];
      if (offered < 0 || needDomainRow < 0) continue;
      const fit = DOMAIN_FIT_MATRIX[needDomainRow + offered];
      if (fit === 0) continue;
      const capacity = combineCapacity(freeShare, beneficiaryCoverage(x.offeringAnnualBeneficiaries[k], beneficiaries));
      const price = bidPrice >= 0 ? bidPrice : priceComponent(x.offeringPriceFen[k], budget);
      const s = weightedScore(w, fit, capacity, grade, distance, price, performance);
      if (s > best) {
        best = s;
        bestOffering = k;
      }
    }
    this.lastOffering = bestOffering;
    return best;
  }

  /** The components behind score(): call right after it, with the same arguments. */
  breakdown(i: number, j: number, distanceKm: number, bidPriceFen: number): ScoreBreakdown {
    const x = this.input;
    const k = this.lastOffering;
    const fit = DOMAIN_FIT_MATRIX[x.needDomain[i] * DOMAIN_COUNT + x.offeringDomain[k]];
    return {
      domain: fit,
      capacity: combineCapacity(x.orgFreeShare[j], beneficiaryCoverage(x.offeringAnnualBeneficiaries[k], x.needBeneficiaries[i])),
      grade: x.orgGradeComponent[j],
      distance: distanceComponent(distanceKm, x.orgRadiusKm[j]),
      price: bidPriceFen === NO_BID ? priceComponent(x.offeringPriceFen[k], x.needBudgetFen[i]) : priceComponent(bidPriceFen, x.needBudgetFen[i]),
      performance: x.orgPerformanceComponent[j],
      distanceKm,
    };
  }
}
