import { GRADE_RANK, NANJING_DISTRICTS } from '@app/reference-data';
import { haversineKm } from '../geo';
import { generateInstance } from './instance-generator';

describe(generateInstance.name, () => {
  it('is deterministic: the same seed gives the same instance, another seed another one', () => {
    const a = generateInstance({ needs: 300, organizations: 100, seed: 42 });
    expect(generateInstance({ needs: 300, organizations: 100, seed: 42 })).toEqual(a);
    expect(generateInstance({ needs: 300, organizations: 100, seed: 43 })).not.toEqual(a);
  });

  it('draws Nanjing-like needs, organizations and bids within the documented ranges', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 2_000, organizations: 600, seed: 1 });
    const nearDistrict = (lat: number, lng: number) => NANJING_DISTRICTS.some((d) => haversineKm(lat, lng, d.lat, d.lng) <= d.spreadKm + 1e-6);
    for (const need of needs) {
      expect(nearDistrict(need.lat, need.lng)).toBe(true);
      expect(need.budgetFen).toBeGreaterThanOrEqual(20_000 * 100);
      expect(need.budgetFen).toBeLessThanOrEqual(300_000 * 100);
      expect(Number.isInteger(need.budgetFen)).toBe(true);
    }
    for (const org of organizations) {
      expect(nearDistrict(org.lat, org.lng)).toBe(true);
      expect(org.serviceRadiusKm).toBeGreaterThanOrEqual(3);
      expect(org.serviceRadiusKm).toBeLessThanOrEqual(25);
      expect(org.maxCapacity).toBeGreaterThanOrEqual(1);
      expect(org.maxCapacity).toBeLessThanOrEqual(5);
      expect(org.freeCapacity).toBeGreaterThanOrEqual(1);
      expect(org.freeCapacity).toBeLessThanOrEqual(org.maxCapacity);
      expect(org.offerings.length).toBeGreaterThanOrEqual(1);
      expect(org.offerings.length).toBeLessThanOrEqual(4);
      expect(new Set(org.offerings.map((o) => o.domain)).size).toBe(org.offerings.length);
      for (const o of org.offerings) expect(o.priceMinFen).toBeLessThanOrEqual(o.priceMaxFen);
    }
    const share = (predicate: (o: (typeof organizations)[number]) => boolean) => organizations.filter(predicate).length / organizations.length;
    expect(share((o) => o.performanceScore === null)).toBeGreaterThan(0.2);
    expect(share((o) => GRADE_RANK[o.grade] === 0) + share((o) => GRADE_RANK[o.grade] === 3)).toBeGreaterThan(0.5);
    const needIds = new Set(needs.map((n) => n.id));
    const orgIds = new Set(organizations.map((o) => o.id));
    expect(bids.length).toBeGreaterThan(needs.length / 4);
    for (const bid of bids) {
      expect(needIds.has(bid.needId)).toBe(true);
      expect(orgIds.has(bid.organizationId)).toBe(true);
    }
    expect(bids.some((b) => !b.live)).toBe(true);
  });
});
