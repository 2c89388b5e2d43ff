import { badInput, conflict, DomainError, ErrorCode, formatFen } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs: anything else cannot name a record, so it is answered like a missing one. */
export const isUuid = (id: string): boolean => UUID.test(id);

export const FairsErrors = {
  periodInverted: () => badInput('input.endsOn', 'must be on or after startsOn'),
  deadlineNotInFuture: () => badInput('input.bidDeadline', 'must be in the future'),
  fairClosed: (fairId: string) => conflict(`Fair ${fairId} is CLOSED: no new sessions`, { field: 'input.fairId' }),
  needsMissing: (ids: string[]) => new DomainError(ErrorCode.NOT_FOUND, `input.needIds: needs not found: ${ids.join(', ')}`, { field: 'input.needIds', needIds: ids }),
  needsOfOtherFair: (ids: string[]) => badInput('input.needIds', `these needs belong to no or another fair: ${ids.join(', ')}`),
  needsNotPublished: (ids: string[]) => conflict(`input.needIds: these needs are not PUBLISHED: ${ids.join(', ')}`, { field: 'input.needIds', needIds: ids }),
  noPublishedNeeds: (fairId: string) => conflict(`Fair ${fairId} has no PUBLISHED needs to put on the table`, { field: 'input.needIds' }),
  sessionMove: (sessionId: string, from: string, to: string) => conflict(`Session ${sessionId} is ${from}: it cannot become ${to}`, { status: from }),
  needInNoOpenSession: (needId: string) => conflict(`Need ${needId} is not on the table of an OPEN session`, { field: 'input.needId' }),
  needInSeveralSessions: () => badInput('input.sessionId', 'the need is on the table of several OPEN sessions: say which one'),
  needNotInSession: (needId: string, sessionId: string) => badInput('input.needId', `need ${needId} is not on the table of session ${sessionId}`),
  sessionNotOpen: (sessionId: string, status: string) => conflict(`Session ${sessionId} is ${status}: bidding is closed`, { status }),
  deadlinePassed: (deadline: Date) => conflict(`The bid deadline passed at ${deadline.toISOString()}`, { bidDeadline: deadline.toISOString() }),
  needNotOpen: (needId: string, status: string) => conflict(`Need ${needId} is ${status}: it takes no bids`, { status }),
  priceOverBudget: (budgetFen: number) => badInput('input.price', `must not exceed the need's budget ${formatFen(budgetFen)}`),
  duplicateBid: () => conflict('This organization already has a live bid on this need: withdraw it first', { field: 'input.needId' }),
  ineligible: (reason: string, text: string) => new DomainError(ErrorCode.FORBIDDEN, `This organization may not bid on this need: ${text}`, { reason }),
  bidMove: (bidId: string, from: string, to: string) => conflict(`Bid ${bidId} is ${from}: it cannot become ${to}`, { status: from }),
};
