import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { isEligible } from './eligibility';
import { auctionAssignment } from './assignment/auction';
import { buildMatchGraph } from './match-graph';
import { collectResults, runMatching, scoreNeedsForOrganization, scorePair, streamMatching } from './run-matching';
import { aBid, aNeed, anOrganization } from './testing/fixtures';
import { generateInstance } from './testing/instance-generator';
import { denseInstance, mulberry32, shuffled } from './testing/random-problems';
import { BidInput, MatchProposalResult, MatchResult, NeedInput, OrganizationInput } from './types';

/** Best total over eligible pairs by exhaustive search, scored independently pair by pair. */
function exhaustiveBest(needs: NeedInput[], organizations: OrganizationInput[], bids: BidInput[]): number {
  const options = needs.map((need) =>
    organizations.flatMap((org, j) => (isEligible(need, org, bids) ? [{ j, score: scorePair(need, org, bids)!.score }] : [])),
  );
  const left = organizations.map((o) => Math.max(0, Math.floor(o.freeCapacity)));
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (i === needs.length) {
      best = Math.max(best, total);
      return;
    }
    visit(i + 1, total);
    for (const { j, score } of options[i]) {
      if (left[j] === 0) continue;
      left[j]--;
      visit(i + 1, total + score);
      left[j]++;
    }
  };
  visit(0, 0);
  return best;
}

function withoutTimings(result: MatchResult): Omit<MatchResult, 'timingsMs'> {
  const { timingsMs: _ignored, ...rest } = result;
  return rest;
}

describe(runMatching.name, () => {
  it('finds the best total over all eligible pairs on 300 random small markets (exhaustive search)', () => {
    const random = mulberry32(12);
    for (let round = 0; round < 300; round++) {
      const { needs, organizations, bids } = denseInstance(random, 1 + Math.floor(random() * 7), 1 + Math.floor(random() * 5));
      const result = runMatching(needs, organizations, bids, { topK: 2 });
      expect(Math.abs(result.totalScore - exhaustiveBest(needs, organizations, bids))).toBeLessThan(1e-8);
    }
  });

  it('gives each need at most one organization and no organization more needs than its free capacity', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 800, organizations: 150, seed: 3 });
    const result = runMatching(needs, organizations, bids);
    const perNeed = new Map<string, number>();
    const perOrg = new Map<string, number>();
    for (const a of result.assignment) {
      perNeed.set(a.needId, (perNeed.get(a.needId) ?? 0) + 1);
      perOrg.set(a.organizationId, (perOrg.get(a.organizationId) ?? 0) + 1);
    }
    for (const count of perNeed.values()) expect(count).toBe(1);
    for (const org of organizations) expect(perOrg.get(org.id) ?? 0).toBeLessThanOrEqual(org.freeCapacity);
    expect(result.assignedCount).toBe(result.assignment.length);
    expect(result.totalScore).toBeCloseTo(
      result.assignment.reduce((s, a) => s + a.score, 0),
      9,
    );
  });

  it('keeps the top-K per need by (score desc, organization id asc), ranked 1..n, plus every assigned pair', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 400, organizations: 120, seed: 4 });
    const topK = 3;
    const result = runMatching(needs, organizations, bids, { topK });
    const byNeed = new Map<string, typeof result.proposals>();
    for (const p of result.proposals) byNeed.set(p.needId, [...(byNeed.get(p.needId) ?? []), p]);
    const assigned = new Map(result.assignment.map((a) => [a.needId, a.organizationId]));
    // Every eligible pair, scored one organization at a time (independently of the run).
    const allByNeed = new Map<string, { organizationId: string; score: number }[]>();
    for (const org of organizations) {
      for (const p of scoreNeedsForOrganization(org, needs, bids)) allByNeed.set(p.needId, [...(allByNeed.get(p.needId) ?? []), p]);
    }
    let outsideTopK = 0;
    for (const need of needs) {
      const kept = byNeed.get(need.id) ?? [];
      expect(kept.map((p) => p.rank)).toEqual(kept.map((_, k) => k + 1));
      const all = (allByNeed.get(need.id) ?? []).sort((a, b) => b.score - a.score || (a.organizationId < b.organizationId ? -1 : 1));
      const top = all.slice(0, topK).map((p) => p.organizationId);
      expect(kept.slice(0, top.length).map((p) => p.organizationId)).toEqual(top);
      const assignedOrg = assigned.get(need.id);
      expect(kept.filter((p) => p.assigned).map((p) => p.organizationId)).toEqual(assignedOrg ? [assignedOrg] : []);
      if (assignedOrg && !top.includes(assignedOrg)) {
        outsideTopK++;
        expect(kept).toHaveLength(topK + 1);
        expect(kept[topK].organizationId).toBe(assignedOrg);
      } else {
        expect(kept).toHaveLength(top.length);
      }
    }
    expect(outsideTopK).toBeGreaterThan(0); // the case is exercised
  });

  it('keeps only the assigned pairs with topK = 0', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 200, organizations: 60, seed: 6 });
    const result = runMatching(needs, organizations, bids, { topK: 0 });
    expect(result.proposals.every((p) => p.assigned && p.rank === 1)).toBe(true);
    expect(result.proposals).toHaveLength(result.assignedCount);
  });

  it('returns the same result for shuffled input (needs, organizations, offerings, bids)', () => {
    const random = mulberry32(5);
    const { needs, organizations, bids } = generateInstance({ needs: 600, organizations: 150, seed: 8 });
    const expected = withoutTimings(runMatching(needs, organizations, bids));
    for (let round = 0; round < 3; round++) {
      const orgs = shuffled(random, organizations).map((o) => ({ ...o, offerings: shuffled(random, o.offerings) }));
      expect(withoutTimings(runMatching(shuffled(random, needs), orgs, shuffled(random, bids)))).toEqual(expected);
    }
  });

  it('carries the bid that priced each proposal and a breakdown that explains the score', () => {
    const result = runMatching([aNeed()], [anOrganization()], [aBid({ priceFen: 7_000_000 })]);
    expect(result.proposals).toHaveLength(1);
    const [proposal] = result.proposals;
    expect(proposal).toMatchObject({ needId: 'need-1', organizationId: 'org-1', bidId: 'bid-1', rank: 1, assigned: true });
    expect(proposal.breakdown.price).toBeCloseTo(0.3, 12);
    expect(result.assignment).toEqual([{ needId: 'need-1', organizationId: 'org-1', score: proposal.score }]);
  });

  it('counts as pairs scored exactly the eligible pairs', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 300, organizations: 100, seed: 10 });
    let eligible = 0;
    for (const need of needs) for (const org of organizations) if (isEligible(need, org, bids)) eligible++;
    expect(runMatching(needs, organizations, bids).pairsScored).toBe(eligible);
  });

  it('reports progress a handful of times, rising to 1', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 2_000, organizations: 300, seed: 2 });
    const seen: number[] = [];
    runMatching(needs, organizations, bids, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBeLessThanOrEqual(40);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('rejects invalid weights, a bad topK and duplicate ids', () => {
    expect(() => runMatching([aNeed()], [anOrganization()], [], { weights: { grade: -1 } })).toThrow(/"grade"/);
    expect(() => runMatching([aNeed()], [anOrganization()], [], { topK: 1.5 })).toThrow(/topK/);
    expect(() => runMatching([aNeed(), aNeed()], [anOrganization()], [])).toThrow(/duplicate need id need-1/);
  });

  it('handles an empty market', () => {
    const result = runMatching([], [], []);
    expect(withoutTimings(result)).toEqual({
      proposals: [],
      assignment: [],
      pairsScored: 0,
      assignedCount: 0,
      totalScore: 0,
      eligibility: { pairsByOrganization: [], candidatesByNeed: [] },
    });
  });
});

describe(streamMatching.name, () => {
  it("hands over each block's proposals before the assignment; with the assigned positions and extra pairs they are the run's proposals", () => {
    const { needs, organizations, bids } = generateInstance({ needs: 400, organizations: 120, seed: 4 });
    const topK = 3;
    const streamed: MatchProposalResult[] = [];
    const events: string[] = [];
    const result = streamMatching(needs, organizations, bids, {
      topK,
      onProposals: (block) => {
        events.push('block');
        for (const p of block) streamed.push({ ...p });
      },
      onProgress: (f) => events.push(f > 0.5 ? 'assigning' : 'scoring'),
    });
    expect(events.filter((e) => e === 'block').length).toBeGreaterThan(1); // 400 needs: several blocks
    expect(events.lastIndexOf('block')).toBeLessThan(events.indexOf('assigning')); // every block before the assignment ends
    expect(streamed.every((p) => !p.assigned)).toBe(true);

    // The same graph solved and described in one go, independently of the stream.
    const graph = buildMatchGraph(needs, organizations, bids, { topK });
    const expected = collectResults(graph, auctionAssignment(graph).needPair);
    expect(result.extraProposals.length).toBeGreaterThan(0); // assigned pairs outside the top-K are exercised
    for (const at of result.assignedPositions) streamed[at].assigned = true;
    const merged: MatchProposalResult[] = [];
    let next = 0;
    for (const { proposal, before } of result.extraProposals) {
      merged.push(...streamed.slice(next, before), proposal);
      next = before;
    }
    merged.push(...streamed.slice(next));
    expect(merged).toEqual(expected.proposals);
    expect(result.totalScore).toBe(expected.totalScore);
    expect(runMatching(needs, organizations, bids, { topK }).proposals).toEqual(expected.proposals);
  });
});

describe(scoreNeedsForOrganization.name, () => {
  it('scores the eligible needs best first, with the scores of a run', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 300, organizations: 40, seed: 12 });
    const run = runMatching(needs, organizations, bids, { topK: 1_000 });
    for (const org of organizations.slice(0, 10)) {
      const scored = scoreNeedsForOrganization(org, needs, bids);
      for (let k = 1; k < scored.length; k++) {
        const [a, b] = [scored[k - 1], scored[k]];
        expect(a.score > b.score || (a.score === b.score && a.needId < b.needId)).toBe(true);
      }
      const fromRun = run.proposals.filter((p) => p.organizationId === org.id).map((p) => [p.needId, p.score]);
      expect(new Map(scored.map((p) => [p.needId, p.score]))).toEqual(new Map(fromRun as [string, number][]));
    }
  });

  it('leaves out needs the organization may not serve', () => {
    const org = anOrganization({ grade: EvaluationGrade.A2 });
    const needs = [
      aNeed({ id: 'a' }),
      aNeed({ id: 'b', minGrade: EvaluationGrade.UNRATED }),
      aNeed({ id: 'c', minGrade: EvaluationGrade.A1, domain: ServiceDomain.DRUG_PREVENTION }),
    ];
    expect(scoreNeedsForOrganization(org, needs, []).map((p) => p.needId)).toEqual(['b']);
  });
});
