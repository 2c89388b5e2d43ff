import { EvaluationGrade, JIANGSU_CITIES, NANJING_DISTRICTS, SERVICE_DOMAINS, ServiceDomain } from '@app/reference-data';
import { BidInput, NeedInput, OfferingInput, OrganizationInput } from '../types';

/** Deterministic PRNG (mulberry32): the same seed gives the same instance on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceSpec {
  needs: number;
  organizations: number;
  seed: number;
  /**
   * Where needs and organizations lie: Nanjing's eleven districts by default (a fair);
   * JIANGSU_CITIES for a province-wide instance.
   */
  areas?: ReadonlyArray<{ lat: number; lng: number; spreadKm: number }>;
  /** Share of needs that receive bids (default 0.5); each gets 1-3 bids from organizations of its district. */
  bidShare?: number;
}

export interface Instance {
  needs: NeedInput[];
  organizations: OrganizationInput[];
  bids: BidInput[];
}

// Elder care dominates Nanjing's project lists; child and disability work follow.
const DOMAIN_WEIGHTS: Partial<Record<ServiceDomain, number>> = {
  [ServiceDomain.ELDERLY_CARE]: 5,
  [ServiceDomain.MINOR_PROTECTION]: 2,
  [ServiceDomain.DISABILITY_SUPPORT]: 2,
  [ServiceDomain.COMMUNITY_EDUCATION]: 1.5,
  [ServiceDomain.CULTURE_SPORTS]: 1.5,
};
// Most organizations at a fair are unrated or 3A.
const GRADE_WEIGHTS: [EvaluationGrade, number][] = [
  [EvaluationGrade.UNRATED, 40],
  [EvaluationGrade.A1, 4],
  [EvaluationGrade.A2, 10],
  [EvaluationGrade.A3, 28],
  [EvaluationGrade.A4, 12],
  [EvaluationGrade.A5, 6],
];
const MIN_GRADE_WEIGHTS: [EvaluationGrade, number][] = [
  [EvaluationGrade.UNRATED, 60],
  [EvaluationGrade.A2, 10],
  [EvaluationGrade.A3, 22],
  [EvaluationGrade.A4, 6],
  [EvaluationGrade.A5, 2],
];

/**
 * A Nanjing-like instance: needs scattered around the eleven district centres (within each
 * district's spread), organizations likewise with a 3-25 km service radius, 1-4 offerings in
 * distinct domains, 1-5 project slots (some already in use), grades weighted towards UNRATED and
 * 3A, 30% never evaluated, budgets 20,000-300,000 yuan (in fen), and bids from organizations of
 * the need's district (about 10% withdrawn/rejected, some above budget).
 */
export function generateInstance(spec: InstanceSpec): Instance {
  const random = mulberry32(spec.seed);
  const areas = spec.areas ?? NANJING_DISTRICTS;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
  const pick = <T>(weighted: [T, number][]): T => {
    let x = random() * weighted.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of weighted) if ((x -= w) < 0) return value;
    return weighted[weighted.length - 1][0];
  };
  const domainTable: [ServiceDomain, number][] = SERVICE_DOMAINS.map((d) => [d, DOMAIN_WEIGHTS[d] ?? 1]);
  const place = (district: number) => {
    const { lat, lng, spreadKm } = areas[district];
    const r = spreadKm * Math.sqrt(random());
    const angle = 2 * Math.PI * random();
    return {
      lat: round6(lat + (r * Math.sin(angle)) / 111.195),
      lng: round6(lng + (r * Math.cos(angle)) / (111.195 * Math.cos((lat * Math.PI) / 180))),
    };
  };
  const width = (count: number) => String(Math.max(1, count)).length;

  const organizations: OrganizationInput[] = [];
  const orgsByDistrictDomain = new Map<string, number[]>();
  for (let j = 0; j < spec.organizations; j++) {
    const district = int(0, areas.length - 1);
    const offerings: OfferingInput[] = [];
    const domains = new Set<ServiceDomain>();
    const offeringCount = int(1, 4);
    while (domains.size < offeringCount) domains.add(pick(domainTable));
    for (const domain of domains) {
      const priceMinYuan = Math.round(logUniform(15_000, 250_000) / 100) * 100;
      offerings.push({
        domain,
        priceMinFen: priceMinYuan * 100,
        priceMaxFen: Math.round((priceMinYuan * (1.1 + 0.7 * random())) / 100) * 100 * 100,
        annualBeneficiaries: Math.round(logUniform(50, 3000)),
      });
      const key = `${district}:${domain}`;
      (orgsByDistrictDomain.get(key) ?? orgsByDistrictDomain.set(key, []).get(key)!).push(j);
    }
    const maxCapacity = int(1, 5);
    const activeProjects = Math.floor(random() * random() * maxCapacity); // mostly idle, free >= 1
    organizations.push({
      id: `org-${String(j + 1).padStart(width(spec.organizations), '0')}`,
      ...place(district),
      serviceRadiusKm: Math.round((3 + 22 * random()) * 10) / 10,
      grade: pick(GRADE_WEIGHTS),
      freeCapacity: maxCapacity - activeProjects,
      maxCapacity,
      performanceScore: random() < 0.3 ? null : Math.round(55 + 43 * random()),
      offerings,
    });
  }

  const needs: NeedInput[] = [];
  const bids: BidInput[] = [];
  const bidShare = spec.bidShare ?? 0.5;
  for (let i = 0; i < spec.needs; i++) {
    const district = int(0, areas.length - 1);
    const domain = pick(domainTable);
    const need: NeedInput = {
      id: `need-${String(i + 1).padStart(width(spec.needs), '0')}`,
      domain,
      ...place(district),
      beneficiaries: Math.round(logUniform(20, 2000)),
      budgetFen: int(200, 3000) * 100 * 100, // 20,000-300,000 yuan in steps of 100 yuan
      minGrade: pick(MIN_GRADE_WEIGHTS),
    };
    needs.push(need);
    const bidders = orgsByDistrictDomain.get(`${district}:${domain}`) ?? [];
    if (bidders.length === 0 || random() >= bidShare) continue;
    const chosen = new Set<number>();
    const bidCount = Math.min(bidders.length, int(1, 3));
    while (chosen.size < bidCount) chosen.add(bidders[int(0, bidders.length - 1)]);
    for (const j of chosen) {
      bids.push({
        id: `bid-${String(bids.length + 1).padStart(7, '0')}`,
        needId: need.id,
        organizationId: organizations[j].id,
        priceFen: Math.round((need.budgetFen * (0.7 + 0.38 * random())) / 100) * 100, // ~1 in 10 above budget
        live: random() >= 0.1,
      });
    }
  }
  return { needs, organizations, bids };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A province-wide instance covers Jiangsu's thirteen cities; fair and region sizes stay in Nanjing. */
export function areasForScale(scale: string): InstanceSpec['areas'] {
  return scale === 'province' ? JIANGSU_CITIES : NANJING_DISTRICTS;
}
