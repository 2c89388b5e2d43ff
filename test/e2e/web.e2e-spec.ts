import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApi } from './support/api';

/**
 * The api serves the built web app at / with client routes falling back to
 * index.html, the GraphQL explorer at GET /graphql for a browser, and leaves
 * /graphql and /health to the API. A stand-in build (two HTML files) keeps this
 * test independent of the real vite build.
 */
describe('the web app served by the api (e2e)', () => {
  const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  let api: TestApi;
  let base: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>社洽会</title><div id="root"></div>');
    writeFileSync(join(dist, 'graphiql.html'), '<!doctype html><title>GraphiQL</title><div id="graphiql"></div>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    process.env.WEB_DIST_DIR = dist;
    process.env.GRAPHQL_EXPLORER = 'on';
    api = await TestApi.start();
    base = api.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    await api?.stop();
    process.env = saved;
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, and the hashed assets', async () => {
    for (const path of ['/', '/needs', '/screen/00000000-0000-4000-8000-000000000000', '/my/needs']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>社洽会</title>');
    }
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('shows the explorer to a browser at GET /graphql while POST /graphql and /health stay the API', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
    const post = await api.gql('{ fairs { id } }');
    expect(post.errors).toBeUndefined();
    expect(Array.isArray(post.data!.fairs)).toBe(true);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).not.toContain('社洽会');
    const getQuery = await fetch(`${base}/graphql?query=${encodeURIComponent('{ fairs { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await getQuery.json()) as { data: { fairs: unknown[] } }).data.fairs).toBeDefined();
  });
});

describe('the api without a built web app (e2e)', () => {
  let api: TestApi;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.WEB_DIST_DIR = join(tmpdir(), 'no-such-web-build');
    process.env.NODE_ENV = 'production';
    // Production refuses the tests' published placeholder secret.
    process.env.JWT_SECRET = randomBytes(32).toString('hex');
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api?.stop();
    process.env = saved;
  });

  it('still boots and answers GraphQL, with no explorer in production', async () => {
    expect((await api.gql('{ fairs { id } }')).errors).toBeUndefined();
    const page = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
  });
});
