import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entities } from '../../src/db/entities.js';
import { MODULES } from '../../src/modules/index.js';

describe('the module list (src/modules/index.ts)', () => {
  it('names every module folder once: a module left out of it would silently contribute nothing', () => {
    const folders = fs
      .readdirSync(new URL('../../src/modules/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
  });

  it("gives the ORM every module's entities, each once", () => {
    const declared = MODULES.flatMap((m) => m.entities ?? []);
    expect(declared.filter((e) => !entities.includes(e))).toEqual([]);
    expect(new Set(entities).size).toBe(entities.length);
  });
});
