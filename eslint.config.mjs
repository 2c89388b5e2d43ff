// ESLint for the api, the worker, the libraries, the scripts, the tests and the web app.
// `npm run lint` runs it with `prettier --check`; formatting is Prettier's alone.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Who may import whom: later contexts call earlier ones, never the reverse (a fair's
 * life runs directory → needs → fairs → matching-runs → contracts → live). A new
 * context gets a line here, listing the contexts it calls; ARCHITECTURE.md says why.
 */
const PLUMBING = ['core', 'reference-data', 'matching'];
export const CONTEXT_DEPENDENCIES = {
  'reference-data': [],
  matching: ['reference-data'],
  core: ['reference-data', 'matching'],
  directory: PLUMBING,
  identity: [...PLUMBING, 'directory'],
  needs: [...PLUMBING, 'directory'],
  fairs: [...PLUMBING, 'directory', 'needs'],
  'matching-runs': [...PLUMBING, 'directory', 'needs', 'fairs'],
  contracts: [...PLUMBING, 'directory', 'needs', 'fairs', 'matching-runs'],
  complaints: [...PLUMBING, 'directory', 'identity', 'needs', 'fairs', 'matching-runs', 'contracts'],
  live: [...PLUMBING, 'directory', 'needs', 'fairs', 'matching-runs', 'contracts', 'complaints'],
  insight: [...PLUMBING, 'directory', 'needs', 'fairs', 'matching-runs', 'contracts'],
};

/** The context a file belongs to (libs/<context>/src/...), or null outside the libraries. */
function contextOf(filename) {
  const match = /(?:^|[\\/])libs[\\/]([a-z-]+)[\\/]src[\\/]/.exec(filename);
  return match ? match[1] : null;
}

const contexts = {
  rules: {
    'allowed-dependencies': {
      meta: {
        type: 'problem',
        docs: { description: 'A context imports only the contexts CONTEXT_DEPENDENCIES lists for it, and never itself through its alias.' },
        schema: [],
      },
      create(context) {
        const own = contextOf(context.filename);
        if (!own) return {};
        return {
          ImportDeclaration(node) {
            const target = /^@app\/([a-z-]+)$/.exec(node.source.value)?.[1];
            if (!target) return;
            if (target === own) {
              context.report({ node, message: `${own} imports itself through @app/${own}: use a relative path` });
            } else if (!(own in CONTEXT_DEPENDENCIES)) {
              context.report({ node, message: `the context ${own} is not in CONTEXT_DEPENDENCIES (eslint.config.mjs): list the contexts it may call` });
            } else if (!CONTEXT_DEPENDENCIES[own].includes(target)) {
              context.report({
                node,
                message: `${own} may not import ${target}: ${own} calls only ${CONTEXT_DEPENDENCIES[own].join(', ') || 'nothing'} (a later context calls an earlier one, never the reverse)`,
              });
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['apps/web/dist/**', 'apps/web/src/gql/**', 'dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test/fixtures/**'] },
  // An eslint-disable comment that no rule needs is an error: none is left behind.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['apps/web/src/**'],
    languageOptions: { globals: globals.node },
    rules: {
      // `_` marks what a signature must take but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The web app runs in the browser; its components follow React's rules of hooks (and the compiler-era checks).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    plugins: { contexts },
    rules: {
      'contexts/allowed-dependencies': 'error',
      // A context's public face is its index.ts: no deep imports into another library (its testing helpers excepted, for specs and benchmarks).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/**'], message: 'Import a library through its index: @app/<context>.' },
            { regex: '^(\\.\\./)+(libs/)?[a-z-]+/src(?!/testing/)(/|$)', message: 'Import another library through its index: @app/<context>.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read GraphQL answers, which are untyped JSON.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    // node's globals less `crypto`, which the scripts require explicitly.
    languageOptions: { globals: { ...globals.node, crypto: 'off' }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
