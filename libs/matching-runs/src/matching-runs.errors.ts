import { badInput, conflict, CoreErrorReason, forbidden, notFound } from '@app/core';

/** Why the matching-runs context refuses: `extensions.reason` of its errors. */
export enum MatchingRunsErrorReason {
  /** runMatching: a weight is not a finite number >= 0, or all are 0 (`extensions.field` names it). */
  INVALID_WEIGHT = 'INVALID_WEIGHT',
  /** runMatching: the session is still OPEN or already CLOSED: runs need CLOSED_FOR_BIDS or MATCHED. */
  SESSION_NOT_CLOSED_FOR_BIDS = 'SESSION_NOT_CLOSED_FOR_BIDS',
  /** proposals: the filter names nothing to narrow the question. */
  EMPTY_PROPOSAL_FILTER = 'EMPTY_PROPOSAL_FILTER',
  /** proposals: only organizers, communities and organizations read proposals. */
  PROPOSALS_NOT_READABLE = 'PROPOSALS_NOT_READABLE',
  /** recommendedNeeds: only an organization gets recommended needs. */
  NOT_AN_ORGANIZATION = 'NOT_AN_ORGANIZATION',
  /** acceptProposal, declineProposal: no proposal with that id. */
  PROPOSAL_NOT_FOUND = 'PROPOSAL_NOT_FOUND',
}

const R = MatchingRunsErrorReason;

export const MatchingRunsErrors = {
  unknownCursor: () => badInput('after', 'must be the id of a proposal returned by this API', CoreErrorReason.INVALID_CURSOR),
  badWeight: (key: string, message: string) => badInput(key === 'weights' ? 'weights' : `weights.${key}`, message, R.INVALID_WEIGHT),
  sessionNotClosed: (sessionId: string, status: string) =>
    conflict(`Session ${sessionId} is ${status}: matching runs once bidding is closed (CLOSED_FOR_BIDS or MATCHED)`, { status }, R.SESSION_NOT_CLOSED_FOR_BIDS),
  emptyFilter: () => badInput('filter', 'give at least one of runId, sessionId, needId, organizationId, assignedOnly', R.EMPTY_PROPOSAL_FILTER),
  proposalsNotReadable: () => forbidden('Only organizers, communities and organizations read proposals', R.PROPOSALS_NOT_READABLE),
  notAnOrganization: () => forbidden('Only an organization gets recommended needs', R.NOT_AN_ORGANIZATION),
  proposalNotFound: (id: string) => notFound('MatchProposal', id, R.PROPOSAL_NOT_FOUND),
};
