import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Ids are UUIDs; a malformed one is refused while the query is parsed, before any SQL. */
export const UUIDScalar = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description: 'A UUID, e.g. "80756b9a-5d95-e211-a939-e4115bead28a".',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string' || !UUID_RE.test(value)) throw invalid(`Not a valid UUID: ${JSON.stringify(value)}`);
    return value.toLowerCase();
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !UUID_RE.test(ast.value)) throw invalid('Not a valid UUID.');
    return ast.value.toLowerCase();
  },
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(value: unknown): string {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (!m) throw invalid(`Not a date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) throw invalid(`Not a calendar date: ${value}`);
  return value as string;
}

/** A calendar date without a time zone, as "YYYY-MM-DD". */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, "YYYY-MM-DD".',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value).slice(0, 10);
  },
  parseValue: checkDate,
  parseLiteral: (ast) => checkDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function toIso(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(d.getTime())) throw new TypeError(`Not a date-time: ${String(value)}`);
  return d.toISOString();
}

function parseDateTime(value: unknown): Date {
  const d = typeof value === 'string' ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw invalid(`Not an ISO 8601 date-time: ${JSON.stringify(value)}`);
  }
  return d;
}

/** An instant, as ISO 8601 in UTC ("2026-11-26T09:30:00.000Z"). Rows may carry a Date or a string. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601, e.g. "2026-11-26T09:30:00.000Z".',
  serialize: toIso,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
