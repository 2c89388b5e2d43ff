import { DynamicModule, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/**
 * Builds the worker application; main.ts and the tests share it. `extra` modules are
 * imported beside WorkerModule: how a test provides hooks (e.g. RUN_HOOKS) to the very
 * worker production runs, without anything read from the environment.
 */
export async function createWorkerApp(extra: Array<Type | DynamicModule> = []): Promise<INestApplicationContext> {
  @Module({ imports: [...extra, WorkerModule] })
  class WorkerRootModule {}
  const app = await NestFactory.createApplicationContext(extra.length ? WorkerRootModule : WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
