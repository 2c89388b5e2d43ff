import { databaseName, ensureJob, MAX_RECOVERY_BACKOFF_MS, queueConnection, recoveryBackoffMs, validateEnvironment } from '@app/core';
import { Job, Queue, Worker } from 'bullmq';

/**
 * ensureJob, what the recovery sweep calls for every run and contract still waiting for
 * its job, on the queue the product uses (Redis when REDIS_URL is set, otherwise BullMQ's
 * PostgreSQL backend): a job that fails every attempt is retried at once the first time,
 * then after one base interval, two, four..., never given up.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASE_MS = 1500;

describe('recovering a job that keeps failing (e2e, the real queue)', () => {
  const env = validateEnvironment(process.env);
  const name = `recovery-check-${process.pid}`;
  const options = { connection: queueConnection(env), ...(env.REDIS_URL ? { prefix: `mkt:${databaseName(env.DATABASE_URL)}` } : {}) };
  let queue: Queue;
  let worker: Worker;
  let processed = 0;

  beforeAll(async () => {
    queue = new Queue(name, options);
    worker = new Worker(
      name,
      async (): Promise<void> => {
        processed++;
        throw new Error('the handler fails every time');
      },
      options,
    );
    await worker.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
  });

  /** The job once it has failed `times` times in all, with when it last failed. */
  async function failed(id: string, times: number): Promise<Job> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      // The record is read after its state: read before, it could be the running attempt's
      // (a retry clears finishedOn) while the state already says that attempt failed.
      const failedNow = processed >= times && (await queue.getJobState(id)) === 'failed';
      const job = failedNow ? await queue.getJob(id) : undefined;
      if (job?.finishedOn) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} did not fail ${times} times (processed ${processed})`);
      await sleep(25);
    }
  }
  const untilSinceFailure = (job: Job, ms: number) => sleep(Math.max(0, job.finishedOn! + ms - Date.now()));
  const recover = () => ensureJob(queue, 'check', { thing: 1 }, 'stuck', { timeoutMs: 5000, backoffBaseMs: BASE_MS });

  it('grows the wait between recoveries: at once, then one base interval, then two', async () => {
    await queue.add('check', { thing: 1 }, { jobId: 'stuck' });
    await failed('stuck', 1);
    expect(await recover()).toBe('retried'); // first recovery: at once (an outage that ended)
    let job = await failed('stuck', 2);
    expect(await recover()).toBe('backing-off');
    await untilSinceFailure(job, BASE_MS + 100);
    expect(await recover()).toBe('retried'); // second: one base interval after it failed again

    job = await failed('stuck', 3);
    await untilSinceFailure(job, BASE_MS + 100);
    expect(await recover()).toBe('backing-off'); // third: two base intervals
    await untilSinceFailure(job, 2 * BASE_MS + 100);
    expect(await recover()).toBe('retried');

    await failed('stuck', 4);
    expect((await queue.getJob('stuck'))!.data).toEqual({ thing: 1, recoveries: 3 }); // the payload itself untouched
  }, 60_000);

  it('adds a job the queue lost and leaves one that waits or runs alone', async () => {
    expect(await ensureJob(queue, 'check', { thing: 2 }, 'lost', { timeoutMs: 5000 })).toBe('added');
    expect(await queue.getJob('lost')).toBeDefined();
    await worker.pause(); // so the next one stays waiting
    try {
      await queue.add('check', { thing: 3 }, { jobId: 'waiting' });
      expect(await ensureJob(queue, 'check', { thing: 3 }, 'waiting', { timeoutMs: 5000 })).toBe('pending');
    } finally {
      worker.resume();
    }
  });

  it('never waits longer than an hour between two recoveries', () => {
    expect([0, 1, 2, 3].map((n) => recoveryBackoffMs(n, 30_000))).toEqual([0, 30_000, 60_000, 120_000]);
    expect(recoveryBackoffMs(40, 30_000)).toBe(MAX_RECOVERY_BACKOFF_MS);
    expect(recoveryBackoffMs(5, 0)).toBe(0);
  });
});
