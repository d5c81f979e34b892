import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules/index.js';
import { ormModel } from '../../src/system.js';
import { createTestDatabase } from '../helpers/db.js';

describe('the module list (src/modules/index.ts)', () => {
  it('names every module folder once: a module left out of it would silently contribute nothing', () => {
    const folders = fs
      .readdirSync(new URL('../../src/modules/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
  });

  it("gives the ORM every module's entities, each once", async () => {
    const declared = MODULES.flatMap((m) => m.entities ?? []);
    expect(new Set(ormModel.entities).size).toBe(ormModel.entities.length);
    const db = await createTestDatabase();
    try {
      // Each concrete entity maps to a table; a base that others extend (a reference table's columns) need not.
      const tables = new Set([...db.orm.getMetadata().getAll().values()].flatMap((meta) => (meta.tableName ? [meta.className] : [])));
      const isBase = (e: Function) => declared.some((d) => d !== e && e.prototype.isPrototypeOf(d.prototype));
      expect(declared.filter((e) => !isBase(e) && !tables.has(e.name)).map((e) => e.name)).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
