import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { FIELD_COSTS, LIST_SIZES, OBJECT_FIELD_COST, QUERY_LIMITS, UNKNOWN_LIST_SIZE } from './query-cost';

/** Why an operation was refused before it ran: `extensions.reason`, beside `extensions.code` BAD_USER_INPUT. */
export enum QueryLimitReason {
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS = 'TOO_MANY_ROOT_FIELDS',
  /** A list asked for again inside itself: fair → sessions → needs → fair → sessions. */
  REPEATED_LIST = 'REPEATED_LIST',
  /** More tokens than a document may have (refused while parsing). */
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
}

export class QueryLimitError extends GraphQLError {
  constructor(
    readonly reason: QueryLimitReason,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', reason, ...extra } });
  }
}

export interface OperationMeasure {
  cost: number;
  depth: number;
  aliases: number;
  rootFields: number;
}

type Args = Record<string, unknown>;

interface Measure {
  cost: number;
  depth: number;
  aliases: number;
  /** The list fields (Type.field) somewhere below, to refuse a list asked for again inside itself. */
  lists: ReadonlySet<string>;
}

const NOTHING: Measure = { cost: 0, depth: 0, aliases: 0, lists: new Set() };

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Measures one operation of a parsed document in a single pass: estimated cost,
 * depth, aliases and root fields. Each fragment is measured once (per page size of
 * the field it is spread in) and reused, so a document that spreads fragments into
 * each other many times costs no more to measure than to read. Throws QueryLimitError
 * (REPEATED_LIST) for a list asked for inside itself, and BAD_USER_INPUT for variables
 * or arguments that do not fit their types.
 */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, rawVariables?: Args | null): OperationMeasure {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) throw badInput(operationName ? `Unknown operation "${operationName}"` : 'The document must name the operation to run');
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw badInput(`This API has no ${operation.operation} operations`);

  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  if (coercion.errors) throw badInput(coercion.errors[0].message);
  const variables = coercion.coerced;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, Measure>();
  const measuring = new Set<string>();

  const fieldDefinition = (parentType: GraphQLCompositeType, name: string, atRoot: boolean): GraphQLField<unknown, unknown> | undefined => {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (atRoot && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (atRoot && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
  };

  const selectionSet = (set: SelectionSetNode, type: GraphQLCompositeType, parentArgs: Args): Measure => {
    let cost = 0;
    let depth = 0;
    let aliases = 0;
    const lists = new Set<string>();
    const add = (m: Measure) => {
      cost += m.cost;
      depth = Math.max(depth, m.depth);
      aliases += m.aliases;
      for (const l of m.lists) lists.add(l);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) add(field(selection, type, parentArgs));
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) add(selectionSet(selection.selectionSet, condition, parentArgs));
      } else add(fragment(selection.name.value, parentArgs));
    }
    return { cost, depth, aliases, lists };
  };

  const fragment = (name: string, parentArgs: Args): Measure => {
    // A fragment on a connection reads the page size of the field it is spread in.
    const key = `${name}|${JSON.stringify(parentArgs.first ?? null)}`;
    const known = measured.get(key);
    if (known) return known;
    const definition = fragments.get(name);
    // Unknown fragments and fragment cycles are refused by validation, which runs first.
    if (!definition || measuring.has(key)) return NOTHING;
    const type = schema.getType(definition.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return NOTHING;
    measuring.add(key);
    const m = selectionSet(definition.selectionSet, type, parentArgs);
    measuring.delete(key);
    measured.set(key, m);
    return m;
  };

  const field = (node: FieldNode, parentType: GraphQLCompositeType, parentArgs: Args): Measure => {
    const name = node.name.value;
    const aliased = node.alias ? 1 : 0;
    const definition = fieldDefinition(parentType, name, parentType === rootType);
    if (!definition) return { ...NOTHING, aliases: aliased };
    const coordinate = `${parentType.name}.${name}`;
    let args: Args;
    try {
      args = getArgumentValues(definition, node, variables);
    } catch (error) {
      throw badInput((error as Error).message);
    }
    const namedType = getNamedType(definition.type);
    const child = node.selectionSet && isCompositeType(namedType) ? selectionSet(node.selectionSet, namedType, args) : NOTHING;
    const isList = isListType(getNullableType(definition.type));
    if (isList && child.lists.has(coordinate)) {
      throw new QueryLimitError(
        QueryLimitReason.REPEATED_LIST,
        `${coordinate} is asked for again inside itself (a cycle such as fair → sessions → needs → fair → sessions): ask for each list once, the answer already holds it`,
        { field: coordinate },
      );
    }
    const lists = isList ? new Set([...child.lists, coordinate]) : child.lists;
    // Introspection is answered from the schema in memory: no cost, no depth.
    if (name.startsWith('__') || parentType.name.startsWith('__')) return { cost: 0, depth: 0, aliases: aliased + child.aliases, lists };

    const size = isList ? listSize(coordinate, args, parentArgs) : 1;
    const extra = FIELD_COSTS[coordinate];
    const own = (node.selectionSet ? OBJECT_FIELD_COST : 1) + (typeof extra === 'function' ? extra(args) : (extra ?? 0));
    // A leaf costs its own 1; a list of leaves one per item.
    const items = node.selectionSet ? child.cost : isList ? 1 : 0;
    return { cost: own + size * items, depth: 1 + child.depth, aliases: aliased + child.aliases, lists };
  };

  const whole = selectionSet(operation.selectionSet, rootType, {});
  return { cost: whole.cost, depth: whole.depth, aliases: whole.aliases, rootFields: countRootFields(operation.selectionSet, fragments) };
}

function listSize(coordinate: string, args: Args, parentArgs: Args): number {
  const size = LIST_SIZES[coordinate];
  if (typeof size === 'number') return size;
  if (typeof size === 'function') return size(args, parentArgs);
  return typeof args.first === 'number' ? args.first : UNKNOWN_LIST_SIZE;
}

/** Fields at the root, through fragments (each fragment once per spread: the answer holds each field so often). */
function countRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting = new Set<string>()): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === TypeNameMetaFieldDef.name ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments, visiting);
    else {
      const definition = fragments.get(selection.name.value);
      if (!definition || visiting.has(definition.name.value)) continue;
      visiting.add(definition.name.value);
      count += countRootFields(definition.selectionSet, fragments, visiting);
      visiting.delete(definition.name.value);
    }
  }
  return count;
}

/**
 * Refuses an operation that asks for more than QUERY_LIMITS allows, before anything
 * runs: a GraphQLError with extensions.code BAD_USER_INPUT and extensions.reason.
 * The same check serves HTTP (the Apollo plugin) and graphql-ws (onSubscribe).
 */
export function enforceQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Args | null,
  limits = QUERY_LIMITS,
): OperationMeasure {
  const m = measureOperation(schema, document, operationName, variables);
  if (m.aliases > limits.maxAliases) {
    throw new QueryLimitError(QueryLimitReason.TOO_MANY_ALIASES, `The operation uses ${m.aliases} aliases; at most ${limits.maxAliases} per request.`, {
      limit: limits.maxAliases,
    });
  }
  if (m.rootFields > limits.maxRootFields) {
    throw new QueryLimitError(
      QueryLimitReason.TOO_MANY_ROOT_FIELDS,
      `The operation asks for ${m.rootFields} root fields; at most ${limits.maxRootFields} per request. Send several requests.`,
      { limit: limits.maxRootFields },
    );
  }
  if (m.depth > limits.maxDepth) {
    throw new QueryLimitError(QueryLimitReason.QUERY_TOO_DEEP, `The operation nests ${m.depth} fields deep; at most ${limits.maxDepth}.`, {
      limit: limits.maxDepth,
    });
  }
  if (m.cost > limits.maxCost) {
    throw new QueryLimitError(
      QueryLimitReason.QUERY_TOO_COMPLEX,
      `The operation is too expensive: estimated cost ${m.cost} > ${limits.maxCost}. Ask for smaller pages (first), fewer nested lists or fewer fields.`,
      { cost: m.cost, limit: limits.maxCost },
    );
  }
  return m;
}
