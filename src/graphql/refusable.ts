import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { getNullableType, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { rootTypeNames } from './permissions.js';
import type { RuleTree } from './rules.js';

/** What each refusable field's description says, so a client developer knows to expect null there. */
export const REFUSABLE_NOTE = 'Null when you may not read it, with a FORBIDDEN error at this path saying why; the rest of the answer stands.';

/**
 * Every field a rule can refuse is nullable, so that a refusal nulls that field only, with its error beside it.
 * A non-null field that errors nulls its parent instead, up to `data` itself: a partner with `company:read`
 * asking for a company and its contacts would get no company at all. The fields are those of the root types
 * (each is refused unless a rule allows it) and every other field that has a rule of its own. Derived from the
 * rule tree, so a new rule cannot leave its field non-null.
 */
export function refusableFieldsNullable(schema: GraphQLSchema, tree: RuleTree): GraphQLSchema {
  const roots = new Set(rootTypeNames(schema));
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field: GraphQLFieldConfig<unknown, unknown>, fieldName: string, typeName: string) => {
      if (!roots.has(typeName) && !tree[typeName]?.[fieldName]) return field;
      return { ...field, type: getNullableType(field.type), description: field.description ? `${field.description}\n\n${REFUSABLE_NOTE}` : REFUSABLE_NOTE };
    },
  });
}
