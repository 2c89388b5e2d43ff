import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The import rules of eslint.config.mjs, on code that breaks them: a context imports
 * another only through its index.ts, and only an earlier context (CONTEXT_DEPENDENCIES).
 */
const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

function lint(filename: string, code: string): string[] {
  const result = spawnSync(process.execPath, [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filename], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return report.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint: context boundaries', () => {
  it('refuses an import of a later context', () => {
    expect(lint('libs/needs/src/probe.ts', "import { FairsService } from '@app/fairs';\nexport const probe = FairsService;\n")).toEqual([
      expect.stringMatching(/^contexts\/allowed-dependencies: needs may not import fairs/),
    ]);
  });

  it('refuses a deep import past another context’s index.ts', () => {
    const messages = lint(
      'libs/contracts/src/probe.ts',
      "import { NeedsRepository } from '../../needs/src/needs.repository';\nimport { X } from '@app/needs/need.policy';\nexport const probe = [NeedsRepository, X];\n",
    );
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: /), expect.stringMatching(/^no-restricted-imports: /)]);
  });

  it('lets a context import an earlier one through its index', () => {
    expect(lint('libs/contracts/src/probe.ts', "import { NeedsService } from '@app/needs';\nexport const probe = NeedsService;\n")).toEqual([]);
  });
});
