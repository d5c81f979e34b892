import { InputError, Issues } from '../../src/errors.js';
import type { Row } from '../../src/db/read-model.js';
import type { MetadataTable } from '../../src/modules/metadata/metadata.models.js';
import type { References } from '../../src/modules/metadata/metadata.references.js';

/** The issues a rule adds, as "field:REASON" strings, for compact assertions. */
export function issuesOf(run: (issues: Issues) => void): string[] {
  return detailedIssuesOf(run).map((i) => `${i.field.join('.')}:${i.reason}`);
}

/** The issues a rule adds, with their messages. */
export function detailedIssuesOf(run: (issues: Issues) => void): InputError['issues'] {
  const issues = new Issues();
  run(issues);
  try {
    issues.throwIfAny();
    return [];
  } catch (error) {
    return (error as InputError).issues;
  }
}

/** Reference rows as a service would have loaded them: by table, each row with at least an id and a name. */
export function referencesOf(tables: { [T in MetadataTable]?: Row[] }): References {
  return Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, new Map(rows!.map((row) => [row.id, row]))]));
}
