import { DOMAIN_COUNT, DOMAIN_FIT_MATRIX } from './domains';
import { chordDistanceKm } from './geo';
import { PreparedInput } from './prepared-input';
import { beneficiaryCoverageFast, combineCapacity, distanceComponentFast, priceComponentFast, weightedScore, WeightVector } from './scoring';
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
  // The arrays, held as own fields: the hot loop reads them millions of times per run.
  private readonly fit = DOMAIN_FIT_MATRIX;
  private readonly needDomain: Int32Array;
  private readonly needBudgetFen: Float64Array;
  private readonly needInverseBudget: Float64Array;
  private readonly needBeneficiaries: Float64Array;
  private readonly needInverseBeneficiaries: Float64Array;
  private readonly needX: Float64Array;
  private readonly needY: Float64Array;
  private readonly needZ: Float64Array;
  private readonly orgX: Float64Array;
  private readonly orgY: Float64Array;
  private readonly orgZ: Float64Array;
  private readonly orgRadiusKm: Float64Array;
  private readonly orgInverseRadius: Float64Array;
  private readonly orgGradeComponent: Float64Array;
  private readonly orgPerformanceComponent: Float64Array;
  private readonly orgFreeShare: Float64Array;
  private readonly offeringStart: Int32Array;
  private readonly offeringDomain: Int32Array;
  private readonly offeringPriceFen: Float64Array;
  private readonly offeringAnnualBeneficiaries: Float64Array;

  constructor(
    input: PreparedInput,
    private readonly w: WeightVector,
  ) {
    this.needDomain = input.needDomain;
    this.needBudgetFen = input.needBudgetFen;
    this.needInverseBudget = input.needInverseBudget;
    this.needBeneficiaries = input.needBeneficiaries;
    this.needInverseBeneficiaries = input.needInverseBeneficiaries;
    this.needX = input.needX;
    this.needY = input.needY;
    this.needZ = input.needZ;
    this.orgX = input.orgX;
    this.orgY = input.orgY;
    this.orgZ = input.orgZ;
    this.orgRadiusKm = input.orgRadiusKm;
    this.orgInverseRadius = input.orgInverseRadius;
    this.orgGradeComponent = input.orgGradeComponent;
    this.orgPerformanceComponent = input.orgPerformanceComponent;
    this.orgFreeShare = input.orgFreeShare;
    this.offeringStart = input.offeringStart;
    this.offeringDomain = input.offeringDomain;
    this.offeringPriceFen = input.offeringPriceFen;
    this.offeringAnnualBeneficiaries = input.offeringAnnualBeneficiaries;
  }

  distanceKm(i: number, j: number): number {
    return chordDistanceKm(this.needX[i], this.needY[i], this.needZ[i], this.orgX[j], this.orgY[j], this.orgZ[j]);
  }

  /** `bidPriceFen` is the usable live bid's price, or NO_BID. Returns -1 when no offering fits. */
  score(i: number, j: number, distanceKm: number, bidPriceFen: number): number {
    const w = this.w;
    const fitMatrix = this.fit;
    const offeringDomain = this.offeringDomain;
    const needDomainRow = this.needDomain[i] * DOMAIN_COUNT;
    const budget = this.needBudgetFen[i];
    const inverseBudget = this.needInverseBudget[i];
    const beneficiaries = this.needBeneficiaries[i];
    const inverseBeneficiaries = this.needInverseBeneficiaries[i];
    const grade = this.orgGradeComponent[j];
    const performance = this.orgPerformanceComponent[j];
    const freeShare = this.orgFreeShare[j];
    const distance = distanceComponentFast(distanceKm, this.orgRadiusKm[j], this.orgInverseRadius[j]);
    const bidPrice = bidPriceFen === NO_BID ? -1 : priceComponentFast(bidPriceFen, budget, inverseBudget);
    let best = -1;
    let bestOffering = -1;
    for (let k = this.offeringStart[j], end = this.offeringStart[j + 1]; k < end; k++) {
      const offered = offeringDomain[k];
      if (offered < 0 || needDomainRow < 0) continue;
      const fit = fitMatrix[needDomainRow + offered];
      if (fit === 0) continue;
      const capacity = combineCapacity(freeShare, beneficiaryCoverageFast(this.offeringAnnualBeneficiaries[k], beneficiaries, inverseBeneficiaries));
      const price = bidPrice >= 0 ? bidPrice : priceComponentFast(this.offeringPriceFen[k], budget, inverseBudget);
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
    const k = this.lastOffering;
    const budget = this.needBudgetFen[i];
    const inverseBudget = this.needInverseBudget[i];
    return {
      domain: this.fit[this.needDomain[i] * DOMAIN_COUNT + this.offeringDomain[k]],
      capacity: combineCapacity(
        this.orgFreeShare[j],
        beneficiaryCoverageFast(this.offeringAnnualBeneficiaries[k], this.needBeneficiaries[i], this.needInverseBeneficiaries[i]),
      ),
      grade: this.orgGradeComponent[j],
      distance: distanceComponentFast(distanceKm, this.orgRadiusKm[j], this.orgInverseRadius[j]),
      price: priceComponentFast(bidPriceFen === NO_BID ? this.offeringPriceFen[k] : bidPriceFen, budget, inverseBudget),
      performance: this.orgPerformanceComponent[j],
      distanceKm,
    };
  }
}
