/**
 * Bulk import benchmark: builds a needs booklet as XLSX (2,100 rows by default, the size
 * of a district's 需求手册), registers a community on a running api, posts the booklet
 * to POST /import/needs (first as a dry run, then for real) and prints the time of each,
 * measured by the client from the request's start to the whole answer.
 *
 *   npm run bench:import -- [--api http://127.0.0.1:3000] [--rows 2100] [--runs 3] [--no-dry-run]
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node -r tsconfig-paths/register scripts/bench-import.ts --api http://127.0.0.1:3000
 *
 * `--no-dry-run` posts only the import (so the first run shows an api's first import after it started, cold).
 * The api must be running (`npm start`). The benchmark registers one community (a
 * registration counts against the per-address throttle) and imports every run's booklet
 * for it; the needs stay in that database.
 */
import { randomUUID } from 'node:crypto';
import { NEED_HEADERS, needRow, postImport, xlsxOf } from './support/booklet';

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

async function registerCommunity(api: string): Promise<string> {
  const response = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { token } }`,
      variables: {
        input: {
          email: `bench-import-${randomUUID().slice(0, 12)}@marketplace.test`,
          password: 'bench-import-password',
          name: `基准测试社区-${randomUUID().slice(0, 6)}`,
          district: '玄武区',
          street: '锁金村街道',
          location: { lat: 32.0756, lng: 118.8103 },
        },
      },
    }),
  });
  const body = (await response.json()) as { data?: { registerCommunity: { token: string } }; errors?: unknown[] };
  if (!body.data) throw new Error(`registerCommunity failed: ${JSON.stringify(body.errors)}`);
  return body.data.registerCommunity.token;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const api = option(argv, 'api', process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const rows = Number(option(argv, 'rows', '2100'));
  const runs = Number(option(argv, 'runs', '3'));
  const headers = NEED_HEADERS.filter((h) => h !== '社区');
  const started = performance.now();
  const file = await xlsxOf(
    headers,
    Array.from({ length: rows }, (_, i) => needRow(i)),
  );
  console.log(`booklet: ${rows} rows, ${(file.length / 1024).toFixed(0)} KB XLSX, built in ${Math.round(performance.now() - started)} ms`);

  const times: number[] = [];
  const token = await registerCommunity(api);
  for (let run = 1; run <= runs; run++) {
    const dry = argv.includes('--no-dry-run') ? null : await postImport(api, '/import/needs?dryRun=true', token, file, 'booklet.xlsx');
    if (dry && dry.status !== 200) throw new Error(`dry run answered ${dry.status}: ${JSON.stringify(dry.body.errors.slice(0, 3))}`);
    const real = await postImport(api, '/import/needs', token, file, 'booklet.xlsx');
    if (real.status !== 200 || real.body.created !== rows) throw new Error(`import answered ${real.status}: ${JSON.stringify(real.body).slice(0, 300)}`);
    times.push(real.ms);
    console.log(`run ${run}: ${dry ? `dry run ${Math.round(dry.ms)} ms, ` : ''}import of ${real.body.created} needs ${Math.round(real.ms)} ms`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `import of ${rows} rows: median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, worst ${Math.round(sorted[sorted.length - 1])} ms (budget 3000 ms)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
