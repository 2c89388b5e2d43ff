import { DEFAULT_WEIGHTS, runMatching } from '@app/matching';
import { generateInstance } from '../../../matching/src/testing/instance-generator';
import { EngineThreads } from './engine-runner';
import { BREAKDOWN_KEYS, EngineInput } from './engine-thread';

describe('the matching engine thread', () => {
  const instance = generateInstance({ needs: 2_100, organizations: 1_000, seed: 7 });
  const input: EngineInput = { ...instance, weights: DEFAULT_WEIGHTS, topK: 10 };
  const threads = new EngineThreads();
  afterAll(() => threads.close());

  it('returns exactly what the engine returns in-process, while the event loop keeps running and progress arrives', async () => {
    const expected = runMatching(instance.needs, instance.organizations, instance.bids, { weights: DEFAULT_WEIGHTS, topK: 10 });
    let ticks = 0;
    let ticksAtFirstProgress = -1;
    let ticksAtResult = -1;
    const progress: number[] = [];
    const timer = setInterval(() => ticks++, 5);
    const thread = threads.acquire();
    const output = await thread
      .run(input, (f) => {
        if (progress.length === 0) ticksAtFirstProgress = ticks;
        progress.push(f);
      })
      .finally(() => {
        ticksAtResult = ticks;
        clearInterval(timer);
        threads.release(thread);
      });

    // The timer kept firing between the first progress report and the result, i.e. while the
    // engine computed: this thread was not blocked (in-process, it would not fire at all).
    expect(ticksAtFirstProgress).toBeGreaterThanOrEqual(0);
    expect(ticksAtResult - ticksAtFirstProgress).toBeGreaterThan(3);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);

    expect(output.count).toBe(expected.proposals.length);
    expect(output.pairsScored).toBe(expected.pairsScored);
    expect(output.assignedCount).toBe(expected.assignedCount);
    expect(output.totalScore).toBe(expected.totalScore);
    expect(Array.from(output.assignedNeeds, (i) => instance.needs[i].id)).toEqual(expected.assignment.map((a) => a.needId));
    // Column by column (one comparison each: ~20,000 rows).
    const ids = (items: Array<{ id: string }>, index: Int32Array) => Array.from(index, (i) => (i < 0 ? null : items[i].id));
    expect(ids(instance.needs, output.need)).toEqual(expected.proposals.map((p) => p.needId));
    expect(ids(instance.organizations, output.organization)).toEqual(expected.proposals.map((p) => p.organizationId));
    expect(ids(instance.bids, output.bid)).toEqual(expected.proposals.map((p) => p.bidId));
    expect(Array.from(output.score)).toEqual(expected.proposals.map((p) => p.score));
    expect(Array.from(output.rank)).toEqual(expected.proposals.map((p) => p.rank));
    expect(Array.from(output.assigned, (a) => a === 1)).toEqual(expected.proposals.map((p) => p.assigned));
    for (const k of BREAKDOWN_KEYS) expect(Array.from(output.breakdown[k])).toEqual(expected.proposals.map((p) => p.breakdown[k]));
  }, 60_000);

  it('keeps a thread between runs and reports an engine error as the run failing', async () => {
    const first = threads.acquire();
    threads.release(first);
    expect(threads.acquire()).toBe(first); // the spare was handed out again

    // A weight the engine refuses: the error crosses back from the thread with its message.
    await expect(first.run({ ...input, weights: { ...DEFAULT_WEIGHTS, distance: -1 } }, () => undefined)).rejects.toThrow(/distance/i);
    threads.release(first);
    const next = threads.acquire();
    expect(next).not.toBe(first); // a thread whose run failed is not reused
    threads.release(next);
  }, 60_000);
});
