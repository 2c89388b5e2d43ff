import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { errorCode, TestApi, uniqueEmail } from './support/api';

const ROOT = join(__dirname, '..', '..');

/** `npm run seed`'s script under ts-node, on the given database. */
function seed(databaseUrl: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'scripts/seed.ts', '--needs', '60', '--organizations', '10', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', DATABASE_URL: databaseUrl, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Runs `run` with some environment variables set, and puts the old values back. */
async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('secrets and production safety (e2e)', () => {
  const scratchName = `${process.env.TEST_DATABASE_NAME}_prod`;
  let scratchUrl: string;
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${scratchName}"`);
    const url = new URL(process.env.TEST_ADMIN_DATABASE_URL!);
    url.pathname = `/${scratchName}`;
    scratchUrl = url.toString();
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
    await admin.end();
  });

  const communities = async () => {
    const c = new Client({ connectionString: scratchUrl });
    await c.connect();
    try {
      return Number((await c.query('SELECT count(*) FROM communities')).rows[0].count);
    } finally {
      await c.end();
    }
  };

  it('npm run seed refuses NODE_ENV=production unless --force', async () => {
    const refused = await seed(scratchUrl, [], { NODE_ENV: 'production' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('refusing to seed a production database');
    expect(refused.output).toContain('--force');
  }, 60_000);

  it('an api started in production marks its database, and seed then refuses it even without NODE_ENV', async () => {
    await withEnv(
      {
        NODE_ENV: 'production',
        DATABASE_URL: scratchUrl,
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL: uniqueEmail('prod-admin'),
        ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      },
      async () => {
        const api = await TestApi.start();
        await api.stop();
      },
    );
    const refused = await seed(scratchUrl, [], { NODE_ENV: 'development' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('refusing to seed a production database');
    expect(await communities()).toBe(0);
    const forced = await seed(scratchUrl, ['--force'], { NODE_ENV: 'development' });
    expect(forced.output).toContain('Seeded in');
    expect(forced.code).toBe(0);
    expect(await communities()).toBeGreaterThan(0);
  }, 120_000);

  it("npm run seed -- --if-empty (npm start's first run) fills an empty database once and leaves one that holds data as it is", async () => {
    const development = { NODE_ENV: 'development' }; // --force: the test above marked this database as production's
    const first = await seed(scratchUrl, ['--force', '--if-empty'], development);
    expect(first.code).toBe(0);
    const count = await communities();
    expect(count).toBeGreaterThan(0);
    const again = await seed(scratchUrl, ['--force', '--if-empty'], development);
    expect(again.output).toContain('the demo data was not written');
    expect(again.code).toBe(0);
    expect(await communities()).toBe(count);
    const plain = await seed(scratchUrl, ['--force'], development);
    expect(plain.output).toContain('already holds communities, organizations or needs');
    expect(plain.code).toBe(1);
    expect(await communities()).toBe(count);
  }, 120_000);

  it('rotating ADMIN_PASSWORD takes effect at the next start', async () => {
    const email = uniqueEmail('rotating-admin');
    const login = (api: TestApi, password: string) =>
      api.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
    await withEnv({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password' }, async () => {
      const api = await TestApi.start();
      try {
        expect(errorCode(await login(api, 'first-admin-password'))).toBeUndefined();
      } finally {
        await api.stop();
      }
    });
    await withEnv({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'second-admin-password' }, async () => {
      const api = await TestApi.start();
      try {
        expect(errorCode(await login(api, 'second-admin-password'))).toBeUndefined();
        expect(errorCode(await login(api, 'first-admin-password'))).toBe('UNAUTHENTICATED');
      } finally {
        await api.stop();
      }
    });
  }, 60_000);
});
