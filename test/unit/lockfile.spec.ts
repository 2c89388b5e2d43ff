import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockedPackage {
  optionalDependencies?: Record<string, string>;
}

/**
 * `npm ci` on npm 11 refuses a lock file that lacks another platform's optional
 * binaries (e.g. @msgpackr-extract/msgpackr-extract-darwin-arm64): a fresh clone on
 * any machine must install from package-lock.json as it is.
 */
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

  it('locks every optional dependency of every locked package, for every platform', () => {
    const missing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        // npm resolves a dependency from the nearest node_modules upwards.
        const candidates: string[] = [];
        let base = path;
        for (;;) {
          candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
          const at = base.lastIndexOf('node_modules/');
          if (at < 0) break;
          base = base.slice(0, at).replace(/\/$/, '');
        }
        if (!candidates.some((candidate) => candidate in lock.packages)) missing.push(`${name} (wanted by ${path || 'the project'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
