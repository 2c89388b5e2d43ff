import { JobPayloads, JOBS, QUEUES } from '@app/core';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { RunExecutor, RunOutcome } from '../run-executor.service';
import { RunNotExecutableError } from '../run/run-claim';

type MatchingJob = Job<JobPayloads[typeof JOBS.runMatching], RunOutcome, typeof JOBS.runMatching>;

/**
 * The matching queue. One job at a time per process (a run is CPU-bound); more
 * processes share the queue. The lock is renewed every lockDuration/2 while the job
 * runs; if the process dies, the stalled checker (every 5 s) finds the expired lock and
 * puts the job back for another worker, which starts the run again from scratch.
 * Retries (3 attempts, exponential backoff) come from DEFAULT_JOB_OPTIONS.
 */
@Processor(QUEUES.matching, { concurrency: 1, lockDuration: 30_000, stalledInterval: 5_000, maxStalledCount: 2 })
export class RunMatchingProcessor extends WorkerHost {
  private readonly logger = new Logger(RunMatchingProcessor.name);

  constructor(
    private readonly executor: RunExecutor,
    @InjectQueue(QUEUES.matching) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: MatchingJob): Promise<RunOutcome> {
    const name = job.name;
    switch (name) {
      case JOBS.runMatching:
        try {
          return await this.executor.execute(job.data.runId, { onProgress: (p) => job.updateProgress(p) });
        } catch (error) {
          // Retrying cannot help a run whose session moved on: fail it now.
          if (error instanceof RunNotExecutableError) throw new UnrecoverableError(error.message);
          await this.executor.noteAttemptError(job.data.runId, (error as Error).message).catch(() => undefined);
          throw error;
        }
      default: {
        const unknown: never = name;
        this.logger.warn(`Unknown matching job ${String(unknown)}`);
        throw new UnrecoverableError(`Unknown job ${String(unknown)}`);
      }
    }
  }

  /** Emitted after every failed attempt; only the last one (or an unrecoverable error) fails the run. */
  @OnWorkerEvent('failed')
  async onFailed(job: MatchingJob | undefined, error: Error): Promise<void> {
    if (!job || job.name !== JOBS.runMatching) return;
    // finishedOn is set only when BullMQ moved the job to failed for good (no retry left, or unrecoverable).
    const final = typeof job.finishedOn === 'number' || error?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) this.logger.warn(`run ${job.data.runId}: attempt ${job.attemptsMade} failed, retried: ${error?.message}`);
    if (final)
      await this.executor
        .markFailed(job.data.runId, error?.message ?? 'failed')
        .catch((e) => this.logger.error(`could not mark run ${job.data.runId} FAILED: ${(e as Error).message}`));
  }

  /**
   * A job whose worker died is put back in the queue, unless it stalled too often: then
   * BullMQ fails it without a 'failed' event on any worker, so the run is failed here.
   */
  @OnWorkerEvent('stalled')
  async onStalled(jobId: string): Promise<void> {
    this.logger.warn(`matching job ${jobId} stalled (its worker stopped renewing the lock): it is processed again`);
    const job = await this.queue.getJob(jobId).catch(() => undefined);
    if (job && job.name === JOBS.runMatching && (await job.isFailed())) {
      await this.executor.markFailed(job.data.runId, job.failedReason || 'the job stalled too many times');
    }
  }
}
