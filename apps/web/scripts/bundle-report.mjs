// The JavaScript each first screen loads, gzip, read from the built app's manifest (`npm run build:web` first):
// the entry with its static imports plus the route's own chunk with its static imports. The budget for / is 300 KB.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const screens = { '/': 'src/home/Home.tsx', '/login': 'src/auth/Login.tsx', '/needs': 'src/needs/NeedList.tsx', '/screen/:fairId': 'src/screen/BigScreen.tsx' };

function chunksOf(keys) {
  const files = new Map();
  const visit = (key) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) return;
    if (entry.file.endsWith('.js')) files.set(entry.file, gzipSync(readFileSync(join(dist, entry.file)), { level: 9 }).length);
    (entry.imports ?? []).forEach(visit);
  };
  keys.forEach(visit);
  return files;
}

for (const [route, page] of Object.entries(screens)) {
  const files = chunksOf(['index.html', page]);
  const total = [...files.values()].reduce((a, b) => a + b, 0);
  const budget = route === '/' ? ' (budget 300 KB)' : '';
  console.log(`[bundle] ${route.padEnd(16)} ${(total / 1024).toFixed(1).padStart(6)} KB gzip in ${files.size} files${budget}`);
}
