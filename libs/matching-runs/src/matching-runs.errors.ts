import { badInput, conflict } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs: anything else cannot name a record, so it is answered like a missing one. */
export const isUuid = (id: string): boolean => UUID.test(id);

export const MatchingRunsErrors = {
  badWeight: (key: string, message: string) => badInput(key === 'weights' ? 'weights' : `weights.${key}`, message),
  sessionNotClosed: (sessionId: string, status: string) =>
    conflict(`Session ${sessionId} is ${status}: matching runs once bidding is closed (CLOSED_FOR_BIDS or MATCHED)`, { status }),
  emptyFilter: () => badInput('filter', 'give at least one of runId, sessionId, needId, organizationId, assignedOnly'),
};
