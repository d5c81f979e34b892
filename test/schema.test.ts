import fs from 'node:fs';
import { assertValidSchema, getIntrospectionQuery, graphqlSync } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaFilePath, schemaSdl } from '../src/graphql/print-schema.js';
import { buildAppSchema } from '../src/system.js';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing it)', async () => {
    const committed = fs.readFileSync(schemaFilePath(), 'utf8');
    expect(committed, 'schema/schema.graphql is stale: run `npm run schema:print` and commit it').toBe(schemaSdl(await buildAppSchema()));
  });
});

describe('the served schema', () => {
  it('is valid and answers the full introspection query (type-graphql no longer checks it on every start)', async () => {
    const schema = await buildAppSchema();
    expect(() => assertValidSchema(schema)).not.toThrow();
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true, directiveIsRepeatable: true, oneOf: true });
    const result = graphqlSync({ schema, source: query });
    expect(result.errors).toBeUndefined();
    expect((result.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(100);
  });
});
