/**
 * Every queue and job of the product in one place, with the payload each job
 * carries. Processors switch exhaustively over these names.
 */
export const QUEUES = {
  matching: 'matching',
  contracts: 'contracts',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  runMatching: 'run-matching',
  createContract: 'create-contract',
  closeExpiredBidding: 'close-expired-bidding',
} as const;

export interface JobPayloads {
  [JOBS.runMatching]: { runId: string };
  [JOBS.createContract]: { proposalId: string };
  [JOBS.closeExpiredBidding]: Record<string, never>;
}

/** Retries and backoff set once for every job: 3 attempts, 1 s, 2 s, 4 s. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
