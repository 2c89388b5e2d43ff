/**
 * What travels on a session's live channel: ids and small figures only. The api
 * resolves the ids per subscriber, so each one sees only what it may read (an
 * organization never receives another's bid price before the deadline).
 */
export enum SessionEventType {
  BID_SUBMITTED = 'BID_SUBMITTED',
  BID_WITHDRAWN = 'BID_WITHDRAWN',
  RUN_PROGRESS = 'RUN_PROGRESS',
  RUN_FINISHED = 'RUN_FINISHED',
  PROPOSAL_ACCEPTED = 'PROPOSAL_ACCEPTED',
  PROPOSAL_DECLINED = 'PROPOSAL_DECLINED',
  CONTRACT_CREATED = 'CONTRACT_CREATED',
  CONTRACT_SIGNED = 'CONTRACT_SIGNED',
  SESSION_STATUS_CHANGED = 'SESSION_STATUS_CHANGED',
  COMPLAINT_FILED = 'COMPLAINT_FILED',
  COMPLAINT_WITHDRAWN = 'COMPLAINT_WITHDRAWN',
  COMPLAINT_RESOLVED = 'COMPLAINT_RESOLVED',
}

export interface SessionEventMessage {
  type: SessionEventType;
  at: string; // ISO time the event happened
  sessionId: string;
  fairId?: string;
  bidId?: string;
  runId?: string;
  proposalId?: string;
  contractId?: string;
  complaintId?: string;
  progress?: number;
  /** Monotonic per publisher, for the live benchmark's loss count. */
  seq?: number;
}

export interface FairStatsChangedMessage {
  fairId: string;
  at: string;
}
