import { resolve, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread on `entry`. In dist the entry is the compiled .js beside its caller
 * (tsc-alias has rewritten its @app paths). From the source tree (jest, ts-node) it is the
 * .ts file, and the thread is given the TypeScript loader and the path aliases first: a
 * thread does not inherit jest's transformer, and inheriting the parent's -r flags would
 * depend on how the parent was started.
 */
export function spawnThread(entry: string, workerData: unknown): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  const root = resolve(__dirname, '../../../..');
  const code = `
    require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(join(root, 'tsconfig.json'))} });
    const paths = require(${JSON.stringify(require.resolve('tsconfig-paths'))});
    const config = paths.loadConfig(${JSON.stringify(root)});
    paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
    require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, execArgv: [], workerData });
}
