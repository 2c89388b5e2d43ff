#!/usr/bin/env node
// `npm start`: the whole product on one machine, with nothing installed but Node.
//   1. builds when dist/ (or the web app's apps/web/dist) is missing or older than the sources;
//   2. DATABASE_URL unset: starts the embedded PostgreSQL (data in .data/postgres,
//      kept between runs); REDIS_URL unset: the queue and live events run on that
//      PostgreSQL too;
//   3. JWT_SECRET unset: generates one once and keeps it in .data/jwt-secret;
//   4. applies pending migrations; the embedded database gets the demo data when it holds none;
//   5. starts the api (which serves the web app at /) and one worker, prints the URLs;
//   6. Ctrl-C (SIGINT) or SIGTERM: stops the api and worker, waits for them to
//      exit, then stops the embedded PostgreSQL. Nothing is left running.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { ensureBuilt, ensureDatabase, ROOT } = require('./run-built');

const startedAt = Date.now();
const log = (msg) => console.log(`[start] ${msg}`);
const children = new Map(); // name -> ChildProcess
let embedded = null;
let stopping = null;

function ensureJwtSecret() {
  if (process.env.JWT_SECRET) return;
  const file = path.join(ROOT, '.data', 'jwt-secret');
  if (fs.existsSync(file)) {
    process.env.JWT_SECRET = fs.readFileSync(file, 'utf8').trim();
    log('JWT_SECRET unset: using the secret kept in .data/jwt-secret');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  process.env.JWT_SECRET = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, `${process.env.JWT_SECRET}\n`, { mode: 0o600 });
  log('JWT_SECRET unset: generated one and saved it in .data/jwt-secret (tokens stay valid across restarts; set JWT_SECRET in production)');
}

/** Runs a node script to completion with the prepared environment. */
function runNode(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    children.set(path.basename(script), child);
    child.on('exit', (code) => {
      children.delete(path.basename(script));
      if (code === 0) resolve();
      else reject(new Error(`${script} exited with code ${code}`));
    });
  });
}

/**
 * A long-running app, its output prefixed with its name. In its own process group
 * (detached), so a Ctrl-C in the terminal reaches only this script, which then
 * stops the apps exactly once and in order.
 */
function startApp(name, script) {
  const child = spawn(process.execPath, [path.join(ROOT, script)], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitForHealth(port, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function waitForExit(child, timeoutMs) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      log(`pid ${child.pid} did not stop within ${timeoutMs / 1000} s; killing it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Apps first (they close their connections), then the database they were using. */
function shutdown(code) {
  stopping ??= (async () => {
    const running = [...children.values()];
    if (running.length) log(`stopping ${[...children.keys()].join(' and ')}...`);
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => waitForExit(child, 20_000)));
    if (embedded && !embedded.reused) {
      log('stopping the embedded PostgreSQL...');
      await embedded.stop();
    }
    log('stopped');
    process.exit(code);
  })();
  return stopping;
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) {
        log('second signal: killing the apps now');
        for (const child of children.values()) child.kill('SIGKILL');
        return;
      }
      void shutdown(0);
    });
  }
  // Whatever happens to this script, its detached apps must not outlive it.
  process.on('exit', () => {
    for (const child of children.values()) child.kill('SIGKILL');
  });

  ensureBuilt(log);
  embedded = await ensureDatabase(log);
  if (stopping) return;
  ensureJwtSecret();
  if (!process.env.REDIS_URL) log('REDIS_URL unset: the queue and live events run on PostgreSQL (set REDIS_URL for production)');
  process.env.NODE_ENV ??= 'development';
  const port = Number(process.env.PORT || 3000);

  // The embedded database's first run gets the demo data, so a new user can sign in at once
  // (the seed applies the migrations first, under the same lock as db:migrate); a database of
  // DATABASE_URL's is only migrated here, never written to.
  if (embedded) {
    log('applying migrations, and writing the demo data if the embedded PostgreSQL holds none yet...');
    await runNode('dist/scripts/seed.js', ['--if-empty']);
  } else {
    log('applying migrations...');
    await runNode('dist/scripts/db-migrate.js');
  }
  if (stopping) return;

  startApp('api', 'dist/apps/api/src/main.js');
  startApp('worker', 'dist/apps/worker/src/main.js');
  if (await waitForHealth(port)) {
    log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const demo = embedded
      ? '(demo sign-in: organizer@demo.nj, password nanjing-demo-2026; every demo account in README, Demo data)'
      : '(demo data: npm run seed)';
    log(`Web app:       http://localhost:${port}/   ${demo}`);
    log(`GraphQL API:   http://localhost:${port}/graphql   (subscriptions: ws://localhost:${port}/graphql; the explorer opens there in a browser)`);
    log(`Health check:  http://localhost:${port}/health`);
    if (!embedded) log('Demo data:     npm run seed   (in another terminal; prints the demo logins)');
    log('Press Ctrl-C to stop.');
  } else if (!stopping) {
    log(`the api did not answer on http://127.0.0.1:${port}/health; stopping`);
    await shutdown(1);
  }
}

main().catch((error) => {
  console.error(`[start] ${error.message ?? error}`);
  void shutdown(1);
});
