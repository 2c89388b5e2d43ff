import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { routePreload } from './route-preload';

/**
 * The schema the typed operations were generated from (codegen reads the api's schema.gql),
 * hashed beside the built app: scripts/run-built.js rebuilds the app when the schema's text
 * differs, not when the api merely rewrote the file at its start.
 */
function schemaStamp(): Plugin {
  return {
    name: 'schema-stamp',
    apply: 'build',
    generateBundle() {
      const hash = createHash('sha256')
        .update(readFileSync(new URL('../../schema.gql', import.meta.url)))
        .digest('hex');
      this.emitFile({ type: 'asset', fileName: '.schema.sha256', source: `${hash}\n` });
    },
  };
}

// Two pages: the app (index.html) and the developers' GraphQL explorer (graphiql.html,
// served by the api at GET /graphql). Everything is bundled: nothing loads from a CDN.
export default defineConfig({
  plugins: [
    react(),
    schemaStamp(),
    // The pages people open by address (a link, a bookmark, the hall's screen): their chunks load beside the entry.
    routePreload({
      '/': 'src/home/Home.tsx',
      '/login': 'src/auth/Login.tsx',
      '/needs': 'src/needs/NeedList.tsx',
      '/register/community': 'src/auth/RegisterCommunity.tsx',
      '/register/organization': 'src/auth/RegisterOrganization.tsx',
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Read by scripts/bundle-report.mjs (npm run bench:bundle): what each first screen loads.
    manifest: true,
    rollupOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's packages carry React-compiler directives that bundling drops harmlessly.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:3000', ws: true },
      '/export': { target: 'http://localhost:3000' },
      '/import': { target: 'http://localhost:3000' },
    },
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'], setupFiles: ['src/test-setup.ts'] },
});
