import { GRADE_RANK } from '@app/reference-data';
import { domainFit } from './domains';
import { haversineKm } from './geo';
import { usableCapacity } from './scoring';
import { BidInput, NeedInput, OrganizationInput } from './types';

/** Why a (need, organization) pair cannot be proposed; checked in this order. */
export enum IneligibilityReason {
  /** No offering in the need's domain nor in a related one. */
  NO_MATCHING_OFFERING = 'NO_MATCHING_OFFERING',
  GRADE_BELOW_MINIMUM = 'GRADE_BELOW_MINIMUM',
  NO_FREE_CAPACITY = 'NO_FREE_CAPACITY',
  OUTSIDE_SERVICE_RADIUS = 'OUTSIDE_SERVICE_RADIUS',
  /** The organization's bids on this need were all withdrawn or rejected. */
  BID_NOT_LIVE = 'BID_NOT_LIVE',
  /** The organization's live bid asks more than the budget. */
  BID_OVER_BUDGET = 'BID_OVER_BUDGET',
}

export type BidState = { kind: 'NONE' } | { kind: 'USABLE'; bid: BidInput } | { kind: 'NOT_LIVE' } | { kind: 'OVER_BUDGET'; bid: BidInput };

/**
 * The bid rule for one (need, organization), given that organization's bids on that need:
 * - no bid: eligible, price judged from the offering's range;
 * - a live bid counts and the withdrawn/rejected ones are history (an organization may withdraw
 *   and resubmit); with several live bids the cheapest counts (then the smallest id, for
 *   determinism): the fairs context should allow only one, this just keeps the rule total;
 * - only withdrawn/rejected bids: ineligible, the organization stepped back or was turned down;
 * - the counting live bid above the budget: ineligible.
 */
export function resolveBid(pairBids: readonly BidInput[], budgetFen: number): BidState {
  if (pairBids.length === 0) return { kind: 'NONE' };
  let chosen: BidInput | null = null;
  for (const bid of pairBids) {
    if (!bid.live) continue;
    if (chosen === null || bid.priceFen < chosen.priceFen || (bid.priceFen === chosen.priceFen && bid.id < chosen.id)) chosen = bid;
  }
  if (chosen === null) return { kind: 'NOT_LIVE' };
  return chosen.priceFen <= budgetFen ? { kind: 'USABLE', bid: chosen } : { kind: 'OVER_BUDGET', bid: chosen };
}

/**
 * The first rule the pair breaks, or null when eligible. `bids` may hold any bids: only those of
 * this organization on this need are considered.
 */
export function explainIneligibility(need: NeedInput, organization: OrganizationInput, bids: readonly BidInput[] = []): IneligibilityReason | null {
  if (!organization.offerings.some((o) => domainFit(need.domain, o.domain) > 0)) return IneligibilityReason.NO_MATCHING_OFFERING;
  if ((GRADE_RANK[organization.grade] ?? 0) < (GRADE_RANK[need.minGrade] ?? 0)) return IneligibilityReason.GRADE_BELOW_MINIMUM;
  if (usableCapacity(organization.freeCapacity) === 0) return IneligibilityReason.NO_FREE_CAPACITY;
  if (!(haversineKm(need.lat, need.lng, organization.lat, organization.lng) <= organization.serviceRadiusKm)) {
    return IneligibilityReason.OUTSIDE_SERVICE_RADIUS;
  }
  const state = resolveBid(
    bids.filter((b) => b.needId === need.id && b.organizationId === organization.id),
    need.budgetFen,
  );
  if (state.kind === 'NOT_LIVE') return IneligibilityReason.BID_NOT_LIVE;
  if (state.kind === 'OVER_BUDGET') return IneligibilityReason.BID_OVER_BUDGET;
  return null;
}

export function isEligible(need: NeedInput, organization: OrganizationInput, bids: readonly BidInput[] = []): boolean {
  return explainIneligibility(need, organization, bids) === null;
}
