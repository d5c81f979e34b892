import type { FieldNode, GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import type { ReadModel } from '../db/read-model.js';

/**
 * Which of a read model's columns a selection reads, so that an embedded page or row (and a root list's
 * rows) carries only those instead of every column: PostgreSQL then builds, and Node parses, a fraction of
 * the JSON (a company page's statement answered 38.8 KB with every column and 20.1 KB with the selected
 * ones, and took 0.427 ms instead of 0.557 in pgbench: bench/README.md, issue 16 step 1).
 *
 * The rule errs on the side of every column. A selected field adds:
 * - its own row key, when it is a plain field (graphql-js's default resolver reads `row[name]`: recorded from
 *   the code-first schema, before any rule wraps it) and a column of the model;
 * - the row keys its look-ahead reads from the parent (`parentKeysOf` below: a many-to-one's foreign key, an
 *   inline object's prefixed columns, a nested page's parent id; for an embedded list or value, whose
 *   resolver is the module's own, the keys its SQL names on the parent once the resolver declared its reads);
 * - the keys declared with `registerReads` (a field resolver that reads others: `name` reads firstName,
 *   lastName);
 * and any other field (a resolver that may read anything) means every column. `id` always comes, and the
 * caller adds the keys its order sorts by. Rows read this way never go into a by-id loader, which other
 * fields of the request share (src/graphql/list.ts primes only full rows).
 */

const plainFields = new Map<string, ReadonlySet<string>>();

/** Records, per object type, the fields that have no resolver of their own: called on the code-first schema. */
export function recordPlainFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    plainFields.set(type.name, new Set(Object.keys(fields).filter((name) => !fields[name].resolve)));
  }
}

const declaredReads = new Map<string, Map<string, readonly string[]>>();

/** Declares the row keys a field resolver reads (next to the resolver): `registerReads('Contact', 'name', ['firstName', 'lastName'])`. */
export function registerReads(typeName: string, fieldName: string, keys: readonly string[]): void {
  let fields = declaredReads.get(typeName);
  if (!fields) declaredReads.set(typeName, (fields = new Map()));
  fields.set(fieldName, keys);
}

/** Whether the field's resolver declared what it reads (registerReads). */
export const readsDeclared = (typeName: string, fieldName: string): boolean => declaredReads.get(typeName)?.has(fieldName) ?? false;

/**
 * The row keys of `model` that the selected `fields` on `typeName` read, `id` included; null when some field
 * may read any (every column, then). `parentKeysOf` gives the keys a field's look-ahead reads, undefined when
 * the field has none.
 */
export function selectedKeys(
  typeName: string,
  model: ReadModel,
  fields: readonly FieldNode[],
  parentKeysOf: (fieldName: string) => readonly string[] | null | undefined,
): Set<string> | null {
  const plain = plainFields.get(typeName);
  if (!plain) return null;
  const keys = new Set<string>(['id']);
  for (const field of fields) {
    const name = field.name.value;
    if (name === '__typename') continue;
    if (plain.has(name)) {
      if (!(name in model.columns)) return null;
      keys.add(name);
      continue;
    }
    const fromEmbed = parentKeysOf(name);
    const declared = declaredReads.get(typeName)?.get(name);
    if (fromEmbed === null || (fromEmbed === undefined && !declared)) return null;
    for (const key of [...(fromEmbed ?? []), ...(declared ?? [])]) {
      if (!(key in model.columns)) return null;
      keys.add(key);
    }
  }
  return keys;
}

/** The alias a parent row is given when asking an embed's SQL which of its keys it names (keysNamedOn). */
const PROBE = '__parent_probe';

/**
 * The parent's row keys an embed's SQL names (`s."id"`): its SQL built once over a probe alias and read back.
 * Cached per embed (`owner`): what it names of its parent does not depend on the request.
 */
const named = new WeakMap<object, readonly string[]>();
export function keysNamedOn(owner: object, build: (parent: string) => { text: string }): readonly string[] {
  let keys = named.get(owner);
  if (!keys) {
    const text = build(PROBE).text;
    keys = [...new Set([...text.matchAll(new RegExp(`${PROBE}\\."?([A-Za-z_][A-Za-z0-9_]*)"?`, 'g'))].map((m) => m[1]!))];
    named.set(owner, keys);
  }
  return keys;
}
