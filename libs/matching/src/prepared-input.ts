import { GRADE_RANK } from '@app/reference-data';
import { DOMAIN_COUNT, DOMAIN_FIT_MATRIX, domainIndex } from './domains';
import { resolveBid } from './eligibility';
import { latitudeReachDeg, longitudeReachDeg, unitVector } from './geo';
import { freeCapacityShare, gradeComponent, offeringReferencePriceFen, performanceComponent, reciprocal, usableCapacity } from './scoring';
import { BidInput, NeedInput, OfferingInput, OrganizationInput } from './types';

/**
 * The run's inputs sorted by id (the determinism anchor: every later tie is broken by index, hence
 * by id) and flattened into typed arrays, so the hot loops read numbers, never objects.
 */
export interface PreparedInput {
  needs: NeedInput[];
  organizations: OrganizationInput[];
  bids: readonly BidInput[];

  needDomain: Int32Array; // -1 = unknown domain, matches nothing
  needMinGradeRank: Int32Array;
  needX: Float64Array; // unit vector, for distances
  needY: Float64Array;
  needZ: Float64Array;
  needLat: Float64Array; // degrees, for the grid
  needLng: Float64Array;
  needBudgetFen: Float64Array;
  needInverseBudget: Float64Array;
  needBeneficiaries: Float64Array;
  needInverseBeneficiaries: Float64Array;

  orgX: Float64Array;
  orgY: Float64Array;
  orgZ: Float64Array;
  orgLat: Float64Array;
  orgLng: Float64Array;
  orgRadiusKm: Float64Array;
  orgInverseRadius: Float64Array;
  /** Box (degrees) holding every point the organization's radius reaches: a cheap pre-filter. */
  orgReachLatMin: Float64Array;
  orgReachLatMax: Float64Array;
  orgReachLngMin: Float64Array;
  orgReachLngMax: Float64Array;
  orgGradeRank: Int32Array;
  orgCapacity: Int32Array; // usable free capacity
  orgGradeComponent: Float64Array;
  orgPerformanceComponent: Float64Array;
  orgFreeShare: Float64Array;
  /** Bit d set when some offering fits need-domain d (exactly or related). */
  orgServedDomains: Int32Array;

  /** Offerings in canonical order per organization (CSR), so input order never changes a tie. */
  offeringStart: Int32Array;
  offeringDomain: Int32Array;
  offeringPriceFen: Float64Array; // reference price (range midpoint)
  offeringAnnualBeneficiaries: Float64Array;

  /** Per need (CSR): organizations that bid on it, the bid rule's verdict and the counting bid. */
  bidStart: Int32Array;
  bidOrg: Int32Array;
  /** Live bid price within budget, or -1 when the bids make the pair ineligible. */
  bidPriceFen: Float64Array;
  /** Index into `bids` of the counting live bid, or -1. */
  bidIndex: Int32Array;
}

export function prepareInput(needsIn: readonly NeedInput[], orgsIn: readonly OrganizationInput[], bids: readonly BidInput[]): PreparedInput {
  const needs = [...needsIn].sort(byId);
  const organizations = [...orgsIn].sort(byId);
  assertUniqueIds(needs, 'need');
  assertUniqueIds(organizations, 'organization');
  needs.forEach(validateNeed);
  organizations.forEach(validateOrganization);

  const n = needs.length;
  const needDomain = new Int32Array(n);
  const needMinGradeRank = new Int32Array(n);
  const needX = new Float64Array(n);
  const needY = new Float64Array(n);
  const needZ = new Float64Array(n);
  const needLat = new Float64Array(n);
  const needLng = new Float64Array(n);
  const needBudgetFen = new Float64Array(n);
  const needInverseBudget = new Float64Array(n);
  const needBeneficiaries = new Float64Array(n);
  const needInverseBeneficiaries = new Float64Array(n);
  needs.forEach((need, i) => {
    needDomain[i] = domainIndex(need.domain);
    needMinGradeRank[i] = GRADE_RANK[need.minGrade] ?? 0;
    [needX[i], needY[i], needZ[i]] = unitVector(need.lat, need.lng);
    needLat[i] = need.lat;
    needLng[i] = need.lng;
    needBudgetFen[i] = need.budgetFen;
    needInverseBudget[i] = reciprocal(need.budgetFen);
    needBeneficiaries[i] = need.beneficiaries;
    needInverseBeneficiaries[i] = reciprocal(need.beneficiaries);
  });

  const m = organizations.length;
  const orgX = new Float64Array(m);
  const orgY = new Float64Array(m);
  const orgZ = new Float64Array(m);
  const orgLat = new Float64Array(m);
  const orgLng = new Float64Array(m);
  const orgRadiusKm = new Float64Array(m);
  const orgInverseRadius = new Float64Array(m);
  const orgReachLatMin = new Float64Array(m);
  const orgReachLatMax = new Float64Array(m);
  const orgReachLngMin = new Float64Array(m);
  const orgReachLngMax = new Float64Array(m);
  const orgGradeRank = new Int32Array(m);
  const orgCapacity = new Int32Array(m);
  const orgGradeComponent = new Float64Array(m);
  const orgPerformanceComponent = new Float64Array(m);
  const orgFreeShare = new Float64Array(m);
  const orgServedDomains = new Int32Array(m);
  const offeringStart = new Int32Array(m + 1);
  const offerings: OfferingInput[] = [];
  organizations.forEach((org, j) => {
    [orgX[j], orgY[j], orgZ[j]] = unitVector(org.lat, org.lng);
    orgLat[j] = org.lat;
    orgLng[j] = org.lng;
    orgRadiusKm[j] = org.serviceRadiusKm;
    orgInverseRadius[j] = reciprocal(org.serviceRadiusKm);
    const latReach = latitudeReachDeg(org.serviceRadiusKm);
    const lngReach = longitudeReachDeg(org.serviceRadiusKm, org.lat);
    orgReachLatMin[j] = org.lat - latReach;
    orgReachLatMax[j] = org.lat + latReach;
    orgReachLngMin[j] = org.lng - lngReach;
    orgReachLngMax[j] = org.lng + lngReach;
    orgGradeRank[j] = GRADE_RANK[org.grade] ?? 0;
    orgCapacity[j] = usableCapacity(org.freeCapacity);
    orgGradeComponent[j] = gradeComponent(org.grade);
    orgPerformanceComponent[j] = performanceComponent(org.performanceScore);
    orgFreeShare[j] = freeCapacityShare(org.freeCapacity, org.maxCapacity);
    const sorted = [...org.offerings].sort(compareOfferings);
    for (const offering of sorted) offerings.push(offering);
    offeringStart[j + 1] = offerings.length;
  });
  const offeringDomain = new Int32Array(offerings.length);
  const offeringPriceFen = new Float64Array(offerings.length);
  const offeringAnnualBeneficiaries = new Float64Array(offerings.length);
  offerings.forEach((o, k) => {
    offeringDomain[k] = domainIndex(o.domain);
    offeringPriceFen[k] = offeringReferencePriceFen(o.priceMinFen, o.priceMaxFen);
    offeringAnnualBeneficiaries[k] = o.annualBeneficiaries;
  });
  for (let j = 0; j < m; j++) {
    let served = 0;
    for (let k = offeringStart[j]; k < offeringStart[j + 1]; k++) {
      const offered = offeringDomain[k];
      if (offered < 0) continue;
      for (let d = 0; d < DOMAIN_COUNT; d++) if (DOMAIN_FIT_MATRIX[d * DOMAIN_COUNT + offered] > 0) served |= 1 << d;
    }
    orgServedDomains[j] = served;
  }

  const bidTable = buildBidTable(needs, organizations, bids);
  return {
    needs,
    organizations,
    bids,
    needDomain,
    needMinGradeRank,
    needX,
    needY,
    needZ,
    needLat,
    needLng,
    needBudgetFen,
    needInverseBudget,
    needBeneficiaries,
    needInverseBeneficiaries,
    orgX,
    orgY,
    orgZ,
    orgLat,
    orgLng,
    orgRadiusKm,
    orgInverseRadius,
    orgReachLatMin,
    orgReachLatMax,
    orgReachLngMin,
    orgReachLngMax,
    orgGradeRank,
    orgCapacity,
    orgGradeComponent,
    orgPerformanceComponent,
    orgFreeShare,
    orgServedDomains,
    offeringStart,
    offeringDomain,
    offeringPriceFen,
    offeringAnnualBeneficiaries,
    ...bidTable,
  };
}

/** Bids grouped per (need, organization) and reduced by the bid rule; bids on unknown ids are ignored. */
function buildBidTable(needs: NeedInput[], organizations: OrganizationInput[], bids: readonly BidInput[]) {
  const needIndex = new Map(needs.map((x, i) => [x.id, i]));
  const orgIndex = new Map(organizations.map((x, j) => [x.id, j]));
  const m = organizations.length;
  const byPair = new Map<number, BidInput[]>();
  for (const bid of bids) {
    requireFinite('bid', bid.id, 'priceFen', bid.priceFen, 0);
    const i = needIndex.get(bid.needId);
    const j = orgIndex.get(bid.organizationId);
    if (i === undefined || j === undefined) continue;
    const key = i * m + j;
    const list = byPair.get(key);
    if (list) list.push(bid);
    else byPair.set(key, [bid]);
  }
  const keys = [...byPair.keys()].sort((a, b) => a - b);
  const bidStart = new Int32Array(needs.length + 1);
  const bidOrg = new Int32Array(keys.length);
  const bidPriceFen = new Float64Array(keys.length);
  const bidIndex = new Int32Array(keys.length);
  const position = new Map(bids.map((b, k) => [b, k]));
  keys.forEach((key, e) => {
    const i = Math.floor(key / m);
    const j = key - i * m;
    bidStart[i + 1]++;
    bidOrg[e] = j;
    const state = resolveBid(byPair.get(key)!, needs[i].budgetFen);
    bidPriceFen[e] = state.kind === 'USABLE' ? state.bid.priceFen : -1;
    bidIndex[e] = state.kind === 'USABLE' || state.kind === 'OVER_BUDGET' ? position.get(state.bid)! : -1;
  });
  for (let i = 0; i < needs.length; i++) bidStart[i + 1] += bidStart[i];
  return { bidStart, bidOrg, bidPriceFen, bidIndex };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareOfferings(a: OfferingInput, b: OfferingInput): number {
  return (
    (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0) ||
    a.priceMinFen - b.priceMinFen ||
    a.priceMaxFen - b.priceMaxFen ||
    a.annualBeneficiaries - b.annualBeneficiaries
  );
}

function assertUniqueIds(items: { id: string }[], kind: string): void {
  for (let k = 1; k < items.length; k++) {
    if (items[k].id === items[k - 1].id) throw new Error(`matching input: duplicate ${kind} id ${items[k].id}`);
  }
}

function requireFinite(kind: string, id: string, field: string, value: unknown, min = -Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new Error(`matching input: ${kind} ${id} has ${field} = ${String(value)}; expected a finite number${min > -Infinity ? ` >= ${min}` : ''}`);
  }
}

function validateNeed(need: NeedInput): void {
  requireFinite('need', need.id, 'lat', need.lat);
  requireFinite('need', need.id, 'lng', need.lng);
  requireFinite('need', need.id, 'beneficiaries', need.beneficiaries, 0);
  requireFinite('need', need.id, 'budgetFen', need.budgetFen, 0);
}

function validateOrganization(org: OrganizationInput): void {
  requireFinite('organization', org.id, 'lat', org.lat);
  requireFinite('organization', org.id, 'lng', org.lng);
  requireFinite('organization', org.id, 'serviceRadiusKm', org.serviceRadiusKm, 0);
  requireFinite('organization', org.id, 'freeCapacity', org.freeCapacity);
  requireFinite('organization', org.id, 'maxCapacity', org.maxCapacity);
  if (org.performanceScore != null) requireFinite('organization', org.id, 'performanceScore', org.performanceScore);
  for (const o of org.offerings) {
    requireFinite('organization', org.id, 'offering priceMinFen', o.priceMinFen, 0);
    requireFinite('organization', org.id, 'offering priceMaxFen', o.priceMaxFen, 0);
    requireFinite('organization', org.id, 'offering annualBeneficiaries', o.annualBeneficiaries, 0);
  }
}
