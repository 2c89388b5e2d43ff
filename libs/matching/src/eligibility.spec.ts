import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { explainIneligibility, IneligibilityReason, isEligible, resolveBid } from './eligibility';
import { haversineKm } from './geo';
import { runMatching } from './run-matching';
import { aBid, aNeed, anOrganization, northOf } from './testing/fixtures';
import { denseInstance, mulberry32 } from './testing/random-problems';

describe(explainIneligibility.name, () => {
  it('accepts an organization that meets every rule', () => {
    expect(explainIneligibility(aNeed(), anOrganization())).toBeNull();
    expect(isEligible(aNeed(), anOrganization())).toBe(true);
  });

  it('rejects an organization with no offering in the domain or a related one', () => {
    const org = anOrganization({ offerings: [{ domain: ServiceDomain.DRUG_PREVENTION, priceMinFen: 1, priceMaxFen: 2, annualBeneficiaries: 10 }] });
    expect(explainIneligibility(aNeed(), org)).toBe(IneligibilityReason.NO_MATCHING_OFFERING);
  });

  it('accepts an offering in a related domain', () => {
    const org = anOrganization({ offerings: [{ domain: ServiceDomain.HOSPICE_CARE, priceMinFen: 1, priceMaxFen: 2, annualBeneficiaries: 10 }] });
    expect(explainIneligibility(aNeed(), org)).toBeNull();
  });

  it('rejects a grade below the need minimum and accepts the minimum itself', () => {
    expect(explainIneligibility(aNeed(), anOrganization({ grade: EvaluationGrade.A2 }))).toBe(IneligibilityReason.GRADE_BELOW_MINIMUM);
    expect(explainIneligibility(aNeed(), anOrganization({ grade: EvaluationGrade.UNRATED }))).toBe(IneligibilityReason.GRADE_BELOW_MINIMUM);
    expect(explainIneligibility(aNeed(), anOrganization({ grade: EvaluationGrade.A3 }))).toBeNull();
  });

  it('rejects a need outside the service radius and accepts one on its edge', () => {
    const need = aNeed();
    const org = anOrganization({ lat: northOf(need.lat, 12) });
    expect(explainIneligibility(need, org)).toBe(IneligibilityReason.OUTSIDE_SERVICE_RADIUS);
    const edge = haversineKm(need.lat, need.lng, org.lat, org.lng);
    expect(explainIneligibility(need, { ...org, serviceRadiusKm: edge })).toBeNull();
    expect(explainIneligibility(need, { ...org, serviceRadiusKm: edge * (1 - 1e-12) })).toBe(IneligibilityReason.OUTSIDE_SERVICE_RADIUS);
  });

  it('rejects an organization without a free slot', () => {
    expect(explainIneligibility(aNeed(), anOrganization({ freeCapacity: 0 }))).toBe(IneligibilityReason.NO_FREE_CAPACITY);
    expect(explainIneligibility(aNeed(), anOrganization({ freeCapacity: -1 }))).toBe(IneligibilityReason.NO_FREE_CAPACITY);
    expect(explainIneligibility(aNeed(), anOrganization({ freeCapacity: 0.5 }))).toBe(IneligibilityReason.NO_FREE_CAPACITY);
  });

  it('rejects a pair whose bid was withdrawn or rejected', () => {
    expect(explainIneligibility(aNeed(), anOrganization(), [aBid({ live: false })])).toBe(IneligibilityReason.BID_NOT_LIVE);
  });

  it('rejects a pair whose live bid is over budget and accepts one exactly at budget', () => {
    expect(explainIneligibility(aNeed(), anOrganization(), [aBid({ priceFen: 10_000_001 })])).toBe(IneligibilityReason.BID_OVER_BUDGET);
    expect(explainIneligibility(aNeed(), anOrganization(), [aBid({ priceFen: 10_000_000 })])).toBeNull();
  });

  it('lets a resubmitted live bid count after a withdrawn one', () => {
    const bids = [aBid({ id: 'bid-1', live: false }), aBid({ id: 'bid-2', live: true })];
    expect(explainIneligibility(aNeed(), anOrganization(), bids)).toBeNull();
  });

  it('ignores bids of other organizations and on other needs', () => {
    const bids = [aBid({ organizationId: 'org-2', live: false }), aBid({ needId: 'need-2', priceFen: 99_000_000 })];
    expect(explainIneligibility(aNeed(), anOrganization(), bids)).toBeNull();
  });
});

describe(resolveBid.name, () => {
  it('counts the cheapest live bid, then the smallest id', () => {
    const bids = [aBid({ id: 'b', priceFen: 5 }), aBid({ id: 'a', priceFen: 5 }), aBid({ id: 'c', priceFen: 4, live: false })];
    expect(resolveBid(bids, 10)).toEqual({ kind: 'USABLE', bid: bids[1] });
  });
});

describe('eligibility in a run', () => {
  it('scores exactly the pairs explainIneligibility accepts (the grid drops none, adds none)', () => {
    const random = mulberry32(7);
    for (let round = 0; round < 20; round++) {
      const { needs, organizations, bids } = denseInstance(random, 12, 10);
      const result = runMatching(needs, organizations, bids, { topK: 100 });
      const scored = new Set(result.proposals.map((p) => `${p.needId}|${p.organizationId}`));
      const eligible = new Set<string>();
      for (const need of needs) for (const org of organizations) if (isEligible(need, org, bids)) eligible.add(`${need.id}|${org.id}`);
      expect(scored).toEqual(eligible);
      expect(result.pairsScored).toBe(eligible.size);
    }
  });
});
