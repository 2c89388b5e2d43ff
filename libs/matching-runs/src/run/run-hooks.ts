/**
 * Points in a run where something from outside may be awaited. Production provides
 * none; a test provides RUN_HOOKS through a Nest module (e.g. a delay after the claim, so
 * a worker can be killed mid-run), never through the environment.
 */
export interface RunHooks {
  /** After the run was marked RUNNING, before anything is read. */
  afterClaim?(runId: string): Promise<void>;
}

export const RUN_HOOKS = Symbol('RUN_HOOKS');
