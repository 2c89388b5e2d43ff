import { SERVICE_DOMAINS, ServiceDomain } from '@app/reference-data';
import { domainFit, RELATED_DOMAIN_FIT, RELATED_DOMAINS } from './domains';

describe('RELATED_DOMAINS', () => {
  it('is symmetric', () => {
    for (const a of SERVICE_DOMAINS) for (const b of RELATED_DOMAINS[a]) expect(RELATED_DOMAINS[b]).toContain(a);
  });

  it('never relates a domain to itself', () => {
    for (const a of SERVICE_DOMAINS) expect(RELATED_DOMAINS[a]).not.toContain(a);
  });

  it('gives every one of the 16 domains at least one related domain', () => {
    expect(SERVICE_DOMAINS).toHaveLength(16);
    for (const a of SERVICE_DOMAINS) expect(RELATED_DOMAINS[a].length).toBeGreaterThan(0);
  });

  it('holds the pairs the product names', () => {
    expect(RELATED_DOMAINS[ServiceDomain.HOSPICE_CARE]).toContain(ServiceDomain.ELDERLY_CARE);
    expect(RELATED_DOMAINS[ServiceDomain.LEFT_BEHIND_CHILDREN]).toContain(ServiceDomain.MINOR_PROTECTION);
    expect(RELATED_DOMAINS[ServiceDomain.DISABILITY_SUPPORT]).toContain(ServiceDomain.COMMUNITY_REHABILITATION);
    expect(RELATED_DOMAINS[ServiceDomain.COMMUNITY_CORRECTION]).toContain(ServiceDomain.DRUG_PREVENTION);
    expect(RELATED_DOMAINS[ServiceDomain.MIGRANT_SERVICES]).toContain(ServiceDomain.EMPLOYMENT_TRAINING);
    expect(RELATED_DOMAINS[ServiceDomain.CULTURE_SPORTS]).toContain(ServiceDomain.COMMUNITY_EDUCATION);
    expect(RELATED_DOMAINS[ServiceDomain.MEDIATION_GOVERNANCE]).toContain(ServiceDomain.PUBLIC_SAFETY);
  });
});

describe(domainFit.name, () => {
  it('scores the asked-for domain 1, a related one lower, an unrelated one 0', () => {
    expect(domainFit(ServiceDomain.ELDERLY_CARE, ServiceDomain.ELDERLY_CARE)).toBe(1);
    expect(domainFit(ServiceDomain.ELDERLY_CARE, ServiceDomain.HOSPICE_CARE)).toBe(RELATED_DOMAIN_FIT);
    expect(RELATED_DOMAIN_FIT).toBeLessThan(1);
    expect(domainFit(ServiceDomain.ELDERLY_CARE, ServiceDomain.DRUG_PREVENTION)).toBe(0);
  });
});
