import { EvaluationGrade, GRADES_BY_RANK, ServiceDomain } from '@app/reference-data';
import { domainFit, RELATED_DOMAIN_FIT } from './domains';
import { haversineKm } from './geo';
import { scorePair } from './run-matching';
import {
  capacityComponent,
  distanceComponent,
  gradeComponent,
  NEUTRAL_PERFORMANCE_PRIOR,
  offeringReferencePriceFen,
  performanceComponent,
  priceComponent,
} from './scoring';
import { aBid, aNeed, anOrganization, northOf } from './testing/fixtures';
import { denseInstance, mulberry32 } from './testing/random-problems';
import { BidInput, NeedInput, OrganizationInput, ScoreBreakdown } from './types';
import { MatchWeights, resolveWeights, WEIGHT_KEYS } from './weights';

function scored(need: NeedInput, org: OrganizationInput, bids: BidInput[] = [], weights?: Partial<MatchWeights>) {
  const pair = scorePair(need, org, bids, weights);
  if (pair === null) throw new Error('expected an eligible pair');
  return pair;
}

describe('score components', () => {
  it('gives distance 1 at the door, 0 at the radius, and more for nearer organizations', () => {
    expect(distanceComponent(0, 10)).toBe(1);
    expect(distanceComponent(10, 10)).toBe(0);
    expect(distanceComponent(0, 0)).toBe(1);
    const need = aNeed();
    let previous = -1;
    for (const km of [9.5, 7, 5, 2, 0.5, 0]) {
      const pair = scored(need, anOrganization({ lat: northOf(need.lat, km) }));
      expect(pair.breakdown.distance).toBeGreaterThan(previous);
      expect(pair.breakdown.distanceKm).toBeCloseTo(km, 6);
      previous = pair.breakdown.distance;
    }
  });

  it('ranks grades UNRATED < 1A < ... < 5A, 5A scoring 1', () => {
    const values = GRADES_BY_RANK.map(gradeComponent);
    expect(values[0]).toBe(0);
    expect(values[5]).toBe(1);
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThan(values[k - 1]);
    const need = aNeed({ minGrade: EvaluationGrade.UNRATED });
    const lower = scored(need, anOrganization({ grade: EvaluationGrade.A2 }));
    const higher = scored(need, anOrganization({ grade: EvaluationGrade.A5 }));
    expect(higher.breakdown.grade).toBeGreaterThan(lower.breakdown.grade);
    expect(higher.score).toBeGreaterThan(lower.score);
  });

  it('prefers a cheaper bid and a cheaper offering', () => {
    const need = aNeed();
    const org = anOrganization();
    const dear = scored(need, org, [aBid({ priceFen: 9_500_000 })]);
    const cheap = scored(need, org, [aBid({ priceFen: 6_000_000 })]);
    expect(cheap.breakdown.price).toBeGreaterThan(dear.breakdown.price);
    expect(cheap.score).toBeGreaterThan(dear.score);
    expect(cheap.bidId).toBe('bid-1');
    const offering = org.offerings[0];
    const dearRange = scored(need, { ...org, offerings: [{ ...offering, priceMinFen: 8_000_000, priceMaxFen: 12_000_000 }] });
    const cheapRange = scored(need, { ...org, offerings: [{ ...offering, priceMinFen: 3_000_000, priceMaxFen: 5_000_000 }] });
    expect(cheapRange.breakdown.price).toBeGreaterThan(dearRange.breakdown.price);
    expect(cheapRange.bidId).toBeNull();
  });

  it('judges a pair without a bid at the midpoint of the offering range, 1 - price / budget', () => {
    const pair = scored(aNeed({ budgetFen: 10_000_000 }), anOrganization());
    expect(offeringReferencePriceFen(6_000_000, 9_000_000)).toBe(7_500_000);
    expect(pair.breakdown.price).toBeCloseTo(0.25, 12);
  });

  it('keeps an offering priced above the budget eligible, with price component 0', () => {
    const org = anOrganization({
      offerings: [{ domain: ServiceDomain.ELDERLY_CARE, priceMinFen: 9_000_000, priceMaxFen: 15_000_000, annualBeneficiaries: 150 }],
    });
    const pair = scored(aNeed({ budgetFen: 10_000_000 }), org);
    expect(pair.breakdown.price).toBe(0);
  });

  it('prefers better evaluated organizations and gives never-evaluated ones the neutral prior', () => {
    expect(performanceComponent(null)).toBe(NEUTRAL_PERFORMANCE_PRIOR);
    expect(NEUTRAL_PERFORMANCE_PRIOR).toBeGreaterThan(0);
    expect(NEUTRAL_PERFORMANCE_PRIOR).toBeLessThan(1);
    const need = aNeed();
    const weak = scored(need, anOrganization({ performanceScore: 40 }));
    const newcomer = scored(need, anOrganization({ performanceScore: null }));
    const strong = scored(need, anOrganization({ performanceScore: 95 }));
    expect(newcomer.breakdown.performance).toBe(NEUTRAL_PERFORMANCE_PRIOR);
    expect(weak.score).toBeLessThan(newcomer.score);
    expect(newcomer.score).toBeLessThan(strong.score);
  });

  it('never scores more free capacity or a larger yearly reach lower', () => {
    for (let free = 1; free < 6; free++) expect(capacityComponent(free + 1, 6, 100, 200)).toBeGreaterThanOrEqual(capacityComponent(free, 6, 100, 200));
    for (const annual of [0, 50, 100, 199, 200, 400])
      expect(capacityComponent(2, 4, annual + 50, 200)).toBeGreaterThanOrEqual(capacityComponent(2, 4, annual, 200));
    const need = aNeed();
    const busy = scored(need, anOrganization({ freeCapacity: 1, maxCapacity: 4 }));
    const idle = scored(need, anOrganization({ freeCapacity: 4, maxCapacity: 4 }));
    expect(idle.breakdown.capacity).toBeGreaterThan(busy.breakdown.capacity);
  });

  it('scores a related-domain offering lower than an exact one', () => {
    const need = aNeed();
    const related = scored(need, anOrganization({ offerings: [{ ...anOrganization().offerings[0], domain: ServiceDomain.HOSPICE_CARE }] }));
    const exact = scored(need, anOrganization());
    expect(related.breakdown.domain).toBe(RELATED_DOMAIN_FIT);
    expect(exact.breakdown.domain).toBe(1);
    expect(related.score).toBeLessThan(exact.score);
  });

  it('never lowers a score when one attribute improves, whatever the rest (random pairs)', () => {
    const random = mulberry32(11);
    for (let round = 0; round < 300; round++) {
      const { needs, organizations } = denseInstance(random, 1, 1);
      const need = { ...needs[0], minGrade: EvaluationGrade.UNRATED };
      const org = {
        ...organizations[0],
        freeCapacity: 1,
        maxCapacity: 3,
        serviceRadiusKm: 20,
        offerings: organizations[0].offerings.map((o) => ({ ...o, domain: need.domain })),
      };
      const base = scored(need, org).score;
      const nearer = { ...org, lat: need.lat + (org.lat - need.lat) / 2, lng: need.lng + (org.lng - need.lng) / 2 };
      const better = [
        nearer,
        { ...org, grade: EvaluationGrade.A5 },
        { ...org, performanceScore: 100 },
        { ...org, freeCapacity: 3 },
        { ...org, offerings: org.offerings.map((o) => ({ ...o, priceMinFen: o.priceMinFen / 2, priceMaxFen: o.priceMaxFen / 2 })) },
        { ...org, offerings: org.offerings.map((o) => ({ ...o, annualBeneficiaries: o.annualBeneficiaries * 2 })) },
      ];
      for (const improved of better) expect(scored(need, improved).score).toBeGreaterThanOrEqual(base);
    }
  });
});

describe('score', () => {
  const components = (b: ScoreBreakdown) => WEIGHT_KEYS.map((k) => b[k]);

  it('is the weighted mean sum(w * c) / sum(w) of its breakdown, to 1e-9, for random weights', () => {
    const random = mulberry32(3);
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const { needs, organizations, bids } = denseInstance(random, 2, 2);
      const partial = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, random() < 0.15 ? 0 : random() * 10])) as Partial<MatchWeights>;
      if (WEIGHT_KEYS.every((k) => partial[k] === 0)) continue;
      const weights = resolveWeights(partial);
      for (const need of needs) {
        for (const org of organizations) {
          const pair = scorePair(need, org, bids, weights);
          if (pair === null) continue;
          const c = components(pair.breakdown);
          const mean = WEIGHT_KEYS.reduce((s, k, x) => s + weights[k] * c[x], 0) / WEIGHT_KEYS.reduce((s, k) => s + weights[k], 0);
          expect(Math.abs(pair.score - mean)).toBeLessThanOrEqual(1e-9);
          for (const value of c) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rebuilds from the public component functions (the typed-array hot path agrees with them)', () => {
    const need = aNeed();
    const org = anOrganization();
    const bid = aBid({ priceFen: 7_000_000 });
    const pair = scored(need, org, [bid]);
    const offering = org.offerings[0];
    const expected = {
      domain: domainFit(need.domain, offering.domain),
      capacity: capacityComponent(org.freeCapacity, org.maxCapacity, offering.annualBeneficiaries, need.beneficiaries),
      grade: gradeComponent(org.grade),
      distance: distanceComponent(haversineKm(need.lat, need.lng, org.lat, org.lng), org.serviceRadiusKm),
      price: priceComponent(bid.priceFen, need.budgetFen),
      performance: performanceComponent(org.performanceScore),
      distanceKm: haversineKm(need.lat, need.lng, org.lat, org.lng),
    };
    expect(pair.breakdown).toEqual(expected);
  });

  it('uses the offering that scores best when several fit', () => {
    const need = aNeed();
    const offering = anOrganization().offerings[0];
    const org = anOrganization({
      offerings: [
        { ...offering, domain: ServiceDomain.HOSPICE_CARE },
        { ...offering, priceMinFen: 1_000_000, priceMaxFen: 2_000_000 },
      ],
    });
    const pair = scored(need, org);
    expect(pair.breakdown.domain).toBe(1);
    expect(pair.breakdown.price).toBeCloseTo(0.85, 12);
  });
});
