import {
  buildSchema,
  DefinitionNode,
  DocumentNode,
  FragmentDefinitionNode,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  OperationDefinitionNode,
  parse,
  typeFromAST,
  validate,
  visit,
} from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MAX_SESSION_NEEDS } from '../../libs/fairs/src/dto/fairs.inputs';
import { DEFAULT_CONTRACTS_PAGE } from '../../libs/contracts/src/dto/contract.inputs';
import { MAX_PROPOSALS_PAGE } from '../../libs/matching-runs/src/dto/matching-runs.inputs';
import { FIELD_COSTS, LIST_SIZES, QUERY_LIMITS } from '../../libs/core/src/graphql/query-cost';
import { enforceQueryLimits, measureOperation, QueryLimitError, QueryLimitReason } from '../../libs/core/src/graphql/query-limits';
import { ServiceDomain } from '../../libs/reference-data/src';

const ROOT = join(__dirname, '..', '..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));

interface Operation {
  source: string;
  name: string;
  document: DocumentNode;
  variables: Record<string, unknown>;
}

function filesUnder(dir: string, suffix: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'gql') return [];
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

/** A placeholder for a required variable: Int 100 (the largest page), ids, strings, first enum values, required input fields. */
function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [placeholder(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, placeholder(f.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 100;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      case 'Decimal':
        return '1000.00';
      case 'Date':
        return '2026-12-01';
      case 'DateTime':
        return '2026-12-01T08:00:00.000Z';
      default:
        return 'x';
    }
  }
  return null;
}

function fillRequired(operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const variables = { ...given };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!(name in variables) && type && isNonNullType(type) && !definition.defaultValue) variables[name] = placeholder(type);
  }
  return variables;
}

/** Every operation of some GraphQL documents, each with the fragments it uses (from any of them). */
function operationsOf(sources: Array<{ source: string; text: string }>): Operation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const parsed = sources.map(({ source, text }) => ({ source, text, document: parse(text) }));
  for (const { document } of parsed) for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operations: Operation[] = [];
  for (const { source, text, document } of parsed) {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const used = new Map<string, DefinitionNode>();
      const collect = (node: DefinitionNode) =>
        visit(node, {
          FragmentSpread(spread) {
            const fragment = fragments.get(spread.name.value);
            if (fragment && !used.has(fragment.name.value)) {
              used.set(fragment.name.value, fragment);
              collect(fragment);
            }
          },
        });
      collect(definition);
      // `# variables: {...}` on the line before the operation gives its variables.
      const before = text.slice(0, definition.loc!.start).trimEnd().split('\n').pop() ?? '';
      const given = before.startsWith('# variables:') ? JSON.parse(before.slice('# variables:'.length)) : {};
      operations.push({
        source,
        name: definition.name?.value ?? `${definition.operation} at line ${definition.loc!.startToken.line}`,
        document: { kind: Kind.DOCUMENT, definitions: [definition, ...used.values()] },
        variables: fillRequired(definition, given),
      });
    }
  }
  return operations;
}

/** The e2e suite's operations: template literals of the specs, `${NAME}` filled from the file's own constants. */
function e2eOperations(): Operation[] {
  const sources: Array<{ source: string; text: string }> = [];
  for (const file of filesUnder(join(ROOT, 'test', 'e2e'), '.ts')) {
    const code = readFileSync(file, 'utf8');
    const constants = new Map<string, string>();
    for (const m of code.matchAll(/const (\w+)\s*=\s*(?:'([^']*)'|`([^`$]*)`)/g)) constants.set(m[1], m[2] ?? m[3]);
    let n = 0;
    for (const m of code.matchAll(/`\s*((?:query|mutation|subscription)\b[^`]*|\{[^`]*)`/g)) {
      const text = m[1].replace(/\$\{\s*(\w+)[^}]*\}/g, (_, name: string) => constants.get(name) ?? 'x');
      try {
        parse(text);
      } catch {
        continue; // not GraphQL (a JSON template, an object literal)
      }
      sources.push({ source: `${relative(ROOT, file)}#${++n}`, text });
    }
  }
  return operationsOf(sources);
}

/** The README's examples: the JSON bodies of its curl calls and the graphql-ws example. */
function readmeOperations(): Operation[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sources: Array<{ source: string; text: string }> = [];
  for (const m of readme.matchAll(/"query":\s*"((?:[^"\\]|\\.)*)"/g)) sources.push({ source: 'README.md', text: JSON.parse(`"${m[1]}"`) });
  for (const m of readme.matchAll(/\{"query":"((?:[^"\\]|\\.)*)"\}/g))
    sources.push({ source: 'README.md', text: JSON.parse(`"${m[1].replace(/\\\\"/g, '\\"')}"`) });
  for (const m of readme.matchAll(/query: '((?:query|mutation|subscription)[^']*)'/g)) sources.push({ source: 'README.md', text: m[1] });
  return operationsOf(sources);
}

const fileOperations = (dir: string) =>
  operationsOf(filesUnder(dir, '.graphql').map((file) => ({ source: relative(ROOT, file), text: readFileSync(file, 'utf8') })));

const webApp = fileOperations(join(ROOT, 'apps', 'web', 'src'));
const product = fileOperations(join(ROOT, 'test', 'fixtures', 'operations'));
const e2e = e2eOperations();
const readme = readmeOperations();

/** Parsed and validated as the server does, then held to the limits: the refusal, and how long the limits took to decide it. */
function refusal(query: string, variables: Record<string, unknown> = {}): { error: QueryLimitError; ms: number } {
  const document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens });
  expect(validate(schema, document)).toEqual([]);
  const started = performance.now();
  try {
    enforceQueryLimits(schema, document, undefined, variables);
  } catch (error) {
    if (error instanceof QueryLimitError) return { error, ms: performance.now() - started };
    throw error;
  }
  throw new Error('the operation was not refused');
}

describe('query limits', () => {
  describe("the product's own operations pass", () => {
    it('finds the operations it checks', () => {
      expect(product.length).toBeGreaterThanOrEqual(20);
      expect(e2e.length).toBeGreaterThanOrEqual(100);
      expect(readme.length).toBeGreaterThanOrEqual(4);
    });

    const groups: Array<[string, Operation[]]> = [
      ['the web app (apps/web/src/**/*.graphql)', webApp],
      ['the typical web app operations (test/fixtures/operations)', product],
      ["the README's examples", readme],
      ["the e2e suite's operations", e2e],
    ];
    for (const [label, operations] of groups) {
      const run = operations.length > 0 ? it : it.skip;
      run(`${label}: ${operations.length} operations, all valid and within the limits`, () => {
        const refused: string[] = [];
        for (const op of operations) {
          const invalid = validate(schema, op.document);
          if (invalid.length > 0) {
            // The e2e suite also sends invalid operations on purpose (to test BAD_USER_INPUT): those are not clients' calls.
            if (label.startsWith('the e2e')) continue;
            refused.push(`${op.source} ${op.name}: invalid: ${invalid[0].message}`);
            continue;
          }
          try {
            enforceQueryLimits(schema, op.document, undefined, op.variables);
          } catch (error) {
            const reason = error instanceof QueryLimitError ? error.reason : 'error';
            if (label.startsWith('the e2e') && reason === 'error') continue; // placeholder variables that do not fit
            refused.push(`${op.source} ${op.name}: ${reason}: ${(error as Error).message}`);
          }
        }
        expect(refused).toEqual([]);
      });
    }

    it("passes the organizer's contract list that the old cost model refused (10501 > 5000)", () => {
      const document = parse(
        '{ contracts { id number status amount milestones { seq amount paid } need { id status } organization { id } evaluation { score } } }',
      );
      const m = enforceQueryLimits(schema, document);
      expect(m.cost).toBeLessThan(QUERY_LIMITS.maxCost / 5);
    });
  });

  describe('refuses the abusive operations of issue 7, in milliseconds', () => {
    it('the fair → sessions → needs → fair → sessions → needs cycle (REPEATED_LIST)', () => {
      const { error, ms } = refusal('query($f: ID!) { fair(id: $f) { sessions { needs { fair { sessions { needs { id description } } } } } } }', {
        f: '00000000-0000-4000-8000-000000000000',
      });
      expect(error.reason).toBe(QueryLimitReason.REPEATED_LIST);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPEATED_LIST' });
      expect(error.message).toMatch(/^(Fair\.sessions|MatchSession\.needs) is asked for again inside itself/);
      expect(ms).toBeLessThan(200);
    });

    it('300 aliases of ocdsReleasePackage (TOO_MANY_ALIASES)', () => {
      const fields = Array.from({ length: 300 }, (_, i) => `p${i}: ocdsReleasePackage(fairId: $f)`).join(' ');
      const { error, ms } = refusal(`query($f: ID!) { ${fields} }`, { f: '00000000-0000-4000-8000-000000000000' });
      expect(error.reason).toBe(QueryLimitReason.TOO_MANY_ALIASES);
      expect(ms).toBeLessThan(200);
    });

    it('500 aliases of needs(text) totalCount (TOO_MANY_ALIASES, and too large a document)', () => {
      const fields = Array.from({ length: 500 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ');
      const started = performance.now();
      expect(() => parse(`{ ${fields} }`, { maxTokens: QUERY_LIMITS.maxTokens })).toThrow(/more th(?:an|at) 4000 tokens/);
      expect(performance.now() - started).toBeLessThan(200);
      const within = Array.from({ length: 40 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ');
      const { error, ms } = refusal(`{ ${within} }`);
      expect(error.reason).toBe(QueryLimitReason.TOO_MANY_ALIASES);
      expect(ms).toBeLessThan(200);
    });

    it('a few aliases of heavy fields, within the alias limit, are priced (QUERY_TOO_COMPLEX)', () => {
      const ocds = Array.from({ length: 3 }, (_, i) => `p${i}: ocdsReleasePackage(fairId: $f)`).join(' ');
      expect(refusal(`query($f: ID!) { ${ocds} }`, { f: '00000000-0000-4000-8000-000000000000' }).error.reason).toBe(QueryLimitReason.QUERY_TOO_COMPLEX);
      const texts = Array.from({ length: 15 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ');
      expect(refusal(`{ ${texts} }`).error.reason).toBe(QueryLimitReason.QUERY_TOO_COMPLEX);
    });

    it('a nested list beyond its cap even without a cycle (QUERY_TOO_COMPLEX)', () => {
      const { error } = refusal('{ fairs { sessions { needs { id title description budget community { name } } } } }');
      expect(error.reason).toBe(QueryLimitReason.QUERY_TOO_COMPLEX);
      expect(error.extensions.cost).toBeGreaterThan(QUERY_LIMITS.maxCost);
    });

    it('reads page sizes from variables, as the server will run them', () => {
      const query = 'query($n: Int) { needs(first: $n) { nodes { id bids { id organization { offerings { id title domain } } } } } }';
      const document = parse(query);
      expect(() => enforceQueryLimits(schema, document, undefined, { n: 5 })).not.toThrow();
      expect(() => enforceQueryLimits(schema, document, undefined, { n: 100 })).toThrow(QueryLimitError);
    });

    it('too many root fields without aliases (TOO_MANY_ROOT_FIELDS)', () => {
      const { error } = refusal('fragment F on Query { a: me { id } b: me { id } c: me { id } d: me { id } e: me { id } } { ...F ...F ...F ...F ...F }');
      expect([QueryLimitReason.TOO_MANY_ROOT_FIELDS, QueryLimitReason.TOO_MANY_ALIASES]).toContain(error.reason);
      const plain = refusal(`{ ${Array.from({ length: 21 }, () => 'me { id }').join(' ')} fairs { id } }`);
      expect(plain.error.reason).toBe(QueryLimitReason.TOO_MANY_ROOT_FIELDS);
    });

    it('a query nested deeper than the limit (QUERY_TOO_DEEP)', () => {
      let selection = 'id';
      for (let i = 0; i < 7; i++) selection = `proposal { contract { ${selection} } }`;
      const { error } = refusal(`query($c: ID!) { contract(id: $c) { ${selection} } }`, { c: '00000000-0000-4000-8000-000000000000' });
      expect(error.reason).toBe(QueryLimitReason.QUERY_TOO_DEEP);
    });

    it('measures a fragment bomb (fragments spread into each other 2^30 times) in milliseconds', () => {
      const levels = 30;
      const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Fair { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : 'id'} }`).join(
        '\n',
      );
      const started = performance.now();
      const m = measureOperation(schema, parse(`query($f: ID!) { fair(id: $f) { ...F0 } }\n${fragments}`), undefined, {
        f: '00000000-0000-4000-8000-000000000000',
      });
      expect(performance.now() - started).toBeLessThan(200);
      expect(m.cost).toBeGreaterThan(QUERY_LIMITS.maxCost);
    });

    it('introspection is free, but not a list inside itself', () => {
      const introspection = parse(getIntrospectionQuery());
      expect(enforceQueryLimits(schema, introspection).cost).toBe(0);
      expect(refusal('{ __schema { types { fields { type { fields { name } } } } } }').error.reason).toBe(QueryLimitReason.REPEATED_LIST);
    });

    it('wrong variables are BAD_USER_INPUT, not a server error', () => {
      expect(() => measureOperation(schema, parse('query($n: Int) { needs(first: $n) { totalCount } }'), undefined, { n: 'many' })).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    });
  });

  describe('the cost model', () => {
    it('gives every list field of the schema a size', () => {
      const missing: string[] = [];
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__')) continue;
        for (const field of Object.values(type.getFields())) {
          if (isListType(getNullableType(field.type)) && !(`${type.name}.${field.name}` in LIST_SIZES)) missing.push(`${type.name}.${field.name}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('names only fields that exist, and uses the caps the product enforces', () => {
      const exists = (coordinate: string) => {
        const [typeName, fieldName] = coordinate.split('.');
        const type = schema.getType(typeName);
        return isObjectType(type) && fieldName in type.getFields();
      };
      expect(Object.keys(LIST_SIZES).filter((c) => !exists(c))).toEqual([]);
      expect(Object.keys(FIELD_COSTS).filter((c) => !exists(c))).toEqual([]);
      expect(LIST_SIZES['MatchSession.needs']).toBe(MAX_SESSION_NEEDS);
      expect(LIST_SIZES['FairStats.byDomain']).toBe(Object.keys(ServiceDomain).length);
      const queryFields = schema.getQueryType()!.getFields();
      const fieldDefault = (field: string) => queryFields[field].args.find((a) => a.name === 'first')!.defaultValue;
      expect(fieldDefault('contracts')).toBe(DEFAULT_CONTRACTS_PAGE);
      expect(fieldDefault('proposals')).toBe(MAX_PROPOSALS_PAGE);
      const size = (coordinate: string, args: Record<string, unknown> = {}) => (LIST_SIZES[coordinate] as (a: unknown, p: unknown) => number)(args, args);
      expect(size('Query.contracts')).toBe(DEFAULT_CONTRACTS_PAGE);
      expect(size('Query.proposals')).toBe(MAX_PROPOSALS_PAGE);
      expect(size('NeedConnection.nodes')).toBe(
        schema
          .getQueryType()!
          .getFields()
          .needs.args.find((a) => a.name === 'first')!.defaultValue,
      );
    });

    it('multiplies a list by its page size, and a connection’s nodes by the page asked for', () => {
      const cost = (q: string) => measureOperation(schema, parse(q)).cost;
      expect(cost('{ needs(first: 40) { nodes { id title } } }') - cost('{ needs(first: 20) { nodes { id title } } }')).toBe(20 * 2);
      expect(cost('{ contracts(first: 10) { id } }')).toBeLessThan(cost('{ contracts { id } }'));
      // Fragments on a connection read the page size of the field they are spread in.
      expect(cost('{ needs(first: 40) { ...P } } fragment P on NeedConnection { nodes { id title } }')).toBe(
        cost('{ needs(first: 40) { nodes { id title } } }'),
      );
      expect(getNamedType(schema.getQueryType()!.getFields().needs.type).name).toBe('NeedConnection');
    });
  });
});
