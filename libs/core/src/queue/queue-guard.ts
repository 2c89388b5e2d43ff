import { Queue } from 'bullmq';

/** The job queue did not answer in time (Redis or the PostgreSQL queue is down or too slow). */
export class QueueUnavailableError extends Error {
  constructor(what: string, cause: unknown) {
    super(`the job queue is unavailable (${what}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'QueueUnavailableError';
  }
}

/**
 * One call to the queue, bounded: BullMQ (ioredis) would otherwise wait for the
 * connection to come back, for ever. Producer queues also fail fast while Redis is
 * disconnected (see ObservedQueue); this bounds the rest (a connection that hangs, the
 * PostgreSQL backend). Every failure becomes a QueueUnavailableError.
 */
export async function withinQueueTimeout<T>(what: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const attempt = call();
  attempt.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
  try {
    return await Promise.race([attempt, timeout]);
  } catch (error) {
    throw new QueueUnavailableError(what, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What ensureJob did: added the missing job, put a finished one back in the queue, found it
 * waiting or running, or left a job that keeps failing alone until its back-off has passed.
 */
export type JobRecovery = 'added' | 'retried' | 'pending' | 'backing-off';

/** The longest a job that keeps failing all its attempts waits between two recoveries. */
export const MAX_RECOVERY_BACKOFF_MS = 3_600_000;

/**
 * How long after its last failure a job recovered `recoveries` times already is retried:
 * at once the first time (an outage that ended), then after one base interval, two, four...,
 * at most an hour. A job that fails for a reason that does not pass (a bug, bad data) is
 * never given up, but costs the queue a few attempts an hour instead of every sweep's.
 */
export function recoveryBackoffMs(recoveries: number, baseMs: number): number {
  return recoveries === 0 ? 0 : Math.min(baseMs * 2 ** (recoveries - 1), MAX_RECOVERY_BACKOFF_MS);
}

/** The times a job was put back after failing all its attempts, kept beside its payload. */
const recoveriesOf = (data: unknown): number => Number((data as { recoveries?: unknown } | null)?.recoveries ?? 0) || 0;

export interface EnsureJobOptions {
  /** Longest wait for the queue (QueueUnavailableError beyond). */
  timeoutMs: number;
  /** The back-off's base (recoveryBackoffMs): the recovery sweep's interval; 0 retries at once. */
  backoffBaseMs?: number;
}

/**
 * Makes sure a job with this deterministic id will run: added when the queue has no
 * such job (never enqueued, or lost with Redis's data), retried when it failed all its
 * attempts (once its back-off has passed) or completed while its record says the work is
 * still to do (the handler re-checks state, so running it again is safe), left alone
 * while it waits or runs.
 */
export async function ensureJob(queue: Queue, name: string, data: object, jobId: string, options: EnsureJobOptions): Promise<JobRecovery> {
  return withinQueueTimeout(`recover job ${jobId}`, options.timeoutMs, async () => {
    // The state before the record: the record read first could be a running attempt's
    // (no finishedOn yet) while the state read after says that attempt failed.
    const state = await queue.getJobState(jobId);
    const job = await queue.getJob(jobId);
    if (!job) {
      // add() not addBulk(): only add() dedupes by jobId, so a racing enqueue adds nothing.
      await queue.add(name, data, { jobId });
      return 'added';
    }
    if (state === 'failed') {
      const recoveries = recoveriesOf(job.data);
      if (Date.now() < (job.finishedOn ?? 0) + recoveryBackoffMs(recoveries, options.backoffBaseMs ?? 0)) return 'backing-off';
      await job.updateData({ ...job.data, recoveries: recoveries + 1 });
    }
    if (state === 'failed' || state === 'completed') {
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      return 'retried';
    }
    if (state === 'unknown') {
      await queue.add(name, data, { jobId });
      return 'added';
    }
    return 'pending';
  });
}
