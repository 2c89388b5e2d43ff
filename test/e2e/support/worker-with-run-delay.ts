/**
 * A real worker process (the production WorkerModule, started as apps/worker/src/main.ts
 * starts it) whose runs wait after they are marked RUNNING, so a test can make runs
 * overlap and kill a worker mid-run. The delay reaches the executor through RUN_HOOKS,
 * provided by a module: `node -r ts-node/register -r tsconfig-paths/register
 * test/e2e/support/worker-with-run-delay.ts <milliseconds>`.
 */
import 'reflect-metadata';
import { validateEnvironment } from '@app/core';
import { RUN_HOOKS, RunHooks } from '@app/matching-runs';
import { Global, Module } from '@nestjs/common';
import { createWorkerApp } from '../../../apps/worker/src/bootstrap';

const delayMs = Number(process.argv[2] ?? 0);
const hooks: RunHooks = { afterClaim: () => new Promise((resolve) => setTimeout(resolve, delayMs)) };

@Global()
@Module({ providers: [{ provide: RUN_HOOKS, useValue: hooks }], exports: [RUN_HOOKS] })
class RunDelayModule {}

async function main(): Promise<void> {
  validateEnvironment(process.env);
  await createWorkerApp([RunDelayModule]);
  console.log(`Worker ${process.pid} consuming the queues (runs wait ${delayMs} ms after their claim)`);
}

void main();
