import { QUEUES } from '@app/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TestApi } from './support/api';
import { MatchingFixture, seedClosedSession, waitForRun } from './support/matching-fixture';

/**
 * Real worker processes (the production WorkerModule, run through ts-node) sharing the
 * queue with each other. Their entry (support/worker-with-run-delay.ts) gives the
 * executor a hook through a Nest module that makes each run wait 2 s after it is marked
 * RUNNING, so runs overlap and a worker can be killed mid-run.
 */
const ROOT = join(__dirname, '..', '..');
const RUN_DELAY_MS = 2000;

class WorkerProcess {
  output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(): Promise<WorkerProcess> {
    const entry = 'test/e2e/support/worker-with-run-delay.ts';
    const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', entry, String(RUN_DELAY_MS)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', LOG_LEVEL: 'info' }, // info: the claim lines below are read from the log
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    const deadline = Date.now() + 60_000;
    while (!worker.output.includes('consuming the queues')) {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${worker.output}`);
      if (Date.now() > deadline) throw new Error(`worker did not start:\n${worker.output}`);
      await sleep(100);
    }
    return worker;
  }

  /** Times this process started (claimed) the run, from its log. */
  claims(runId: string): number {
    return this.output.split(`run ${runId} RUNNING`).length - 1;
  }

  /** Its warnings and errors (a failed attempt's reason), for a failure's report. */
  warnings(): string {
    return this.output
      .split('\n')
      .filter((line) => /"level":(40|50)|warn|error|stalled/i.test(line))
      .join('\n');
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('several worker processes on one queue (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let queue: Queue;
  let fx: MatchingFixture;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    queue = api.app.get<Queue>(getQueueToken(QUEUES.matching));
    fx = await seedClosedSession(api);
    workers.push(...(await Promise.all([WorkerProcess.start(), WorkerProcess.start()])));
  }, 180_000);
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api?.stop();
  });

  const runMatching = async (): Promise<string> =>
    (await api.ok(`mutation($s: ID!) { runMatching(sessionId: $s) { id status } }`, { s: fx.sessionId }, fx.organizer)).runMatching.id;
  const duplicates = async (runId: string): Promise<number> =>
    (await db.query('SELECT count(*)::int - count(DISTINCT (need_id, organization_id))::int AS d FROM match_proposals WHERE run_id = $1', [runId]))[0].d;

  it('spreads runs over both workers and processes each exactly once', async () => {
    const runIds: string[] = [];
    for (let i = 0; i < 6; i++) runIds.push(await runMatching());
    const runs = await Promise.all(runIds.map((id) => waitForRun(api, fx.organizer, id, 90_000)));
    const processedBy = new Map<string, number>();
    for (const run of runs) {
      if (run.attempts !== 1) console.log(`run ${run.id} took ${run.attempts} attempts; the workers said:\n${workers.map((w) => w.warnings()).join('\n')}`);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.attempts).toBe(1);
      expect(await duplicates(run.id)).toBe(0);
      // Exactly one process claimed it, and that process is the one the job's return value names.
      expect(workers.map((w) => w.claims(run.id))).toEqual(expect.arrayContaining([0, 1]));
      const job = await queue.getJob(run.id);
      expect(job?.returnvalue?.outcome).toBe('SUCCEEDED');
      processedBy.set(run.id, job!.returnvalue.pid);
    }
    expect(new Set(processedBy.values())).toEqual(new Set(workers.map((w) => w.pid)));
  }, 120_000);

  it('finishes a run on the other worker when its worker is killed mid-run', async () => {
    const runId = await runMatching();
    const deadline = Date.now() + 30_000;
    let victim: WorkerProcess | undefined;
    while (!(victim = workers.find((w) => w.claims(runId) > 0))) {
      if (Date.now() > deadline) throw new Error('no worker claimed the run');
      await sleep(20);
    }
    await victim.kill(); // inside the 2 s test delay: the run is RUNNING and holds no proposals yet
    const [{ status }] = await db.query('SELECT status FROM match_runs WHERE id = $1', [runId]);
    expect(status).toBe('RUNNING');

    // The lock (30 s) expires, the survivor's stalled checker (every 5 s) puts the job back and takes it.
    const run = await waitForRun(api, fx.organizer, runId, 90_000);
    const survivor = workers.find((w) => w !== victim)!;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.attempts).toBe(2);
    expect(survivor.claims(runId)).toBe(1);
    expect((await queue.getJob(runId))?.returnvalue?.pid).toBe(survivor.pid);
    expect(await duplicates(runId)).toBe(0);
    expect(run.proposalsCreated).toBeGreaterThan(0);
  }, 150_000);
});
