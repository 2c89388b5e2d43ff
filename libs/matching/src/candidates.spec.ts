import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { isEligible } from './eligibility';
import { buildMatchGraph } from './match-graph';
import { aNeed, anOrganization } from './testing/fixtures';
import { generateInstance } from './testing/instance-generator';

/** The eligible pairs found by brute force over all pairs, as "needIndex:orgIndex" in id order. */
function bruteForcePairs(
  needs: ReturnType<typeof generateInstance>['needs'],
  organizations: ReturnType<typeof generateInstance>['organizations'],
  bids: ReturnType<typeof generateInstance>['bids'],
): string[] {
  const sortedNeeds = [...needs].sort((a, b) => (a.id < b.id ? -1 : 1));
  const sortedOrgs = [...organizations].sort((a, b) => (a.id < b.id ? -1 : 1));
  const pairs: string[] = [];
  sortedNeeds.forEach((need, i) => sortedOrgs.forEach((org, j) => isEligible(need, org, bids) && pairs.push(`${i}:${j}`)));
  return pairs;
}

function graphPairs(graph: ReturnType<typeof buildMatchGraph>): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < graph.needCount; i++) for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) pairs.push(`${i}:${graph.pairOrg[p]}`);
  return pairs;
}

describe('candidate generation', () => {
  it('finds exactly the eligible pairs of a Nanjing instance, rows in organization id order', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 600, organizations: 250, seed: 21 });
    expect(graphPairs(buildMatchGraph(needs, organizations, bids))).toEqual(bruteForcePairs(needs, organizations, bids));
  });

  it('reaches organizations with a very large or a zero radius, and needs at the edge of a grid cell', () => {
    const need = aNeed({ minGrade: EvaluationGrade.UNRATED });
    const organizations = [
      anOrganization({ id: 'far-wide', lat: need.lat + 0.8, serviceRadiusKm: 120 }), // ~89 km away, 120 km radius
      anOrganization({ id: 'at-door', lat: need.lat, lng: need.lng, serviceRadiusKm: 0 }),
      anOrganization({ id: 'too-far', lat: need.lat + 0.8, serviceRadiusKm: 80 }),
      anOrganization({ id: 'other-domain', offerings: [{ domain: ServiceDomain.DRUG_PREVENTION, priceMinFen: 1, priceMaxFen: 1, annualBeneficiaries: 1 }] }),
    ];
    const needs = [need, aNeed({ id: 'need-2', lat: 32.1, lng: 118.8, minGrade: EvaluationGrade.UNRATED })];
    expect(graphPairs(buildMatchGraph(needs, organizations, []))).toEqual(bruteForcePairs(needs, organizations, []));
    const graph = buildMatchGraph([need], organizations, []);
    const reached = Array.from(graph.pairOrg, (j) => graph.input.organizations[j].id).sort();
    expect(reached).toEqual(['at-door', 'far-wide']);
  });
});
