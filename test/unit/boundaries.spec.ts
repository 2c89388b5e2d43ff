import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The bounded contexts' boundaries, checked on the source: each context alone writes
 * and queries its tables. Contexts and their tables are learnt from the tree itself: a
 * context is a folder libs/<context>/src, and its tables are the `@Entity('name')` of
 * its entities/*.entity.ts. So a new context is checked as soon as it has entities.
 *
 * Entity files may point at other contexts' entities (relations are foreign keys: the
 * schema, not queries); migrations are core's, for every context.
 */
const ROOT = join(__dirname, '..', '..');
const LIBS = join(ROOT, 'libs');
/** Shared plumbing: owns audit_log, but writes no domain rules (its helpers may build errors and run SQL). */
const PLUMBING = 'core';
/** Query-builder methods whose first argument may be a table name. */
const QUERY_BUILDER_TABLE_ARGS = new Set(['from', 'innerJoin', 'leftJoin', 'innerJoinAndSelect', 'leftJoinAndSelect', 'into', 'update', 'delete', 'insert']);
/** The core helpers that build a DomainError, and the argument that carries the reason. */
const ERROR_HELPERS: Record<string, number> = { badInput: 2, notFound: 2, conflict: 2, forbidden: 1, unauthenticated: 1 };

export interface Violation {
  file: string;
  line: number;
  rule: string;
  text: string;
}

interface SourceFile {
  context: string;
  path: string; // relative to the repository root
  source: ts.SourceFile;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function contexts(): string[] {
  return readdirSync(LIBS).filter((name) => statSync(join(LIBS, name, 'src')).isDirectory());
}

function parse(path: string, text = readFileSync(path, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** table name → owning context, from every `@Entity('name')`. */
export function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const context of contexts()) {
    const dir = join(LIBS, context, 'src', 'entities');
    let files: string[];
    try {
      files = filesUnder(dir).filter((f) => f.endsWith('.entity.ts'));
    } catch {
      continue; // a context without tables
    }
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_][a-z0-9_]*)'/g)) owners.set(match[1], context);
    }
  }
  return owners;
}

const isEntityFile = (path: string) => path.split(sep).includes('entities');
const isMigration = (path: string) => path.split(sep).includes('migrations');
const isRepository = (path: string) => path.endsWith('.repository.ts');
const isErrorsFile = (path: string, context: string) => path.endsWith(`${sep}${context}.errors.ts`);

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

/** The literal text of strings and templates: where SQL lives. */
function literalTexts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return [];
}

function isInTypePosition(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isTypeNode(current) || ts.isImportDeclaration(current) || ts.isExportSpecifier(current)) return true;
    if (ts.isStatement(current) || ts.isClassElement(current)) return false;
  }
  return false;
}

/** Every rule on one file of one context. */
export function checkFile(file: SourceFile, owners: Map<string, string>): Violation[] {
  const { context, path, source } = file;
  const violations: Violation[] = [];
  const report = (node: ts.Node, rule: string, text: string) => violations.push({ file: path, line: lineOf(source, node), rule, text });
  if (isMigration(path)) return violations;
  const foreignTables = [...owners].filter(([, owner]) => owner !== context).map(([table]) => table);
  const sqlNaming = (table: string) => new RegExp(`\\b(from|join|update|into|table)\\s+"?${table}"?(?![a-z0-9_])`, 'i');

  // Another context's entity classes imported as values (a repository, a query builder, a lock on its rows).
  const foreignEntities = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = /^@app\/([a-z-]+)$/.exec(statement.moduleSpecifier.text)?.[1];
    if (!from || from === context) continue;
    const named = statement.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) for (const el of named.elements) if (el.name.text.endsWith('Entity')) foreignEntities.add(el.name.text);
  }

  visit(source, (node) => {
    for (const text of literalTexts(node)) {
      for (const table of foreignTables) {
        if (sqlNaming(table).test(text)) report(node, 'names another context’s table', `${table} (owned by ${owners.get(table)})`);
      }
    }
    if (!isEntityFile(path) && ts.isIdentifier(node) && foreignEntities.has(node.text) && !isInTypePosition(node)) {
      report(node, 'uses another context’s entity as a value', node.text);
    }
    // A query builder given a table by name: .innerJoin('service_needs', 'n', ...), .from('bids', 'b').
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && QUERY_BUILDER_TABLE_ARGS.has(node.expression.name.text)) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first) && foreignTables.includes(first.text)) {
        report(first, 'names another context’s table', `${first.text} (owned by ${owners.get(first.text)})`);
      }
    }
    if (context === PLUMBING) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (!isRepository(path) && (name === 'runSql' || name === 'createQueryBuilder' || (name === 'query' && ts.isPropertyAccessExpression(callee)))) {
        report(node, 'SQL outside a repository', node.getText(source).slice(0, 80));
      }
      if (ts.isIdentifier(callee) && name in ERROR_HELPERS) {
        if (!isErrorsFile(path, context)) report(node, `error built outside ${context}.errors.ts`, name);
        else if (node.arguments.length <= ERROR_HELPERS[name]) report(node, 'error without a reason', node.getText(source).slice(0, 80));
      }
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'DomainError') {
      if (!isErrorsFile(path, context)) report(node, `error built outside ${context}.errors.ts`, 'DomainError');
      else if ((node.arguments?.length ?? 0) < 4) report(node, 'error without a reason', node.getText(source).slice(0, 80));
    }
  });
  return violations;
}

function contextFiles(): SourceFile[] {
  return contexts().flatMap((context) => filesUnder(join(LIBS, context, 'src')).map((path) => ({ context, path: relative(ROOT, path), source: parse(path) })));
}

describe('context boundaries', () => {
  const owners = tableOwners();

  it('learns every context’s tables from its entities', () => {
    expect(owners.get('service_needs')).toBe('needs');
    expect(owners.get('bids')).toBe('fairs');
    expect(owners.get('match_proposals')).toBe('matching-runs');
    expect(owners.get('contracts')).toBe('contracts');
    expect(owners.get('organizations')).toBe('directory');
    expect(owners.get('users')).toBe('identity');
    expect(owners.get('audit_log')).toBe('core');
  });

  it('no context names another context’s table, uses its entities as values, writes SQL outside its repositories, or throws an error without a reason', () => {
    const violations = contextFiles().flatMap((file) => checkFile(file, owners));
    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}: ${v.text}`)).toEqual([]);
  });

  describe('would notice', () => {
    const check = (context: string, path: string, text: string) =>
      checkFile({ context, path, source: parse(join(ROOT, path), text) }, owners).map((v) => v.rule);

    it('SQL naming another context’s table, in a repository or not', () => {
      expect(check('matching-runs', 'libs/matching-runs/src/runs.repository.ts', 'const q = `UPDATE service_needs SET status = $1`;')).toEqual([
        'names another context’s table',
      ]);
      expect(check('fairs', 'libs/fairs/src/x.repository.ts', "qb.innerJoin('service_needs', 'n', 'n.id = b.need_id');")).toEqual([
        'names another context’s table',
      ]);
      expect(check('fairs', 'libs/fairs/src/x.repository.ts', "const q = 'SELECT id FROM report_needs WHERE fair_id = $1';")).toEqual([]);
    });

    it('another context’s entity used to query its rows', () => {
      const text = "import { ServiceNeedEntity } from '@app/needs';\nconst need = (m: EntityManager) => m.findOneBy(ServiceNeedEntity, { id });";
      expect(check('contracts', 'libs/contracts/src/x.repository.ts', text)).toEqual(['uses another context’s entity as a value']);
      expect(check('contracts', 'libs/contracts/src/x.ts', "import { ServiceNeedEntity } from '@app/needs';\nlet need: ServiceNeedEntity;")).toEqual([]);
    });

    it('SQL in a service, and errors without a reason or outside the errors file', () => {
      expect(check('fairs', 'libs/fairs/src/x.service.ts', "await m.query('SELECT 1 FROM bids');")).toEqual(['SQL outside a repository']);
      expect(check('fairs', 'libs/fairs/src/fairs.errors.ts', "export const E = { x: () => conflict('no', {}) };")).toEqual(['error without a reason']);
      expect(check('fairs', 'libs/fairs/src/x.service.ts', "throw notFound('Bid', id, R.BID_NOT_FOUND);")).toEqual(['error built outside fairs.errors.ts']);
    });
  });
});
