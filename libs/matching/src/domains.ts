import { SERVICE_DOMAINS, ServiceDomain } from '@app/reference-data';

/** Domain component of an offering in a related (not the asked-for) domain; exact domain = 1. */
export const RELATED_DOMAIN_FIT = 0.5;

/**
 * The one place that says which service domains are close enough for an organization to serve a
 * need outside its own catalogue line. Undirected: each row is read both ways. A row belongs here
 * only when the two services share their beneficiaries AND most of the skills; sharing one of the
 * two is not enough (e.g. elderly care and disability support share skills, not beneficiaries).
 */
export const RELATED_DOMAIN_PAIRS: ReadonlyArray<readonly [ServiceDomain, ServiceDomain]> = [
  // End-of-life care is mostly for the elderly; home-care teams already visit the same households.
  [ServiceDomain.HOSPICE_CARE, ServiceDomain.ELDERLY_CARE],
  // Rehabilitation in the community serves frail elderly people alongside disabled residents.
  [ServiceDomain.ELDERLY_CARE, ServiceDomain.COMMUNITY_REHABILITATION],
  // Left-behind children are minors under the same guardianship and protection duties.
  [ServiceDomain.LEFT_BEHIND_CHILDREN, ServiceDomain.MINOR_PROTECTION],
  // The same families: parents work in the city, their children are left behind or came along.
  [ServiceDomain.LEFT_BEHIND_CHILDREN, ServiceDomain.MIGRANT_SERVICES],
  // Disability support and community rehabilitation are run by the same 残联-linked teams.
  [ServiceDomain.DISABILITY_SUPPORT, ServiceDomain.COMMUNITY_REHABILITATION],
  // Both are judicial-social-work caseloads (社区矫正 and 社区戒毒/康复), often the same clients.
  [ServiceDomain.COMMUNITY_CORRECTION, ServiceDomain.DRUG_PREVENTION],
  // Drug prevention is part of 平安建设 work at street level.
  [ServiceDomain.DRUG_PREVENTION, ServiceDomain.PUBLIC_SAFETY],
  // Migrant workers' most frequent request is skills and job placement.
  [ServiceDomain.MIGRANT_SERVICES, ServiceDomain.EMPLOYMENT_TRAINING],
  // Skills training is adult education delivered through the community school.
  [ServiceDomain.EMPLOYMENT_TRAINING, ServiceDomain.COMMUNITY_EDUCATION],
  // Community culture and sports activities are organized by the same community-education staff.
  [ServiceDomain.CULTURE_SPORTS, ServiceDomain.COMMUNITY_EDUCATION],
  // Dispute mediation (调解) and grid-based public safety (平安建设) are one street-governance job.
  [ServiceDomain.MEDIATION_GOVERNANCE, ServiceDomain.PUBLIC_SAFETY],
  // Charity relief is delivered through volunteer teams; volunteer services organize giving.
  [ServiceDomain.CHARITY_RELIEF, ServiceDomain.VOLUNTEER_SERVICE],
];

/** Symmetric adjacency derived from RELATED_DOMAIN_PAIRS; every domain has an entry (possibly empty). */
export const RELATED_DOMAINS: Readonly<Record<ServiceDomain, readonly ServiceDomain[]>> = buildRelatedDomains();

function buildRelatedDomains(): Record<ServiceDomain, readonly ServiceDomain[]> {
  const related = {} as Record<ServiceDomain, ServiceDomain[]>;
  for (const domain of SERVICE_DOMAINS) related[domain] = [];
  for (const [a, b] of RELATED_DOMAIN_PAIRS) {
    if (a === b) throw new Error(`RELATED_DOMAIN_PAIRS: ${a} is related to itself`);
    if (related[a].includes(b)) throw new Error(`RELATED_DOMAIN_PAIRS: ${a}~${b} listed twice`);
    related[a].push(b);
    related[b].push(a);
  }
  for (const domain of SERVICE_DOMAINS) Object.freeze(related[domain].sort());
  return Object.freeze(related);
}

/** Domain component: 1 for the asked-for domain, RELATED_DOMAIN_FIT for a related one, else 0 (ineligible). */
export function domainFit(needDomain: ServiceDomain, offeringDomain: ServiceDomain): number {
  if (needDomain === offeringDomain) return 1;
  return RELATED_DOMAINS[needDomain]?.includes(offeringDomain) ? RELATED_DOMAIN_FIT : 0;
}

/** Dense index of the domains for the typed-array hot path; unknown domains map to -1. */
export const DOMAIN_COUNT = SERVICE_DOMAINS.length;
const DOMAIN_INDEX = new Map<string, number>(SERVICE_DOMAINS.map((d, i) => [d, i]));
export function domainIndex(domain: string): number {
  return DOMAIN_INDEX.get(domain) ?? -1;
}

/** fit[needDomainIndex * DOMAIN_COUNT + offeringDomainIndex], the same numbers as domainFit(). */
export const DOMAIN_FIT_MATRIX: Float64Array = (() => {
  const fit = new Float64Array(DOMAIN_COUNT * DOMAIN_COUNT);
  SERVICE_DOMAINS.forEach((need, n) => SERVICE_DOMAINS.forEach((offered, o) => (fit[n * DOMAIN_COUNT + o] = domainFit(need, offered))));
  return fit;
})();
