import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { uniqueCreditCode, uniqueEmail } from './support/api';

const ROOT = join(__dirname, '..', '..');

/** A real api process (apps/api/src/main.ts under ts-node), sharing nothing with this one but the database and Redis. */
class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly output: string[],
  ) {}

  static async start(env: Record<string, string | undefined>): Promise<ApiProcess> {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    const api = new ApiProcess(child, `http://127.0.0.1:${port}/graphql`, output);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the api exited (${child.exitCode}):\n${output.join('')}`);
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return api;
      if (Date.now() > deadline) throw new Error(`the api did not start:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async gql(
    query: string,
    variables: Record<string, unknown>,
    address: string,
  ): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: any }> }> {
    const response = await fetch(this.url, {
      method: 'POST',
      // TRUST_PROXY=loopback: the api takes the caller's address from X-Forwarded-For, as behind a reverse proxy.
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A documentation address (RFC 3849), unique per call: only ever sent as a header to the local api. */
const address = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const REGISTER = 'mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token } }';
const organizationInput = () => ({
  email: uniqueEmail('throttle'),
  password: 'organization-password',
  name: `限流测试社工服务中心-${randomUUID().slice(0, 6)}`,
  creditCode: uniqueCreditCode(),
  form: 'SOCIAL_SERVICE_AGENCY',
  district: '玄武区',
  location: { lat: 32.06, lng: 118.8 },
  serviceRadiusKm: 15,
  certifiedSocialWorkers: 6,
  staffCount: 20,
  maxConcurrentProjects: 3,
});

const stores: Array<[string, Record<string, string | undefined>]> = [['PostgreSQL (no REDIS_URL)', { REDIS_URL: '' }]];
if (process.env.REDIS_URL) stores.unshift(['Redis', {}]);

describe.each(stores)('throttling across two api processes, %s store (e2e)', (_store, storeEnv) => {
  let a: ApiProcess;
  let b: ApiProcess;
  const limits = {
    LOGIN_FAILURES_PER_ACCOUNT: '3',
    LOGIN_FAILURES_PER_ADDRESS: '8',
    LOGIN_WINDOW_SECONDS: '60',
    REGISTRATIONS_PER_ADDRESS: '4',
    REGISTRATION_WINDOW_SECONDS: '60',
    TRUST_PROXY: 'loopback',
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([ApiProcess.start({ ...limits, ...storeEnv }), ApiProcess.start({ ...limits, ...storeEnv })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  }, 60_000);

  /** Registers an organization through `api` and returns its email. */
  async function account(api: ApiProcess, from: string): Promise<string> {
    const input = organizationInput();
    const result = await api.gql(REGISTER, { input }, from);
    expect(result.errors).toBeUndefined();
    return input.email;
  }

  it("locks an account after its failed logins, on both processes, without locking the address's other accounts", async () => {
    const from = address();
    const victim = await account(a, from);
    const colleague = await account(b, from);
    // Three failures, spread over the two processes: the count is shared.
    for (const api of [a, b, a]) expect((await api.gql(LOGIN, { e: victim, p: 'wrong-password' }, from)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const api of [b, a]) {
      const locked = await api.gql(LOGIN, { e: victim, p: 'organization-password' }, from);
      expect(locked.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'ACCOUNT_LOCKED' });
      expect(locked.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
      expect(locked.errors?.[0].extensions.retryAfter).toBeLessThanOrEqual(60);
    }
    // The same office signs in to another account as usual.
    expect((await b.gql(LOGIN, { e: colleague, p: 'organization-password' }, from)).data?.login.token).toEqual(expect.any(String));
  });

  it('a successful login clears the account’s failures', async () => {
    const from = address();
    const email = await account(a, from);
    for (const api of [a, b]) await api.gql(LOGIN, { e: email, p: 'wrong-password' }, from);
    expect((await b.gql(LOGIN, { e: email, p: 'organization-password' }, from)).data?.login.token).toEqual(expect.any(String));
    for (const api of [a, b]) await api.gql(LOGIN, { e: email, p: 'wrong-password' }, from);
    expect((await a.gql(LOGIN, { e: email, p: 'organization-password' }, from)).data?.login.token).toEqual(expect.any(String));
  });

  it('locks an address that fails on many accounts, and only that address', async () => {
    const from = address();
    const owner = await account(a, address());
    // 8 failures on 8 different (unknown) accounts, half on each process.
    for (let i = 0; i < 8; i++) await (i % 2 ? a : b).gql(LOGIN, { e: uniqueEmail('guess'), p: 'wrong-password' }, from);
    const refused = await a.gql(LOGIN, { e: owner, p: 'organization-password' }, from);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'ADDRESS_LOCKED', retryAfter: expect.any(Number) });
    expect((await b.gql(LOGIN, { e: owner, p: 'organization-password' }, address())).data?.login.token).toEqual(expect.any(String));
  });

  it('limits registrations per address across both processes', async () => {
    const from = address();
    for (const api of [a, b, a, b]) expect((await api.gql(REGISTER, { input: organizationInput() }, from)).errors).toBeUndefined();
    const refused = await a.gql(REGISTER, { input: organizationInput() }, from);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'TOO_MANY_REGISTRATIONS', retryAfter: expect.any(Number) });
    expect(refused.data ?? null).toBeNull();
    expect((await b.gql(REGISTER, { input: organizationInput() }, address())).errors).toBeUndefined();
  });
});
