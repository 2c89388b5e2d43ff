#!/usr/bin/env node
// Runs a built script (dist/scripts/*.js) the way `npm start` runs the apps:
// builds first when dist is missing or older than the sources, and with
// DATABASE_URL unset starts the embedded PostgreSQL (.data/postgres), hands its
// URL to the script, and stops it afterwards.
//   node scripts/run-built.js dist/scripts/seed.js --needs 100000
// start.js shares ensureBuilt() and ensureDatabase() from here.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { startEmbeddedPostgres } = require('./embedded-postgres');

const ROOT = path.resolve(__dirname, '..');
const BUILD_STAMP = path.join(ROOT, 'dist', '.build-complete');
const SOURCE_DIRS = ['apps', 'libs', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

const WEB = path.join(ROOT, 'apps', 'web');
const WEB_STAMP = path.join(WEB, 'dist', 'index.html');
const WEB_SOURCES = ['src', 'index.html', 'graphiql.html', 'vite.config.ts', 'codegen.ts', 'package.json', 'tsconfig.json'].map((p) => path.join(WEB, p));

function newestMtime(paths, accept) {
  let newest = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      if (path.basename(p) === 'node_modules' || path.basename(p) === 'dist') return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (accept(p)) newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

const SCHEMA = path.join(ROOT, 'schema.gql');
/** The schema the web app was last built against (written by the web build: apps/web/vite.config.ts). */
const WEB_SCHEMA_STAMP = path.join(WEB, 'dist', '.schema.sha256');
const schemaHash = () => (fs.existsSync(SCHEMA) ? crypto.createHash('sha256').update(fs.readFileSync(SCHEMA)).digest('hex') : '');

/**
 * Why the web app needs building, or null when apps/web/dist is newer than its sources and
 * was built against the current schema. The schema by content: the api rewrites schema.gql
 * at every start in development, the same text with a new time.
 */
function webBuildReason() {
  if (!fs.existsSync(WEB_STAMP)) return 'the web app is not built';
  const built = fs.statSync(WEB_STAMP).mtimeMs;
  const sources = Math.max(
    newestMtime(WEB_SOURCES, (p) => !p.includes(`${path.sep}gql${path.sep}`)),
    newestMtime([path.join(ROOT, 'package-lock.json')], () => true),
  );
  const schemaChanged = fs.existsSync(WEB_SCHEMA_STAMP)
    ? fs.readFileSync(WEB_SCHEMA_STAMP, 'utf8').trim() !== schemaHash()
    : newestMtime([SCHEMA], () => true) > built;
  return sources > built || schemaChanged ? 'the web app changed since its last build' : null;
}

function newestSourceMtime() {
  let newest = 0;
  const visit = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      if (path.basename(p) === 'node_modules' || path.basename(p) === 'testing' || p === WEB) return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, dir))) visit(path.join(ROOT, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(ROOT, file))) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
  return newest;
}

/** Why a build is needed, or null when dist/ is complete and newer than every source. */
function buildReason() {
  if (!fs.existsSync(BUILD_STAMP)) return 'dist/ is missing or incomplete';
  if (newestSourceMtime() > fs.statSync(BUILD_STAMP).mtimeMs) return 'sources changed since the last build';
  return null;
}

/** `npm run build` (api, worker and web app) when needed, or only `npm run build:web`; throws when the build fails. */
function ensureBuilt(log = console.log) {
  const reason = buildReason();
  const webReason = reason ? null : webBuildReason();
  if (!reason && !webReason) return false;
  const script = reason ? 'build' : 'build:web';
  log(`Building (${reason ?? webReason})...`);
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed; see the compiler output above`);
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/**
 * DATABASE_URL set: used as is. Unset: the embedded PostgreSQL (.data/postgres,
 * database "marketplace") is started, or reused when another process already runs
 * it, and DATABASE_URL is set for this process and its children. Returns the
 * embedded server's handle (with stop()) or null.
 */
async function ensureDatabase(log = console.log) {
  if (process.env.DATABASE_URL) return null;
  const embedded = await startEmbeddedPostgres({ name: 'postgres', database: 'marketplace', log });
  process.env.DATABASE_URL = embedded.url;
  log(`DATABASE_URL unset: using the embedded PostgreSQL at ${embedded.url}`);
  return embedded;
}

async function main() {
  const [script, ...args] = process.argv.slice(2);
  if (!script) {
    console.error('usage: node scripts/run-built.js dist/scripts/<name>.js [args...]');
    process.exit(2);
  }
  const log = (msg) => console.error(`[run] ${msg}`); // stderr: the script's own output stays clean
  ensureBuilt(log);
  const embedded = await ensureDatabase(log);
  const child = spawn(process.execPath, [path.resolve(ROOT, script), ...args], { cwd: ROOT, env: process.env, stdio: 'inherit' });
  // Ctrl-C reaches the child directly (same process group); wait for it, then stop the database.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  if (embedded) await embedded.stop();
  process.exit(code);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}

module.exports = { ensureBuilt, ensureDatabase, buildReason, webBuildReason, ROOT };
