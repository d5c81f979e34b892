import { GraphQLError, Kind, visit, type ASTVisitor, type DocumentNode, type ValidationContext, type ValueNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Checks on what a request carries, made once the operation is known and before anything runs: graphql-js
 * coerces input values recursively (a filter nested thousands deep overflows the stack), and PostgreSQL
 * refuses a NUL in text mid-statement; refused here, each is a coded BAD_USER_INPUT naming the input.
 */
export const INPUT_LIMITS = {
  /** Objects and lists inside one argument or variable (a filter's `and: [...]` is two levels). */
  maxDepth: 32,
  /** Values (scalars, objects and lists) in one argument or variable. */
  maxValues: 10_000,
} as const;

type Refusal = { reason: 'INPUT_TOO_DEEP' | 'INPUT_TOO_LARGE' | 'NUL_CHARACTER' | 'INVALID_UNICODE'; field: string[]; message: string; measured?: number; limit?: number };

/** Half of a surrogate pair without its other half: not a character, and not storable as text or JSON in PostgreSQL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string PostgreSQL would refuse, if anything. */
function textProblem(text: string, path: string[]): Refusal | undefined {
  if (text.includes('\u0000')) return { reason: 'NUL_CHARACTER', field: path, message: `${path.join('.')}: text may not contain the NUL character (\\u0000).` };
  if (LONE_SURROGATE.test(text)) return { reason: 'INVALID_UNICODE', field: path, message: `${path.join('.')}: text holds half of a surrogate pair, which is not a character.` };
  return undefined;
}

/** A value to look at: a variable's JSON or a literal in the document, at its path. */
type Item = { value: unknown; path: string[]; depth: number };

/**
 * Walks one input (iteratively: its depth is what is being measured) and returns the first problem: too
 * deep, too many values, or text PostgreSQL refuses (a NUL, a lone surrogate). `children` says what a value holds, for JSON or the AST.
 */
function inspect(root: unknown, name: string, children: (value: unknown) => Array<[string, unknown]> | string | null): Refusal | undefined {
  const stack: Item[] = [{ value: root, path: [name], depth: 0 }];
  let values = 0;
  let deepest = 0;
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    values++;
    const held = children(value);
    if (typeof held === 'string') {
      const problem = textProblem(held, path);
      if (problem) return problem;
      continue;
    }
    if (!held) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > INPUT_LIMITS.maxDepth) {
      // Measured to the end (iteratively, cheaply) so the refusal can say how deep it was.
      return { reason: 'INPUT_TOO_DEEP', field: [name], message: `${name} nests objects and lists deeper than allowed.`, measured: measureDepth(root, children), limit: INPUT_LIMITS.maxDepth };
    }
    for (let i = held.length - 1; i >= 0; i--) stack.push({ value: held[i][1], path: [...path, held[i][0]], depth: depth + 1 });
    if (values + stack.length > INPUT_LIMITS.maxValues) {
      return { reason: 'INPUT_TOO_LARGE', field: [name], message: `${name} holds more values than allowed.`, measured: countValues(root, children), limit: INPUT_LIMITS.maxValues };
    }
  }
  return undefined;
}

function measureDepth(root: unknown, children: (value: unknown) => Array<[string, unknown]> | string | null): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    const held = children(value);
    if (!held || typeof held === 'string') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const [, child] of held) stack.push([child, depth + 1]);
  }
  return deepest;
}

function countValues(root: unknown, children: (value: unknown) => Array<[string, unknown]> | string | null): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const held = children(stack.pop());
    count++;
    if (held && typeof held !== 'string') for (const [, child] of held) stack.push(child);
  }
  return count;
}

/** What a JSON value holds: its entries, its text, or nothing (a number, a boolean, null). */
function jsonChildren(value: unknown): Array<[string, unknown]> | string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (value !== null && typeof value === 'object') return Object.entries(value);
  return null;
}

/** What a literal in the document holds (a variable reference is checked with the variables). */
function astChildren(value: unknown): Array<[string, unknown]> | string | null {
  const node = value as ValueNode;
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.LIST) return node.values.map((v, i) => [String(i), v]);
  if (node.kind === Kind.OBJECT) return node.fields.map((f) => [f.name.value, f.value]);
  return null;
}

/** The verdict on a document's literals (arguments and variable defaults), once per parsed document. */
const literalVerdicts = new WeakMap<DocumentNode, Refusal | null>();

function checkLiterals(document: DocumentNode): Refusal | undefined {
  let found = literalVerdicts.get(document);
  if (found === undefined) {
    found = null;
    visit(document, {
      Argument(node) {
        found ??= inspect(node.value, node.name.value, astChildren) ?? null;
        return false;
      },
      VariableDefinition(node) {
        if (node.defaultValue) found ??= inspect(node.defaultValue, node.variable.name.value, astChildren) ?? null;
        return false;
      },
    });
    // Apollo hands the same parsed document to every request with the same text: walked once.
    literalVerdicts.set(document, found);
  }
  return found ?? undefined;
}

/** Every input of a request: each variable's value, and each literal argument or default in the document. */
export function checkInputs(document: DocumentNode, variables: Record<string, unknown> | undefined): Refusal | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const refusal = inspect(value, name, jsonChildren);
    if (refusal) return refusal;
  }
  return checkLiterals(document);
}

const clientError = (message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { ...extensions, http: { status: 400 } } });

/**
 * Runs before any other plugin sees the operation: a document without the operation asked for (an unknown
 * `operationName`, or several operations and none named) is refused here, so no hook meets an undefined
 * operation; then every input is checked.
 */
export function requestShapePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
            const message = request.operationName
              ? `The document has no operation named "${request.operationName}".`
              : `The document has ${operations} operations: say which to run with operationName.`;
            throw clientError(message, { code: 'OPERATION_RESOLUTION_FAILURE' });
          }
          const refusal = checkInputs(document, request.variables);
          if (refusal) {
            const { message, ...details } = refusal;
            throw clientError(message, { code: 'BAD_USER_INPUT', ...details });
          }
        },
      };
    },
  };
}

/**
 * Validation: an operation whose type the schema has no root for (`subscription` here) is refused with the
 * other validation errors, instead of failing inside execution. (graphql-js 17 has this rule built in.)
 */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This API has no ${node.operation} operations; use query or mutation.`, { nodes: node }));
      }
    },
  };
}
