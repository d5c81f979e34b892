import {
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { BoundedCache } from '../bounded-cache.js';

/**
 * Bounds on a document, checked on its text and its syntax tree before graphql-js validates it. Validation
 * is not linear: OverlappingFieldsCanBeMerged compares every two fields that share a response name in a
 * selection set (fragments merged in), printing both fields' arguments for each pair, and every two
 * fragments spread side by side. 85 KB of `countries { id }` kept the event loop busy for 15 s, 200 copies
 * of one field with a one-value filter (4,400 tokens) for 300 ms. The query limits (depth, cost, aliases)
 * only run after validation, and Apollo caches documents by their exact text, so a changed comment makes
 * a repeated document new again: these checks are what bound that work, and they are cheap themselves
 * (one lexing pass stopped at the cap, one parse, one walk stopped at its cap).
 *
 * The numbers leave room for any real operation (GraphiQL's full introspection query: 184 tokens, nesting
 * 10, 489 selections once its fragments are spread, 76 comparisons; the largest page in bench/ and test/:
 * about 100 tokens), while the worst document they let through is checked and validated in about 30 ms
 * (test/unit/document-limits.test.ts).
 */
export const DOCUMENT_LIMITS = {
  /** Lexical tokens (names, punctuation, values; comments and whitespace are free). */
  maxTokens: 5_000,
  /**
   * Brackets inside brackets. graphql-js parses and validates recursively: two fields nested 2,400 deep
   * overflowed the stack in validation (an internal error). The query depth and input depth limits (12 and
   * 32 by default) refuse far less than this, after validation; this only keeps validation safe.
   */
  maxNesting: 500,
  /**
   * Selections (fields, fragment spreads, inline fragments), a fragment's counted in each selection set it
   * is spread into, as execution collects them. Validation itself compares fragments without spreading
   * them, but the measure below spreads them: this bounds that walk (a fragment spread under two aliases,
   * each level down, doubles per level) and what execution would collect.
   */
  maxSelections: 5_000,
  /** The work of checking that fields can merge: pairs of fields that share a response name (weighted by their arguments' size) and pairs of fragments spread side by side. */
  maxComparisons: 20_000,
} as const;

export type DocumentLimits = { maxTokens: number; maxNesting: number; maxSelections: number; maxComparisons: number };

export type DocumentRefusalCode = 'TOO_MANY_TOKENS' | 'DOCUMENT_TOO_DEEP' | 'TOO_MANY_FIELDS' | 'FIELD_MERGING_TOO_COSTLY';

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The document's tokens and its deepest nesting of brackets (`{`, `[`, `(`), in one lexing pass that stops
 * as soon as either passes its limit: the rest of a huge document is never looked at.
 */
export function scanTokens(text: string, limits: Pick<DocumentLimits, 'maxTokens' | 'maxNesting'> = DOCUMENT_LIMITS): { tokens: number; nesting: number } {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let depth = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > limits.maxTokens) break;
      if (OPENING.has(token.kind)) nesting = Math.max(nesting, ++depth);
      else if (CLOSING.has(token.kind)) depth--;
      if (nesting > limits.maxNesting) break;
    }
  } catch {
    // A character the lexer cannot read: parse reports it, and nothing past it was counted.
  }
  return { tokens, nesting };
}

/**
 * What comparing a field's arguments costs, in comparisons of two plain fields: graphql-js prints each
 * argument of both fields (`print(sortValueNode(value))`) for every pair it compares. Measured on
 * graphql-js 16.12: printing one argument costs about as much as 12 plain comparisons, and each value in it
 * about 3 more (a pair of plain fields takes about 1 µs on the development machine).
 */
const ARGUMENT_WEIGHT = 12;
const VALUE_WEIGHT = 3;

function argumentWork(field: FieldNode): number {
  const args = field.arguments ?? [];
  let values = 0;
  const stack: ValueNode[] = args.map((a) => a.value);
  while (stack.length) {
    const value = stack.pop()!;
    values++;
    if (value.kind === Kind.LIST) stack.push(...value.values);
    else if (value.kind === Kind.OBJECT) for (const f of value.fields) stack.push(f.value);
  }
  return ARGUMENT_WEIGHT * args.length + VALUE_WEIGHT * values;
}

export type DocumentMeasure = { selections: number; comparisons: number };

/**
 * Selections and merge comparisons, stopping as soon as either passes its limit (the values are then just
 * over it). Works like graphql-js's field collection, iteratively (a document may nest as deep as its
 * tokens allow): the selection sets whose fields merge (one set, or the sub-selections of fields that share
 * a response name) are collected together, fragment spreads and inline fragments merged in, each fragment
 * once per such group, as graphql-js compares it once (this also ends fragment cycles, which validation
 * refuses later). Every definition is a group of its own, because validation visits every definition.
 */
export function measureDocument(document: DocumentNode, limits: Pick<DocumentLimits, 'maxSelections' | 'maxComparisons'> = DOCUMENT_LIMITS): DocumentMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const argumentWorks = new Map<FieldNode, number>();
  const argumentsOf = (field: FieldNode) => {
    let work = argumentWorks.get(field);
    if (work === undefined) argumentWorks.set(field, (work = argumentWork(field)));
    return work;
  };

  let selections = 0;
  let comparisons = 0;
  const over = () => selections > limits.maxSelections || comparisons > limits.maxComparisons;
  const groups: SelectionSetNode[][] = [];
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) groups.push([d.selectionSet]);
  }

  while (groups.length && !over()) {
    const sets = groups.pop()!;
    const byResponseName = new Map<string, FieldNode[]>();
    const spread = new Set<string>();
    const pending = [...sets];
    while (pending.length) {
      const set = pending.pop()!;
      for (const selection of set.selections) {
        if (++selections > limits.maxSelections) return { selections, comparisons };
        if (selection.kind === Kind.FIELD) {
          const name = selection.alias?.value ?? selection.name.value;
          const same = byResponseName.get(name);
          if (same) same.push(selection);
          else byResponseName.set(name, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
        else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!spread.has(name) && fragment) pending.push(fragment.selectionSet);
          spread.add(name);
        }
      }
    }
    // Every two fragments, and every fragment against the fields beside it.
    comparisons += (spread.size * (spread.size - 1)) / 2 + spread.size * byResponseName.size;
    for (const fields of byResponseName.values()) {
      if (fields.length < 2) {
        if (fields[0].selectionSet) groups.push([fields[0].selectionSet]);
        continue;
      }
      // Every two fields: 1 each, plus both fields' arguments (printed to compare), plus a look-up for each
      // selection beside them (graphql-js walks one side's selections to find the other's).
      const k = fields.length;
      let beside = 0;
      for (const f of fields) beside += argumentsOf(f) + (f.selectionSet?.selections.length ?? 0);
      comparisons += (k * (k - 1)) / 2 + (k - 1) * beside;
      const children = fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
      if (children.length) groups.push(children);
      if (over()) break;
    }
  }
  return { selections, comparisons };
}

const refusal = (code: DocumentRefusalCode, message: string, limit: number): GraphQLFormattedError => ({ message, extensions: { code, limit } });

/**
 * Why a request's document may not reach graphql-js's validation, or undefined: too many tokens, nested too
 * deep, too many selections, or too costly to check for merging. Anything that is not a string, or does not parse, is left
 * to Apollo, which refuses it in its usual words (its parse has the same token limit, src/app.ts).
 */
export function documentRefusal(query: unknown, limits: DocumentLimits = DOCUMENT_LIMITS): GraphQLFormattedError | undefined {
  if (typeof query !== 'string') return undefined;
  // The same document comes again and again (a page's query): its answer is kept rather than parsed anew.
  if (limits === DOCUMENT_LIMITS && query.length <= CACHED_DOCUMENT_LENGTH) return refusals.get(query, (text) => refusalOf(text, limits));
  return refusalOf(query, limits);
}

/** Documents up to 16 KB, 256 of them: at most 4 MB kept, whatever texts callers send. */
const CACHED_DOCUMENT_LENGTH = 16_384;
const refusals = new BoundedCache<string, GraphQLFormattedError | undefined>(256);

function refusalOf(query: string, limits: DocumentLimits): GraphQLFormattedError | undefined {
  const scanned = scanTokens(query, limits);
  if (scanned.tokens > limits.maxTokens) {
    return refusal('TOO_MANY_TOKENS', `The document has more than ${limits.maxTokens} tokens.`, limits.maxTokens);
  }
  if (scanned.nesting > limits.maxNesting) {
    return refusal('DOCUMENT_TOO_DEEP', `The document nests brackets more than ${limits.maxNesting} deep.`, limits.maxNesting);
  }
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true, maxTokens: limits.maxTokens });
  } catch {
    return undefined;
  }
  const measure = measureDocument(document, limits);
  if (measure.selections > limits.maxSelections) {
    return refusal('TOO_MANY_FIELDS', `The document has more than ${limits.maxSelections} selections (a fragment counts in each selection set it is spread into).`, limits.maxSelections);
  }
  if (measure.comparisons > limits.maxComparisons) {
    return refusal(
      'FIELD_MERGING_TOO_COSTLY',
      `The document repeats fields too often to check that they merge: more than ${limits.maxComparisons} comparisons (each two fields with the same response name in one selection set, weighted by their arguments, and each two fragments spread side by side). Ask for a field once, or use aliases.`,
      limits.maxComparisons,
    );
  }
  return undefined;
}
