import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFilePath, schemaSdl } from '../src/graphql/print-schema.js';
import { buildAppSchema } from '../src/system.js';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing it)', async () => {
    const committed = fs.readFileSync(schemaFilePath(), 'utf8');
    expect(committed, 'schema/schema.graphql is stale: run `npm run schema:print` and commit it').toBe(schemaSdl(await buildAppSchema()));
  });
});
