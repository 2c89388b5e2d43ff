import { isUuid } from '@app/core';
import { DirectoryService } from '@app/directory';
import { FairsService, SessionsService } from '@app/fairs';
import {
  domainFit,
  fairnessFigures,
  FairnessFigures,
  haversineKm,
  InvalidWeightsError,
  isEligible,
  MatchWeights,
  NeedInput,
  OrganizationInput,
  resolveWeights,
  usableCapacity,
  WhatIfOutcome,
} from '@app/matching';
import { MatchingRunsService, MatchRunEntity, MatchWeightsInput, ProposalsService, RunStatus, SessionInputs } from '@app/matching-runs';
import { NeedsService, ServiceNeedEntity } from '@app/needs';
import { NANJING_DISTRICTS, ServiceDomain } from '@app/reference-data';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InsightErrors } from './insight.errors';
import { WhatIfThread } from './what-if/what-if-runner';

export interface GapCellFigures {
  domain: ServiceDomain;
  district: string;
  needs: number;
  unassigned: number;
  withoutCandidate: number;
  budgetFen: number;
  organizations: number;
  freeCapacity: number;
}

/** The latest SUCCEEDED run of each session (by finish time), among runs of any sessions. */
export function latestSucceededRuns(runs: readonly MatchRunEntity[]): MatchRunEntity[] {
  const latest = new Map<string, MatchRunEntity>();
  for (const run of runs) {
    if (run.status !== RunStatus.SUCCEEDED || !run.sessionId) continue;
    const kept = latest.get(run.sessionId);
    const at = (r: MatchRunEntity) => (r.finishedAt ?? r.createdAt).getTime();
    if (!kept || at(run) > at(kept)) latest.set(run.sessionId, run);
  }
  return [...latest.values()];
}

export const needInputOf = (n: ServiceNeedEntity): NeedInput => ({
  id: n.id,
  domain: n.domain,
  lat: n.lat,
  lng: n.lng,
  beneficiaries: n.beneficiaries,
  budgetFen: n.budgetFen,
  minGrade: n.minGrade,
});

/**
 * The gap map's cells from plain facts: every (domain, district) with needs. A need is
 * unassigned when `assignedNeedIds` (the latest succeeded run of each session) does not hold
 * it (never matched included); an unassigned need is without candidate when no organization
 * with a free slot is eligible for it today (the engine's rule, bids aside), so
 * withoutCandidate <= unassigned <= needs. Supply of a cell: the organizations offering the domain
 * or a related one whose service radius reaches the district (its centre, or where its
 * needs lie when the district is not one of Nanjing's), with their free capacity.
 * "Recruit here" cells (needs without any candidate) first, then the most unassigned.
 */
export function gapCells(
  needs: readonly ServiceNeedEntity[],
  organizations: readonly OrganizationInput[],
  assignedNeedIds: ReadonlySet<string>,
): GapCellFigures[] {
  const cells = new Map<string, GapCellFigures & { lat: number; lng: number }>();
  for (const need of needs) {
    const key = `${need.domain}|${need.district}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        domain: need.domain,
        district: need.district,
        needs: 0,
        unassigned: 0,
        withoutCandidate: 0,
        budgetFen: 0,
        organizations: 0,
        freeCapacity: 0,
        lat: 0,
        lng: 0,
      };
      cells.set(key, cell);
    }
    cell.needs++;
    cell.lat += need.lat;
    cell.lng += need.lng;
    if (assignedNeedIds.has(need.id)) continue;
    cell.unassigned++;
    cell.budgetFen += need.budgetFen;
    const input = needInputOf(need);
    if (!organizations.some((o) => isEligible(input, o))) cell.withoutCandidate++;
  }
  const centres = new Map(NANJING_DISTRICTS.map((d) => [d.name, d]));
  const result: GapCellFigures[] = [];
  for (const cell of cells.values()) {
    const centre = centres.get(cell.district) ?? { lat: cell.lat / cell.needs, lng: cell.lng / cell.needs };
    for (const o of organizations) {
      if (!o.offerings.some((offering) => domainFit(cell.domain, offering.domain) > 0)) continue;
      if (!(haversineKm(centre.lat, centre.lng, o.lat, o.lng) <= o.serviceRadiusKm)) continue;
      cell.organizations++;
      cell.freeCapacity += usableCapacity(o.freeCapacity);
    }
    const { domain, district, needs: count, unassigned, withoutCandidate, budgetFen, organizations: reaching, freeCapacity } = cell;
    result.push({ domain, district, needs: count, unassigned, withoutCandidate, budgetFen, organizations: reaching, freeCapacity });
  }
  return result.sort(
    (a, b) =>
      b.withoutCandidate - a.withoutCandidate ||
      b.unassigned - a.unassigned ||
      (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0) ||
      (a.district < b.district ? -1 : a.district > b.district ? 1 : 0),
  );
}

/**
 * What the market did and would do: a run's fairness report from what the run stored (its
 * proposals and the facts it saw), the gap map of a fair, and what-if comparisons of
 * weightings on a session's current data, solved in a thread of their own.
 */
@Injectable()
export class InsightService implements OnModuleDestroy {
  private readonly thread = new WhatIfThread();

  constructor(
    private readonly runs: MatchingRunsService,
    private readonly proposals: ProposalsService,
    private readonly fairs: FairsService,
    private readonly sessions: SessionsService,
    private readonly needs: NeedsService,
    private readonly directory: DirectoryService,
    private readonly sessionInputs: SessionInputs,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.thread.close();
  }

  async fairnessReport(runId: string): Promise<{ run: MatchRunEntity; figures: FairnessFigures }> {
    const run = isUuid(runId) ? await this.runs.findRun(runId) : null;
    if (!run) throw InsightErrors.runNotFound(runId);
    if (run.status !== RunStatus.SUCCEEDED) throw InsightErrors.runNotSucceeded(run.id, run.status);
    const [{ supply, demand }, assignment] = await Promise.all([this.runs.runFacts(run.id), this.proposals.assignedOfRuns([run.id])]);
    // Every run writes a fact per need it took; none at all means the run predates the facts.
    if (demand.length === 0 && (run.assignedCount > 0 || run.proposalsCreated > 0)) throw InsightErrors.runFactsMissing(run.id);
    const figures = fairnessFigures(
      demand.map((d) => ({ needId: d.needId, district: d.district, candidates: d.candidates })),
      supply.map((s) => ({ organizationId: s.organizationId, form: s.form, grade: s.grade, newcomer: s.newcomer, eligiblePairs: s.eligiblePairs })),
      assignment,
    );
    return { run, figures };
  }

  async gapMap(fairId: string): Promise<{ fair: Awaited<ReturnType<FairsService['get']>>; cells: GapCellFigures[] }> {
    const fair = await this.fairs.get(fairId);
    const [needs, sessions, organizations] = await Promise.all([
      this.sessions.needIdsOnTablesOfFair(fair.id).then((onTables) => this.needs.readableOfFair(null, fair.id, onTables)),
      this.sessions.sessionsOfFairs([fair.id]),
      this.directory.matchingCandidates(),
    ]);
    const runs = latestSucceededRuns(await this.runs.runsOfSessions(sessions.map((s) => s.id)));
    const assigned = await this.proposals.assignedOfRuns(runs.map((r) => r.id));
    return { fair, cells: gapCells(needs, organizations, new Set(assigned.map((a) => a.needId))) };
  }

  /** Each weight set solved exactly on the session's data as a run would read it now; nothing is written. */
  async whatIf(sessionId: string, weightSets: readonly MatchWeightsInput[]): Promise<WhatIfOutcome[]> {
    const partials = weightSets.map((input, index) => {
      const partial: Partial<MatchWeights> = {};
      for (const [key, value] of Object.entries(input ?? {})) if (value !== undefined && value !== null) partial[key as keyof MatchWeights] = value as number;
      try {
        return resolveWeights(partial);
      } catch (error) {
        if (error instanceof InvalidWeightsError) throw InsightErrors.badWeights(index, error.key, error.message);
        throw error;
      }
    });
    const session = await this.sessions.get(sessionId);
    const { needs, organizations, bids } = await this.sessionInputs.read(session.id);
    return this.thread.compare(needs, organizations, bids, partials);
  }
}
