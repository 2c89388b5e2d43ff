/* eslint-disable @typescript-eslint/no-require-imports */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');

export interface RunningProduct {
  baseUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

function start(name: string, script: string, env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => log.push(`[${name}] ${chunk.toString()}`));
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The product as users get it: builds what is missing or stale (npm run build), a
 * fresh database on DATABASE_URL's server (or an embedded PostgreSQL), migrated and
 * filled with the deterministic demo seed, the built api and one worker on a free
 * port. stop() ends both, drops the database, and stops an embedded server.
 */
export async function startProduct(options: { seed?: boolean; log?: (line: string) => void } = {}): Promise<RunningProduct> {
  const { ensureBuilt } = require(join(ROOT, 'scripts', 'run-built.js'));
  ensureBuilt((m: string) => console.log(`[browser-tests] ${m}`));

  let adminUrl = process.env.DATABASE_URL;
  let embedded: { stop(): Promise<void>; adminUrl: string } | null = null;
  if (!adminUrl) {
    const { startEmbeddedPostgres } = require(join(ROOT, 'scripts', 'embedded-postgres.js'));
    embedded = await startEmbeddedPostgres({ name: 'postgres-test', database: 'postgres' });
    adminUrl = embedded!.adminUrl;
  }
  const name = `marketplace_browser_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: process.env.JWT_SECRET ?? 'browser-test-secret-0123456789abcdef0123456789',
  };
  if (options.seed !== false) {
    const seeded = spawnSync(process.execPath, [join(ROOT, 'dist/scripts/seed.js')], { cwd: ROOT, env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seed failed:\n${seeded.stdout}\n${seeded.stderr}`);
  }
  const log: string[] = [];
  const api = start('api', 'dist/apps/api/src/main.js', env, log);
  const worker = start('worker', 'dist/apps/worker/src/main.js', env, log);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error(`the api exited:\n${log.join('')}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the api did not answer on ${baseUrl}/health:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    databaseUrl,
    async stop() {
      await Promise.all([stopChild(api), stopChild(worker)]);
      if (!process.env.KEEP_TEST_DATABASE) {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      }
      if (embedded) await embedded.stop();
    },
  };
}
