/**
 * Times the phases of one run: `time('load', work)` adds how long `work` took to the
 * phase; `record` adds a duration measured elsewhere (inside the engine's thread, inside
 * a transaction). Whole milliseconds, as the job's return value reports them.
 */
export class PhaseTimer {
  private readonly started = performance.now();
  private readonly phases = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.record(phase, performance.now() - start);
    }
  }

  record(phase: string, ms: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
  }

  ms(phase: string): number {
    return Math.round(this.phases.get(phase) ?? 0);
  }

  /** Since the timer was made. */
  totalMs(): number {
    return Math.round(performance.now() - this.started);
  }
}
