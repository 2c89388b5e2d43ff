import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { Fen, fenFromDecimal, formatFen } from '../money/money';

function parseDecimal(value: unknown): Fen {
  const fen = typeof value === 'string' ? fenFromDecimal(value, false) : null;
  if (fen === null) {
    throw new GraphQLError(`Decimal must be a non-negative amount in yuan as a string with at most 2 decimals, e.g. "48000.00"; got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return fen;
}

/** CNY amounts: a string at the edge ("48000.00"), integer fen inside. */
export const DecimalScalar = new GraphQLScalarType<Fen, string>({
  name: 'Decimal',
  description: 'CNY amount as a string, at most 2 fraction digits: "48000.00"',
  serialize: (value) => {
    if (typeof value !== 'number') throw new Error('Decimal fields resolve to integer fen');
    return formatFen(value);
  },
  parseValue: parseDecimal,
  parseLiteral: (ast: ValueNode) =>
    parseDecimal(ast.kind === Kind.STRING ? ast.value : ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : undefined),
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(value: unknown): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  if (!match || !date || date.getUTCMonth() !== +match[2] - 1 || date.getUTCDate() !== +match[3]) {
    throw new GraphQLError(`Date must be a calendar date YYYY-MM-DD; got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value as string;
}

/** Calendar dates (contract periods, fair days) as 'YYYY-MM-DD' strings, no time zone games. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, YYYY-MM-DD',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
