import { coerceInputValue, getNamedType, isNonNullType, Kind, type DocumentNode, type GraphQLArgument, type GraphQLError, type GraphQLSchema } from 'graphql';
import { AppError, badInput, Issues, type FieldIssue } from '../errors.js';
import { checkInputs } from '../graphql/request-shape.js';
import type { SearchMapping } from './mapping.js';
import type { EntitySearchArgs } from './search.service.js';

/**
 * The arguments an export URL carries: those of the entity's search but its paging (an export is the
 * search's first 5,000 hits). A test checks this against the schema, so a new search argument is not
 * silently left out of exports.
 */
export const EXPORT_ARGUMENTS = ['term', 'filter', 'orderBy'] as const;

const damaged = () => badInput(['q'], 'INVALID_EXPORT_QUERY', 'The export URL is damaged: take it again from the search (exportUrl).');

/** `q` as it was written by exportUrl: base64url of a JSON object. Anything else is a damaged URL. */
export function decodeExportQuery(url: URL): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(url.searchParams.get('q') ?? '', 'base64url').toString('utf8'));
  } catch {
    throw damaged();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw damaged();
  return parsed as Record<string, unknown>;
}

/**
 * The entity search's arguments in the served schema: its Query field is the one whose result is the
 * entity's search connection (the type that hands out exportUrl), so the export checks exactly what GraphQL does.
 */
function searchArguments(schema: GraphQLSchema, mapping: SearchMapping): readonly GraphQLArgument[] {
  const connection = `${mapping.typeName}SearchConnection`;
  const field = Object.values(schema.getQueryType()?.getFields() ?? {}).find((f) => getNamedType(f.type).name === connection);
  if (!field) throw new Error(`The schema has no search returning ${connection}.`);
  return field.args.filter((arg) => (EXPORT_ARGUMENTS as readonly string[]).includes(arg.name));
}

/** graphql-js's "Did you mean …?": left out, as for partners without introspection (it maps the schema). */
const withoutHints = (message: string) => message.replace(/\s*Did you mean [\s\S]*$/, '');

/**
 * One coercion error as a field issue. graphql-js reports an unknown or missing field of an input object at
 * the object's path and names the field only in its message, so the field is taken from there.
 */
function issueOf(argument: string, path: ReadonlyArray<string | number>, invalidValue: unknown, error: GraphQLError): FieldIssue {
  const at = [argument, ...path.map(String)];
  const message = withoutHints(error.message);
  const named = /^Field "([^"]+)" (is not defined by type|of required type)/.exec(error.message);
  if (named) return { field: [...at, named[1]], reason: named[2] === 'of required type' ? 'REQUIRED' : 'UNKNOWN_FIELD', message };
  // A null where the type is non-null: the only error coercion gives for a null.
  if (invalidValue === null) return { field: at, reason: 'REQUIRED', message };
  return { field: at, reason: 'INVALID_VALUE', message };
}

/** Nothing but the values: `checkInputs` walks a document's literals too, and an export has none. */
const NO_DOCUMENT: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/**
 * An export's arguments, checked and coerced as GraphQL checks and coerces the same arguments given as
 * variables of the entity's search: first the request-shape checks (depth, size, NUL, lone surrogates),
 * then graphql-js's own coercion against the search field's argument types. Every problem is a
 * BAD_USER_INPUT naming the argument's path, never a failure further in (which would answer 503, "search
 * is down"). The search service then checks what it checks for GraphQL too (term length, repeated sort
 * fields, value counts, ranges).
 */
export function coerceExportArgs(schema: GraphQLSchema, mapping: SearchMapping, raw: Record<string, unknown>): EntitySearchArgs {
  const shape = checkInputs(NO_DOCUMENT, raw);
  if (shape) {
    const { message, ...details } = shape;
    throw new AppError('BAD_USER_INPUT', message, details);
  }
  const issues = new Issues();
  const known = searchArguments(schema, mapping);
  for (const name of Object.keys(raw)) {
    if (!known.some((arg) => arg.name === name)) issues.add([name], 'UNKNOWN_ARGUMENT', `An export takes ${EXPORT_ARGUMENTS.join(', ')} only.`);
  }
  const coerced: Record<string, unknown> = {};
  for (const arg of known) {
    const value = raw[arg.name];
    if (value === undefined) {
      if (arg.defaultValue !== undefined) coerced[arg.name] = arg.defaultValue;
      else if (isNonNullType(arg.type)) issues.add([arg.name], 'REQUIRED', `${arg.name} is required.`);
      continue;
    }
    coerced[arg.name] = coerceInputValue(value, arg.type, (path, invalidValue, error) => {
      const { field, reason, message } = issueOf(arg.name, path, invalidValue, error);
      issues.add(field, reason, message);
    });
  }
  issues.throwIfAny();
  return coerced as EntitySearchArgs;
}
