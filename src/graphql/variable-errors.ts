import { Kind, parse, visit, type GraphQLError, type ValueNode } from 'graphql';
import type { FieldIssue } from '../errors.js';

/**
 * graphql-js refuses a variable it cannot coerce (a bad UUID, date or enum value, a missing required field)
 * before any resolver runs, with the place only in its words: `Variable "$f" got invalid value "a" at
 * "f.and[0].id.in[0]"; Not a valid UUID`. Resolvers' BAD_USER_INPUT errors say where in `field`; this gives
 * the variable's errors the same shape, so a form shows both kinds beside the same input.
 */

const PREFIX = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" /;

/** `f.and[0].id` (graphql-js's path inside the variable, after its name) as ["and", "0", "id"]. */
function pathInside(variable: string, printed: string): string[] {
  return [...printed.slice(variable.length).matchAll(/\.([_A-Za-z][_0-9A-Za-z]*)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2]!);
}

/** Where the variable is used: the argument's name and the path inside its value (`filter: { and: [$f] }`). */
function usageOf(source: string, variable: string): string[] | undefined {
  let found: string[] | undefined;
  const inside = (value: ValueNode, path: string[]): string[] | undefined => {
    if (value.kind === Kind.VARIABLE) return value.name.value === variable ? path : undefined;
    const parts: Array<[ValueNode, string]> =
      value.kind === Kind.OBJECT ? value.fields.map((f) => [f.value, f.name.value]) : value.kind === Kind.LIST ? value.values.map((v, i) => [v, String(i)]) : [];
    for (const [part, key] of parts) {
      const p = inside(part, [...path, key]);
      if (p) return p;
    }
    return undefined;
  };
  try {
    visit(parse(source), {
      Argument(node) {
        found ??= inside(node.value, [node.name.value]);
      },
    });
  } catch {
    return undefined; // the document was parsed once already; a failure here only loses the path
  }
  return found;
}

/** The issue a variable coercion error describes, or undefined when it is not one. */
export function variableIssue(error: GraphQLError): (FieldIssue & { variable: string }) | undefined {
  const match = PREFIX.exec(error.message);
  if (!match) return undefined;
  const variable = match[1]!;
  const rest = error.message.slice(match[0].length);
  const at = /^got invalid value .*? at "([^"]+)"; /s.exec(rest);
  const inside = at ? pathInside(variable, at[1]!) : [];
  const missingField = /; Field "([_A-Za-z][_0-9A-Za-z]*)" of required type .* was not provided\.$/s.exec(rest);
  const unknownField = /; Field "([_A-Za-z][_0-9A-Za-z]*)" is not defined by type /s.exec(rest);
  if (missingField) inside.push(missingField[1]!);
  if (unknownField) inside.push(unknownField[1]!);
  const reason = unknownField ? 'UNKNOWN_FIELD' : missingField || /^of (required|non-null) type /.test(rest) ? 'REQUIRED' : 'INVALID_VALUE';
  const usage = (error.source && usageOf(error.source.body, variable)) ?? [variable];
  // As resolvers name places: inside a mutation's `input`, otherwise from the argument (`filter`, `id`).
  const field = [...(usage[0] === 'input' ? usage.slice(1) : usage), ...inside];
  return { field, reason, message: error.message, variable };
}
