import { DEFAULT_WEIGHTS, runMatching } from '@app/matching';
import { generateInstance } from '../../../matching/src/testing/instance-generator';
import { EngineThreads } from './engine-runner';
import { BREAKDOWN_KEYS, EngineInput, EngineRows } from './engine-thread';

describe('the matching engine thread', () => {
  const instance = generateInstance({ needs: 2_100, organizations: 1_000, seed: 7 });
  const input: EngineInput = { ...instance, weights: DEFAULT_WEIGHTS, topK: 10 };
  const threads = new EngineThreads();
  afterAll(() => threads.close());

  it('streams exactly the proposals the engine returns in-process, block by block before its result, while the event loop keeps running', async () => {
    const expected = runMatching(instance.needs, instance.organizations, instance.bids, { weights: DEFAULT_WEIGHTS, topK: 10 });
    let ticks = 0;
    let ticksAtFirstProgress = -1;
    let ticksAtResult = -1;
    const progress: number[] = [];
    const timer = setInterval(() => ticks++, 5);
    const thread = threads.acquire();
    const blocks: EngineRows[] = [];
    const output = await thread
      .run(
        input,
        (f) => {
          if (progress.length === 0) ticksAtFirstProgress = ticks;
          progress.push(f);
        },
        (rows) => blocks.push(rows),
      )
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

    expect(blocks.length).toBeGreaterThan(1); // 2,100 needs: several blocks, all before the result
    expect(output.streamedCount).toBe(blocks.reduce((n, b) => n + b.count, 0));
    expect(output.streamedCount + output.extra.count).toBe(expected.proposals.length);
    expect(output.pairsScored).toBe(expected.pairsScored);
    expect(output.assignedCount).toBe(expected.assignedCount);
    expect(output.totalScore).toBe(expected.totalScore);
    expect(Array.from(output.assignedNeeds, (i) => instance.needs[i].id)).toEqual(expected.assignment.map((a) => a.needId));

    // The rows as stored: streamed ones (assigned where the result says so), then the extra assigned
    // pairs; put in need-then-rank order, they are the engine's proposals field by field.
    const pair = (need: number, organization: number) => `${need}:${organization}`;
    const assigned = new Set(Array.from(output.assignedNeeds, (i, a) => pair(i, output.assignedOrganizations[a])));
    const rowsOf = (rows: EngineRows, isAssigned: (r: number) => boolean) =>
      Array.from({ length: rows.count }, (_, r) => ({
        needId: instance.needs[rows.need[r]].id,
        organizationId: instance.organizations[rows.organization[r]].id,
        bidId: rows.bid[r] < 0 ? null : instance.bids[rows.bid[r]].id,
        score: rows.score[r],
        breakdown: Object.fromEntries(BREAKDOWN_KEYS.map((k) => [k, rows.breakdown[k][r]])),
        rank: rows.rank[r],
        assigned: isAssigned(r),
      }));
    const stored = [...blocks.flatMap((b) => rowsOf(b, (r) => assigned.has(pair(b.need[r], b.organization[r])))), ...rowsOf(output.extra, () => true)];
    const needOrder = new Map(expected.proposals.map((p, i) => [p.needId, i]));
    stored.sort((a, b) => needOrder.get(a.needId)! - needOrder.get(b.needId)! || a.rank - b.rank);
    expect(stored).toEqual(expected.proposals);
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
