import { InvalidEnvironmentError, validateEnvironment } from './environment';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/marketplace', JWT_SECRET: 'a'.repeat(16) + 'b7c1d9e2f3a4b5c6d7e8f9a0' };

describe(validateEnvironment.name, () => {
  it('refuses a JWT_SECRET shorter than 32 characters, whatever NODE_ENV', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => validateEnvironment({ ...base, NODE_ENV, JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    }
  });

  it('refuses a published placeholder JWT_SECRET or ADMIN_PASSWORD in production only', () => {
    const placeholders = [
      'change-me-to-a-long-random-secret-0123456789',
      'test-only-secret-0123456789abcdef0123456789',
      'x'.repeat(40),
      'please-changeme-this-is-not-a-real-secret',
    ];
    for (const JWT_SECRET of placeholders) {
      expect(() => validateEnvironment({ ...base, NODE_ENV: 'production', JWT_SECRET })).toThrow(InvalidEnvironmentError);
      expect(() => validateEnvironment({ ...base, NODE_ENV: 'development', JWT_SECRET })).not.toThrow();
    }
    expect(() =>
      validateEnvironment({ ...base, NODE_ENV: 'production', ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'change-me-admin-password' }),
    ).toThrow(/ADMIN_PASSWORD: is a published placeholder/);
  });

  it('accepts a random secret in production', () => {
    const env = validateEnvironment({ ...base, NODE_ENV: 'production', JWT_SECRET: '3f9c2b7e1a4d8c6b5e0f9a2d7c4b1e8f6a3d0c9b2e5f8a1d4c7b0e3f6a9d2c5b' });
    expect(env.NODE_ENV).toBe('production');
    expect(env.STATEMENT_TIMEOUT_MS).toBe(5000);
    expect(env.WORKER_STATEMENT_TIMEOUT_MS).toBe(120_000);
    expect(env.LOGIN_FAILURES_PER_ADDRESS).toBeGreaterThan(env.LOGIN_FAILURES_PER_ACCOUNT);
  });

  it('reads the limits from the environment and names a bad one', () => {
    const env = validateEnvironment({ ...base, STATEMENT_TIMEOUT_MS: '2500', LOGIN_FAILURES_PER_ACCOUNT: '7' });
    expect(env.STATEMENT_TIMEOUT_MS).toBe(2500);
    expect(env.LOGIN_FAILURES_PER_ACCOUNT).toBe(7);
    expect(() => validateEnvironment({ ...base, STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_MS must be a whole number/);
  });
});
