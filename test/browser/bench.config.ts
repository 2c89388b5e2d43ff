import base from './playwright.config';

/** `npm run bench:web`: measures the web budgets and prints them (nothing is asserted). */
export default { ...base, testMatch: '**/*.bench.ts', timeout: 300_000, reporter: [['list']] };
