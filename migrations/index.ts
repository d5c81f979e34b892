import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MigrationObject } from '@mikro-orm/core';

/** A migration file: `Migration<yyyymmdd><6 digits><Name>.ts` (`.js` once compiled), exporting a class of that name. */
const MIGRATION_FILE = /^(Migration\d{14}\w+)\.(?:ts|js)$/;

/**
 * Every migration in this folder, in name (so time) order: a new migration is its file and nothing else.
 * Found when this module loads, the same from the tests' TypeScript and from the compiled JavaScript; the
 * files stay static, written by people and reviewed like code, never generated at run time.
 */
async function findMigrations(dir: string): Promise<MigrationObject[]> {
  const names = [...new Set(fs.readdirSync(dir).flatMap((file) => (file.endsWith('.d.ts') ? [] : [MIGRATION_FILE.exec(file)?.[1] ?? []].flat())))].sort();
  return Promise.all(
    names.map(async (name) => {
      const file = fs.existsSync(path.join(dir, `${name}.js`)) ? `${name}.js` : `${name}.ts`;
      const exported = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, MigrationObject['class']>;
      if (!exported[name]) throw new Error(`migrations/${file} must export a class named ${name}.`);
      return { name, class: exported[name] };
    }),
  );
}

export const migrationsList: MigrationObject[] = await findMigrations(path.dirname(fileURLToPath(import.meta.url)));
