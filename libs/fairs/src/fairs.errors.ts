import { badInput, conflict, CoreErrorReason, DomainError, ErrorCode, forbidden, formatFen, notFound } from '@app/core';
import { IneligibilityReason } from '@app/matching';

/** Why the fairs context (fairs, sessions, bids) refuses: `extensions.reason` of its errors. */
export enum FairsErrorReason {
  /** No fair with that id. */
  FAIR_NOT_FOUND = 'FAIR_NOT_FOUND',
  /** No match session with that id. */
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  /** withdrawBid: no bid with that id. */
  BID_NOT_FOUND = 'BID_NOT_FOUND',
  /** createFair: endsOn before startsOn. */
  FAIR_PERIOD_INVERTED = 'FAIR_PERIOD_INVERTED',
  /** openSession: the bid deadline is not in the future (the database clock decides). */
  DEADLINE_NOT_IN_FUTURE = 'DEADLINE_NOT_IN_FUTURE',
  /** openSession: the fair is CLOSED. */
  FAIR_CLOSED = 'FAIR_CLOSED',
  /** openSession: some needIds name no need (`extensions.needIds`). */
  SESSION_NEEDS_NOT_FOUND = 'SESSION_NEEDS_NOT_FOUND',
  /** openSession: some needs belong to no or another fair. */
  SESSION_NEEDS_OF_OTHER_FAIR = 'SESSION_NEEDS_OF_OTHER_FAIR',
  /** openSession: some needs are not PUBLISHED (`extensions.needIds`). */
  SESSION_NEEDS_NOT_PUBLISHED = 'SESSION_NEEDS_NOT_PUBLISHED',
  /** openSession without needIds: the fair has no PUBLISHED need. */
  FAIR_HAS_NO_PUBLISHED_NEEDS = 'FAIR_HAS_NO_PUBLISHED_NEEDS',
  /** openSession with minResidentSupport: some needIds have no residents' review with that support (`extensions.needIds`), or, without needIds, no PUBLISHED need of the fair has. */
  SESSION_NEEDS_WITHOUT_SUPPORT = 'SESSION_NEEDS_WITHOUT_SUPPORT',
  /** closeBidding, closeSession: the session's status does not allow the move (`extensions.status`). */
  SESSION_STATUS_FORBIDS = 'SESSION_STATUS_FORBIDS',
  /** submitBid without sessionId: no OPEN session has the need on its table. */
  NEED_IN_NO_OPEN_SESSION = 'NEED_IN_NO_OPEN_SESSION',
  /** submitBid without sessionId: several OPEN sessions have the need: name one. */
  NEED_IN_SEVERAL_SESSIONS = 'NEED_IN_SEVERAL_SESSIONS',
  /** submitBid: the session given does not have the need on its table. */
  NEED_NOT_IN_SESSION = 'NEED_NOT_IN_SESSION',
  /** submitBid, withdrawBid: the session is no longer OPEN. */
  SESSION_NOT_OPEN = 'SESSION_NOT_OPEN',
  /** submitBid, withdrawBid: the session's bid deadline has passed. */
  BID_DEADLINE_PASSED = 'BID_DEADLINE_PASSED',
  /** submitBid: the need is not PUBLISHED (`extensions.status`). */
  NEED_NOT_OPEN_FOR_BIDS = 'NEED_NOT_OPEN_FOR_BIDS',
  /** submitBid: the price is above the need's budget. */
  PRICE_OVER_BUDGET = 'PRICE_OVER_BUDGET',
  /** submitBid: the organization already has a live bid on the need. */
  LIVE_BID_EXISTS = 'LIVE_BID_EXISTS',
  /** withdrawBid: only a SUBMITTED bid can be withdrawn (`extensions.status`). */
  BID_STATUS_FORBIDS = 'BID_STATUS_FORBIDS',
  /** Only an organization account bids. */
  NOT_AN_ORGANIZATION = 'NOT_AN_ORGANIZATION',
  /** An organization may withdraw only its own bids. */
  NOT_YOUR_BID = 'NOT_YOUR_BID',
  /** submitBid, not eligible (the matching engine's rule): no offering in the need's domain or a related one. */
  NO_MATCHING_OFFERING = IneligibilityReason.NO_MATCHING_OFFERING,
  /** submitBid, not eligible: the organization's evaluation grade is below the need's minimum grade. */
  GRADE_BELOW_MINIMUM = IneligibilityReason.GRADE_BELOW_MINIMUM,
  /** submitBid, not eligible: the organization has no free capacity for another project. */
  NO_FREE_CAPACITY = IneligibilityReason.NO_FREE_CAPACITY,
  /** submitBid, not eligible: the need lies outside the organization's service radius. */
  OUTSIDE_SERVICE_RADIUS = IneligibilityReason.OUTSIDE_SERVICE_RADIUS,
  /** Not eligible: the organization withdrew from this need. */
  BID_NOT_LIVE = IneligibilityReason.BID_NOT_LIVE,
  /** Not eligible: the bid's price exceeds the need's budget. */
  BID_OVER_BUDGET = IneligibilityReason.BID_OVER_BUDGET,
}

const R = FairsErrorReason;

const INELIGIBLE_TEXT: Record<IneligibilityReason, string> = {
  [IneligibilityReason.NO_MATCHING_OFFERING]: "no offering in the need's service domain or a related one",
  [IneligibilityReason.GRADE_BELOW_MINIMUM]: "the organization's evaluation grade is below the need's minimum grade",
  [IneligibilityReason.NO_FREE_CAPACITY]: 'the organization has no free capacity for another project',
  [IneligibilityReason.OUTSIDE_SERVICE_RADIUS]: "the need lies outside the organization's service radius",
  [IneligibilityReason.BID_NOT_LIVE]: 'the organization withdrew from this need',
  [IneligibilityReason.BID_OVER_BUDGET]: "the price exceeds the need's budget",
};

export const FairsErrors = {
  fairNotFound: (id: string) => notFound('Fair', id, R.FAIR_NOT_FOUND),
  sessionNotFound: (id: string) => notFound('MatchSession', id, R.SESSION_NOT_FOUND),
  bidNotFound: (id: string) => notFound('Bid', id, R.BID_NOT_FOUND),
  periodInverted: () => badInput('input.endsOn', 'must be on or after startsOn', R.FAIR_PERIOD_INVERTED),
  deadlineNotInFuture: () => badInput('input.bidDeadline', 'must be in the future', R.DEADLINE_NOT_IN_FUTURE),
  fairClosed: (fairId: string) => conflict(`Fair ${fairId} is CLOSED: no new sessions`, { field: 'input.fairId' }, R.FAIR_CLOSED),
  needsMissing: (ids: string[]) =>
    new DomainError(
      ErrorCode.NOT_FOUND,
      `input.needIds: needs not found: ${ids.join(', ')}`,
      { field: 'input.needIds', needIds: ids },
      R.SESSION_NEEDS_NOT_FOUND,
    ),
  needsOfOtherFair: (ids: string[]) => badInput('input.needIds', `these needs belong to no or another fair: ${ids.join(', ')}`, R.SESSION_NEEDS_OF_OTHER_FAIR),
  needsNotPublished: (ids: string[]) =>
    conflict(`input.needIds: these needs are not PUBLISHED: ${ids.join(', ')}`, { field: 'input.needIds', needIds: ids }, R.SESSION_NEEDS_NOT_PUBLISHED),
  noPublishedNeeds: (fairId: string) =>
    conflict(`Fair ${fairId} has no PUBLISHED needs to put on the table`, { field: 'input.needIds' }, R.FAIR_HAS_NO_PUBLISHED_NEEDS),
  needsWithoutSupport: (ids: string[], min: number) =>
    conflict(
      `input.needIds: these needs have no residents' review with support of at least ${min}: ${ids.join(', ')}`,
      { field: 'input.needIds', needIds: ids, minResidentSupport: min },
      R.SESSION_NEEDS_WITHOUT_SUPPORT,
    ),
  noSupportedNeeds: (fairId: string, min: number) =>
    conflict(
      `Fair ${fairId} has no PUBLISHED need whose residents' review supports it at least ${min}`,
      { field: 'input.minResidentSupport', minResidentSupport: min },
      R.SESSION_NEEDS_WITHOUT_SUPPORT,
    ),
  sessionMove: (sessionId: string, from: string, to: string) =>
    conflict(`Session ${sessionId} is ${from}: it cannot become ${to}`, { status: from }, R.SESSION_STATUS_FORBIDS),
  needInNoOpenSession: (needId: string) =>
    conflict(`Need ${needId} is not on the table of an OPEN session`, { field: 'input.needId' }, R.NEED_IN_NO_OPEN_SESSION),
  needInSeveralSessions: () => badInput('input.sessionId', 'the need is on the table of several OPEN sessions: say which one', R.NEED_IN_SEVERAL_SESSIONS),
  needNotInSession: (needId: string, sessionId: string) =>
    badInput('input.needId', `need ${needId} is not on the table of session ${sessionId}`, R.NEED_NOT_IN_SESSION),
  sessionNotOpen: (sessionId: string, status: string) => conflict(`Session ${sessionId} is ${status}: bidding is closed`, { status }, R.SESSION_NOT_OPEN),
  deadlinePassed: (deadline: Date) =>
    conflict(`The bid deadline passed at ${deadline.toISOString()}`, { bidDeadline: deadline.toISOString() }, R.BID_DEADLINE_PASSED),
  needNotOpen: (needId: string, status: string) => conflict(`Need ${needId} is ${status}: it takes no bids`, { status }, R.NEED_NOT_OPEN_FOR_BIDS),
  priceOverBudget: (budgetFen: number) => badInput('input.price', `must not exceed the need's budget ${formatFen(budgetFen)}`, R.PRICE_OVER_BUDGET),
  duplicateBid: () => conflict('This organization already has a live bid on this need: withdraw it first', { field: 'input.needId' }, R.LIVE_BID_EXISTS),
  ineligible: (reason: IneligibilityReason) =>
    forbidden(`This organization may not bid on this need: ${INELIGIBLE_TEXT[reason]}`, reason as string as FairsErrorReason),
  bidMove: (bidId: string, from: string, to: string) => conflict(`Bid ${bidId} is ${from}: it cannot become ${to}`, { status: from }, R.BID_STATUS_FORBIDS),
  planBlank: () => badInput('input.plan', 'must not be blank', CoreErrorReason.INVALID_INPUT),
  notAnOrganization: () => forbidden('Only an organization account bids', R.NOT_AN_ORGANIZATION),
  notYourBid: () => forbidden('An organization may withdraw only its own bids', R.NOT_YOUR_BID),
};
