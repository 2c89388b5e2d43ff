/**
 * The demo data set, generated in memory from a seed: rows keyed by entity
 * property names, ready for bulk insertion. No database access here.
 */
import { creditCodeCheckChar } from '@app/directory';
import { EvaluationGrade, GRADE_RANK, NANJING_DISTRICTS, OrganizationForm, ServiceDomain } from '@app/reference-data';
import { Random, round6 } from './random';
import {
  COMMUNITY_ROOTS,
  COMMUNITY_SUFFIXES,
  CREDIT_CODE_PREFIX,
  DISTRICT_CODES,
  DISTRICT_WEIGHTS,
  DOMAINS,
  FORM_KINDS,
  FORMS,
  FUNDING,
  GRADES,
  MIN_GRADES,
  NEIGHBOUR_DOMAINS,
  ORGANIZATION_WORDS,
} from './vocabulary';

export interface SeedOptions {
  needs: number;
  organizations: number;
  seed: number;
  /** Needs of the fair at most (the 4th fair had 2,100). */
  fairNeeds: number;
}

export type Row = Record<string, unknown>;

export interface SeedData {
  communities: Row[];
  organizations: Row[];
  offerings: Row[];
  needs: Row[];
  fair: Row;
  sessions: Row[];
  sessionNeeds: Row[];
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DAY = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 5);
const YEAR_END = Date.UTC(2026, 10, 15);

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const roundTo = (x: number, step: number) => Math.round(x / step) * step;

export function generate(options: SeedOptions, now = new Date()): SeedData {
  const rnd = new Random(options.seed);
  const ids = new Random(options.seed ^ 0x5eed1d5);
  const districtWeights = NANJING_DISTRICTS.map((d) => [d, DISTRICT_WEIGHTS[d.name] ?? 5] as const);
  const domainWeights = (Object.keys(DOMAINS) as ServiceDomain[]).map((d) => [d, DOMAINS[d].weight] as const);

  // Communities: a few per street (more when the data set is large), around the street's centre.
  const perStreet = Math.max(2, Math.min(20, Math.round(4 * Math.sqrt(options.needs / 2100))));
  const communities: Row[] = [];
  const communityNames = new Set<string>();
  const communitiesByDistrict = new Map<string, Row[]>();
  for (const district of NANJING_DISTRICTS) {
    const list: Row[] = [];
    for (const street of district.streets) {
      const centre = rnd.near(district.lat, district.lng, district.spreadKm);
      for (let i = 0; i < perStreet; i++) {
        const base = `${rnd.pick(COMMUNITY_ROOTS)}${rnd.pick(COMMUNITY_SUFFIXES)}`;
        let name = base;
        for (let n = 2; communityNames.has(name); n++) name = base.replace(/社区$/, `第${n}社区`);
        communityNames.add(name);
        const at = rnd.near(centre.lat, centre.lng, Math.min(2, district.spreadKm / 3));
        list.push({
          id: ids.uuid(),
          name,
          district: district.name,
          street,
          lat: at.lat,
          lng: at.lng,
          households: roundTo(rnd.int(800, 6500), 10),
          createdAt: new Date(YEAR_START).toISOString(),
        });
      }
    }
    communitiesByDistrict.set(district.name, list);
    communities.push(...list);
  }

  // Organizations, each with 1–4 offerings in its main domain and its neighbours.
  const organizations: Row[] = [];
  const offerings: Row[] = [];
  const creditCodes = new Set<string>();
  for (let i = 0; i < options.organizations; i++) {
    const district = rnd.weighted(districtWeights);
    const form = rnd.weighted(FORMS);
    const mainDomain = rnd.weighted(domainWeights);
    const home = rnd.pick(communitiesByDistrict.get(district.name)!);
    const at = rnd.near(home.lat as number, home.lng as number, 1.5);
    const filed = form === OrganizationForm.FILED_COMMUNITY_ORG;
    const name = filed
      ? `${home.name as string}${rnd.pick(FORM_KINDS[form])}`
      : `南京市${form === OrganizationForm.FOUNDATION ? '' : district.name}${rnd.pick(ORGANIZATION_WORDS)}${rnd.pick(form === OrganizationForm.SOCIAL_SERVICE_AGENCY && rnd.chance(0.6) ? DOMAINS[mainDomain].organizationKinds : FORM_KINDS[form])}`;
    let creditCode: string;
    do {
      let body = CREDIT_CODE_PREFIX[form] + DISTRICT_CODES[district.name] + 'MJ';
      while (body.length < 17) body += CREDIT_ALPHABET[rnd.int(0, 30)];
      creditCode = body + creditCodeCheckChar(body);
    } while (creditCodes.has(creditCode));
    creditCodes.add(creditCode);
    let grade = rnd.weighted(GRADES);
    if (filed && GRADE_RANK[grade] > 2) grade = rnd.chance(0.7) ? EvaluationGrade.UNRATED : EvaluationGrade.A1;
    const staff = filed ? rnd.int(3, 15) : form === OrganizationForm.FOUNDATION ? rnd.int(8, 40) : rnd.int(6, 120);
    const evaluated = rnd.chance(0.72);
    const id = ids.uuid();
    organizations.push({
      id,
      name,
      creditCode,
      form,
      grade,
      district: district.name,
      lat: at.lat,
      lng: at.lng,
      serviceRadiusKm: filed ? rnd.int(2, 5) : form === OrganizationForm.FOUNDATION ? rnd.int(30, 80) : rnd.int(5, 30),
      certifiedSocialWorkers: Math.min(staff, filed ? rnd.int(0, 2) : rnd.int(1, Math.max(1, Math.round(staff * 0.6)))),
      staffCount: staff,
      maxConcurrentProjects: filed ? rnd.int(1, 2) : rnd.int(1, 5),
      activeProjects: 0,
      performanceScore: evaluated ? round6(Math.min(99, 60 + rnd.next() * 25 + GRADE_RANK[grade] * 2.5)) : null,
      evaluationCount: evaluated ? rnd.int(1, 20) : 0,
      createdAt: new Date(YEAR_START - rnd.int(30, 900) * DAY).toISOString(),
    });
    const domains = new Set<ServiceDomain>([mainDomain]);
    const wanted = rnd.weighted([
      [1, 35],
      [2, 35],
      [3, 20],
      [4, 10],
    ] as const);
    while (domains.size < wanted) {
      const neighbours = NEIGHBOUR_DOMAINS[mainDomain];
      domains.add(neighbours && rnd.chance(0.6) ? rnd.pick(neighbours) : rnd.weighted(domainWeights));
    }
    for (const domain of domains) {
      const project = rnd.pick(DOMAINS[domain].projects);
      const minYuan = roundTo(15_000 * Math.pow(8, rnd.next() ** 1.5), 1000);
      const maxYuan = roundTo(minYuan * (1.3 + rnd.next() * 1.7), 1000);
      offerings.push({
        id: ids.uuid(),
        organizationId: id,
        domain,
        title: `${project}服务包`,
        description: `${name}提供的${DOMAINS[domain].label}服务：${project}。由${staff}名工作人员执行，按季度向社区反馈服务成效。`,
        priceMinFen: minYuan * 100,
        priceMaxFen: maxYuan * 100,
        annualBeneficiaries: roundTo(rnd.int(30, filed ? 300 : 3000), 10),
        createdAt: new Date(YEAR_START).toISOString(),
      });
    }
  }

  // Needs: mostly published, a few drafts, closed or withdrawn; budgets 20k–300k yuan,
  // most of them small (the 4th fair's 2,100 projects shared a little over 70M yuan).
  const needs: Row[] = [];
  for (let i = 0; i < options.needs; i++) {
    const district = rnd.weighted(districtWeights);
    const community = rnd.pick(communitiesByDistrict.get(district.name)!);
    const domain = rnd.weighted(domainWeights);
    const vocabulary = DOMAINS[domain];
    const project = rnd.pick(vocabulary.projects);
    const band = rnd.weighted([
      [[20_000, 40_000], 90],
      [[40_000, 100_000], 8],
      [[100_000, 300_000], 2],
    ] as const);
    const budgetYuan = roundTo(band[0] + rnd.next() * (band[1] - band[0]), 500);
    const starts = Date.UTC(2026, 2, 1) + rnd.int(0, 420) * DAY; // March 2026 .. April 2027
    const months = rnd.pick([3, 6, 6, 9, 12, 12]);
    const ends = Math.min(Date.UTC(2027, 11, 31), starts + months * 30 * DAY);
    const beneficiaries = roundTo(rnd.int(20, 1500), 5);
    const status = rnd.weighted([
      ['PUBLISHED', 88],
      ['DRAFT', 6],
      ['CLOSED', 3],
      ['WITHDRAWN', 3],
    ] as const);
    const created = YEAR_START + Math.floor(rnd.next() * (YEAR_END - YEAR_START));
    const place = rnd.near(community.lat as number, community.lng as number, 0.3);
    needs.push({
      id: ids.uuid(),
      communityId: community.id,
      district: district.name,
      // "锁金村社区" + "社区读书会" reads "锁金村社区读书会", not "...社区社区读书会".
      title: `${community.name as string}${project.replace(/^社区/, '')}项目`,
      description: `面向${community.name as string}（${district.name}${community.street as string}）约${beneficiaries}名${vocabulary.beneficiaries}，开展${project}，服务周期${months}个月。需定期入户或集中活动，按月提交服务记录。`,
      domain,
      beneficiaries,
      budgetFen: budgetYuan * 100,
      fundingSource: rnd.weighted(FUNDING),
      minGrade: rnd.weighted(MIN_GRADES),
      startsOn: isoDate(starts),
      endsOn: isoDate(ends),
      lat: place.lat,
      lng: place.lng,
      status,
      fairId: null,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created).toISOString(),
    });
  }

  // The fair: the published needs among the first `fairNeeds`, and one open session
  // per zone with a slice of them on the table until the bid deadline a week ahead.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const fair: Row = {
    id: ids.uuid(),
    name: '第四届南京社区暨社会公益服务项目洽谈会',
    city: '南京',
    startsOn: isoDate(today),
    endsOn: isoDate(today + 14 * DAY),
    status: 'OPEN',
    createdBy: null,
    createdAt: new Date(today).toISOString(),
  };
  const fairNeeds = needs.slice(0, options.fairNeeds).filter((n) => n.status === 'PUBLISHED');
  for (const need of fairNeeds) need.fairId = fair.id;
  const deadline = new Date(Math.ceil((now.getTime() + 7 * DAY) / 3_600_000) * 3_600_000).toISOString();
  const taken = new Set<unknown>();
  const sessionPlans: Array<{ zone: string; title: string; take: (n: Row) => boolean; limit: number }> = [
    { zone: 'DISTRICT_PROJECTS', title: '区街项目区 · 玄武区专场', take: (n) => n.district === '玄武区', limit: 120 },
    { zone: 'BRAND_ORGANIZATIONS', title: '品牌机构区 · 养老服务专场', take: (n) => n.domain === ServiceDomain.ELDERLY_CARE, limit: 80 },
    {
      zone: 'NEGOTIATION',
      title: '洽谈发布区 · 助残与社区康复专场',
      take: (n) => n.domain === ServiceDomain.DISABILITY_SUPPORT || n.domain === ServiceDomain.COMMUNITY_REHABILITATION,
      limit: 60,
    },
    {
      zone: 'ACTIVITY_EXPERIENCE',
      title: '活动体验区 · 文体与志愿服务专场',
      take: (n) => n.domain === ServiceDomain.CULTURE_SPORTS || n.domain === ServiceDomain.VOLUNTEER_SERVICE,
      limit: 60,
    },
    { zone: 'EXHIBITION', title: '综合展示区 · 开幕推介专场', take: () => true, limit: 40 },
  ];
  const sessions: Row[] = [];
  const sessionNeeds: Row[] = [];
  for (const plan of sessionPlans) {
    const session = {
      id: ids.uuid(),
      fairId: fair.id,
      title: plan.title,
      zone: plan.zone,
      status: 'OPEN',
      bidDeadline: deadline,
      createdAt: new Date(today).toISOString(),
      updatedAt: new Date(today).toISOString(),
    };
    sessions.push(session);
    let onTable = 0;
    for (const need of fairNeeds) {
      if (onTable >= plan.limit) break;
      if (taken.has(need.id) || !plan.take(need)) continue;
      taken.add(need.id);
      sessionNeeds.push({ sessionId: session.id, needId: need.id });
      onTable++;
    }
  }

  return { communities, organizations, offerings, needs, fair, sessions, sessionNeeds };
}
