import { DirectoryService } from '@app/directory';
import { NeedsService } from '@app/needs';
import { OrganizationForm } from '@app/reference-data';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { EngineThreads } from './engine-runner';
import { EngineInput, EngineOutput, EngineRows } from './engine-thread';
import { ClaimedRun } from './run-claim';
import { PhaseTimer } from './phase-timer';
import { SessionInputs } from './session-inputs';

/** Facts of the run's inputs the engine does not use but the run's fairness report does, index-aligned with EngineInput. */
export interface RunSeen {
  organizationForms: OrganizationForm[];
  needDistricts: string[];
}

/** What a run's computation tells its caller on the way. */
export interface ComputeListener {
  /** The inputs are read; the engine starts. */
  onLoaded(input: EngineInput): void;
  /** In [0, 1] while the engine computes. */
  onProgress(fraction: number): void;
  /** Each block of proposals, as the engine streams them (all before the result). */
  onRows(rows: EngineRows): void;
}

/**
 * Computes a run: reads its inputs from their owners (SessionInputs) and runs the engine in a worker thread of its own, so the event loop keeps renewing
 * the job's lock, sending progress and storing the proposals already streamed while it computes.
 */
@Injectable()
export class RunCompute implements OnModuleDestroy {
  private readonly threads = new EngineThreads();

  constructor(
    private readonly sessionInputs: SessionInputs,
    private readonly needs: NeedsService,
    private readonly directory: DirectoryService,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.threads.close();
  }

  /** Times the phases 'load' and 'engine' on `timer`. */
  async compute(run: ClaimedRun, timer: PhaseTimer, listener: ComputeListener): Promise<{ input: EngineInput; output: EngineOutput; seen: RunSeen }> {
    // A new thread boots (loads the engine) while the inputs are read; a kept one is ready.
    const thread = this.threads.acquire();
    try {
      const input = await timer.time('load', () => this.inputs(run));
      listener.onLoaded(input);
      // What the fairness report needs beyond the engine's inputs is read while the engine computes.
      const [output, seen] = await Promise.all([
        timer.time('engine', () =>
          thread.run(
            input,
            (f) => listener.onProgress(f),
            (rows) => listener.onRows(rows),
          ),
        ),
        this.seen(input),
      ]);
      return { input, output, seen };
    } finally {
      this.threads.release(thread);
    }
  }

  /** The organizations' legal forms and the needs' districts as they are now, aligned with the inputs. */
  private async seen(input: EngineInput): Promise<RunSeen> {
    const [organizations, needs] = await Promise.all([
      this.directory.findOrganizations(input.organizations.map((o) => o.id)),
      this.needs.findNeeds(input.needs.map((n) => n.id)),
    ]);
    const formOf = new Map(organizations.map((o) => [o.id, o.form]));
    const districtOf = new Map(needs.map((n) => [n.id, n.district]));
    return {
      organizationForms: input.organizations.map((o) => formOf.get(o.id)!),
      needDistricts: input.needs.map((n) => districtOf.get(n.id)!),
    };
  }

  private async inputs(run: ClaimedRun): Promise<EngineInput> {
    return { ...(await this.sessionInputs.read(run.sessionId)), weights: run.weights, topK: run.topK };
  }
}
