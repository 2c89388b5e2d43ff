import { DirectoryService } from '@app/directory';
import { NeedsService } from '@app/needs';
import { OrganizationForm } from '@app/reference-data';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { EngineThreads } from './engine-runner';
import { EngineInput, EngineOutput } from './engine-thread';
import { ClaimedRun } from './run-claim';
import { PhaseTimer } from './phase-timer';
import { SessionInputs } from './session-inputs';

/** Facts of the run's inputs the engine does not use but the run's fairness report does, index-aligned with EngineInput. */
export interface RunSeen {
  organizationForms: OrganizationForm[];
  needDistricts: string[];
}

/**
 * Computes a run: reads its inputs from their owners (SessionInputs) and runs the engine in a worker thread of its own, so the event loop keeps renewing
 * the job's lock and sending progress while it computes.
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

  /** Times the phases 'load' and 'engine' on `timer`; `onLoaded` when the inputs are read, `onProgress(f)` in [0, 1] while the engine computes. */
  async compute(
    run: ClaimedRun,
    timer: PhaseTimer,
    onLoaded: () => void,
    onProgress: (fraction: number) => void,
  ): Promise<{ input: EngineInput; output: EngineOutput; seen: RunSeen }> {
    // A new thread boots (loads the engine) while the inputs are read; a kept one is ready.
    const thread = this.threads.acquire();
    try {
      const input = await timer.time('load', () => this.inputs(run));
      onLoaded();
      // What the fairness report needs beyond the engine's inputs is read while the engine computes.
      const [output, seen] = await Promise.all([timer.time('engine', () => thread.run(input, onProgress)), this.seen(input)]);
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
