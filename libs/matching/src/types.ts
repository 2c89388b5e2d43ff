import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { MatchWeights } from './weights';

/** A community's open service need, as the matching engine sees it. Money is integer fen. */
export interface NeedInput {
  id: string;
  domain: ServiceDomain;
  lat: number;
  lng: number;
  beneficiaries: number;
  budgetFen: number;
  minGrade: EvaluationGrade;
}

/** One line of an organization's service catalogue. */
export interface OfferingInput {
  domain: ServiceDomain;
  priceMinFen: number;
  priceMaxFen: number;
  annualBeneficiaries: number;
}

export interface OrganizationInput {
  id: string;
  lat: number;
  lng: number;
  serviceRadiusKm: number;
  grade: EvaluationGrade;
  /** maxConcurrentProjects - activeProjects; fractions are floored, <= 0 means no capacity. */
  freeCapacity: number;
  /** maxConcurrentProjects. */
  maxCapacity: number;
  /** Mean evaluation 0..100; null = never evaluated (scored with a neutral prior). */
  performanceScore: number | null;
  offerings: OfferingInput[];
}

export interface BidInput {
  id: string;
  needId: string;
  organizationId: string;
  priceFen: number;
  /** SUBMITTED = live; WITHDRAWN / REJECTED = not live. */
  live: boolean;
}

/** Every component is in [0, 1]; `distanceKm` is the great-circle distance, for display. */
export interface ScoreBreakdown {
  domain: number;
  capacity: number;
  grade: number;
  distance: number;
  price: number;
  performance: number;
  distanceKm: number;
}

export interface ScoredPair {
  needId: string;
  organizationId: string;
  /** The live bid the price was judged from, or null when judged from the offering's range. */
  bidId: string | null;
  score: number;
  breakdown: ScoreBreakdown;
}

export interface MatchProposalResult extends ScoredPair {
  /** 1 = best for the need; contiguous 1..n over the proposals kept for that need. */
  rank: number;
  assigned: boolean;
}

export interface AssignedPair {
  needId: string;
  organizationId: string;
  score: number;
}

export interface MatchResult {
  /** Top-K per need by (score desc, organizationId asc), plus every assigned pair; ordered by needId, then rank. */
  proposals: MatchProposalResult[];
  /** Ordered by needId. */
  assignment: AssignedPair[];
  /** Eligible pairs scored (every one of them is an edge of the assignment problem). */
  pairsScored: number;
  assignedCount: number;
  /** Sum of the assigned pairs' scores. */
  totalScore: number;
  /** Who could serve what in this run (weights do not change it): the supply side of the fairness report. */
  eligibility: {
    /** Organizations with at least one eligible pair, with how many. */
    pairsByOrganization: { organizationId: string; eligiblePairs: number }[];
    /** Every need of the run with its number of eligible organizations (0 = nobody could serve it). */
    candidatesByNeed: { needId: string; candidates: number }[];
  };
  timingsMs: { candidates: number; scoring: number; assignment: number };
}

export interface MatchOptions {
  weights?: Partial<MatchWeights>;
  /** Proposals kept per need, default 10; 0 keeps only assigned pairs. */
  topK?: number;
  /**
   * Called a handful of times with overall progress in [0, 1], non-decreasing, ending at 1:
   * scoring covers 0..0.5 (per 10% of needs), assignment 0.5..1.
   */
  onProgress?: (fraction: number) => void;
}
