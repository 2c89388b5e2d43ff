// Two projects: unit specs beside the code, and e2e specs that boot the whole app
// against real PostgreSQL and Redis (a fresh database per run, see test/setup).
const moduleNameMapper = {
  '^@app/core(|/.*)$': '<rootDir>/libs/core/src$1',
  '^@app/(identity|directory|needs|fairs|matching|matching-runs|contracts|complaints|reference-data)$': '<rootDir>/libs/$1/src',
  '^@app/live$': '<rootDir>/libs/live/src',
  '^@app/insight$': '<rootDir>/libs/insight/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] };

module.exports = {
  // e2e specs boot the whole app and wait for real jobs; unit specs finish far below this.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      // The web app's component tests run under vitest (npm test runs them too).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
      transform,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      testTimeout: 60000,
    },
  ],
};
