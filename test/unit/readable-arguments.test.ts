import { isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { listedModels } from '../../src/graphql/connection.js';
import { buildAppSchema } from '../../src/system.js';
import { revealedBy } from '../../src/db/read-model.js';
import type { GraphQLSchema } from 'graphql';
import { searchCatalog } from '../../src/system.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

describe('filters and sorts are guarded by the fields that show their values', () => {
  it('every filterable or sortable field of every list names a field of its GraphQL type', () => {
    expect(listedModels.length).toBeGreaterThan(4);
    const dangling: string[] = [];
    for (const model of listedModels) {
      const type = schema.getType(model.name);
      if (!isObjectType(type)) {
        dangling.push(`${model.name}: no such object type`);
        continue;
      }
      for (const [key, spec] of Object.entries(model.fields)) {
        if ((spec.filter === false && !spec.sort) || spec.internal) continue;
        const field = revealedBy(key, spec);
        if (!type.getFields()[field]) dangling.push(`${model.name}.${key} → ${field}`);
      }
    }
    // A key that names no field would be guarded by nothing: give it `reveals` in its read model.
    expect(dangling).toEqual([]);
  });

  it('every document field a search filters or sorts on is shown by a field of the hit type', () => {
    const dangling: string[] = [];
    for (const mapping of searchCatalog.mappings) {
      const type = schema.getType(mapping.typeName);
      const fields = isObjectType(type) ? type.getFields() : {};
      const tested = [...Object.values(mapping.filters).map((f) => f.field), ...Object.values(mapping.sorts)];
      for (const docField of tested) {
        const shownBy = mapping.shows[docField];
        if (!shownBy || !fields[shownBy]) dangling.push(`${mapping.typeName}: ${docField} → ${shownBy ?? '(nothing)'}`);
      }
    }
    expect(dangling).toEqual([]);
  });
});
