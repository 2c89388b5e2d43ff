import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const compose = readFileSync(join(__dirname, '..', '..', 'docker', 'compose.yml'), 'utf8');

describe('docker/compose.yml', () => {
  it('has no default secret: compose refuses to start without JWT_SECRET, ADMIN_EMAIL and ADMIN_PASSWORD', () => {
    for (const name of ['JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) {
      const line = compose.split('\n').find((l) => l.trim().startsWith(`${name}:`));
      expect(line).toMatch(new RegExp(`^\\s*${name}: \\$\\{${name}:\\?[^}$]+\\}$`));
    }
    expect(compose).not.toMatch(/\$\{(JWT_SECRET|ADMIN_PASSWORD):?-/);
    expect(compose).not.toMatch(/change-me/);
  });
});
