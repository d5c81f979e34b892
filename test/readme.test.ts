import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allScopes } from '../src/auth/scopes.js';
import '../src/system.js';

describe('README', () => {
  it("the partner clients' scope table names every scope there is", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| Scope | Grants |'), readme.indexOf('No scope reveals'));
    const listed = new Set([...table.matchAll(/`([a-z_:]+)`/g)].map((m) => m[1]));
    expect(allScopes().filter((s) => !listed.has(s))).toEqual([]);
  });
});
