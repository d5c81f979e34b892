import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { infrastructureReasons } from '../../src/error-reasons.js';
import { MODULES } from '../../src/modules/index.js';
import { buildAppSchema, errorReasons, mergeNamed } from '../../src/system.js';

/**
 * Issue 13, item 8: every `reason` code is listed in the schema (the enum ErrorReason), with what it means.
 * The types make an undeclared reason a compile error (src/errors.ts ErrorReasons); these tests are the
 * safety net for places the types do not reach, and keep the catalogues free of codes nothing raises.
 */

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The catalogues themselves: declaring a code there is not raising it. */
const isCatalogue = (file: string) => file === path.join(SRC, 'error-reasons.ts') || file.endsWith('.reasons.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const sources = sourceFiles(SRC)
  .filter((file) => !isCatalogue(file))
  .map((file) => ({ file: path.relative(SRC, file), text: fs.readFileSync(file, 'utf8') }));

/** A quoted code: capitals, digits and underscores, as every reason is spelled. */
const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g;

/** Skips a string or template literal starting at `i` (its opening quote); returns the index after it. */
function skipString(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return text.length;
}

/**
 * The text from `start` up to where the expression ends at its own depth: a closing bracket that was not
 * opened in it, or (when `stopAt` has them) a comma, semicolon or newline at depth 0.
 */
function expressionFrom(text: string, start: number, stopAt: string): string {
  let depth = 0;
  for (let i = start; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return text.slice(start, i);
      depth--;
    } else if (depth === 0 && stopAt.includes(c)) return text.slice(start, i);
    i++;
  }
  return text.slice(start);
}

/** An error's code (`new AppError('FORBIDDEN', ...)`, `code === 'FORBIDDEN'`), which may stand inside a call that passes a reason. */
const ERROR_CODE = /(?:AppError\(\s*|\bcode\s*(?:===?|:)\s*)'[A-Z_]+'/g;

/** The quoted codes in a piece of source, error codes aside (messages use other quotes around capitals, so they do not count). */
const codesIn = (text: string) => [...text.replace(ERROR_CODE, '').matchAll(CODE)].map((m) => m[1]!);

/**
 * Every code the common shapes pass as a reason: the arguments of badInput, Issues.add, conflict and the
 * wrappers that pass a reason through (cursor and export-link refusals, Hawk's, a filter's tooLong, a
 * QUERY_TIMEOUT), and the expression after `reason:` or `reason =` (an extensions object, a field issue, a
 * type of reasons).
 */
function raisedReasons(): Array<{ file: string; code: string }> {
  const found: Array<{ file: string; code: string }> = [];
  const calls = /\b(?:badInput|conflict|refuse|refused|unauthenticated|tooLong|queryTimeout)\(|\.add\(/g;
  const assigned = /\breason\??\s*(?::|=(?!=))\s*/g;
  for (const { file, text } of sources) {
    for (const m of text.matchAll(calls)) found.push(...codesIn(expressionFrom(text, m.index + m[0].length, '')).map((code) => ({ file, code })));
    for (const m of text.matchAll(assigned)) found.push(...codesIn(expressionFrom(text, m.index + m[0].length, ',;\n')).map((code) => ({ file, code })));
  }
  return found;
}

describe('the reason codes', () => {
  it('are the infrastructure’s and the modules’, each declared once (a code declared twice stops the start)', () => {
    const declared = [infrastructureReasons, ...MODULES.map((m) => m.reasons ?? {})].flatMap((r) => Object.keys(r));
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(errorReasons).sort()).toEqual([...declared].sort());
    expect(() => mergeNamed('reason code', [{ REQUIRED: 'a' }, { REQUIRED: 'b' }])).toThrow('Two reason codes are named REQUIRED.');
  });

  it('are an enum of the served schema, ErrorReason, each value described by its catalogue', async () => {
    const schema = await buildAppSchema();
    const type = schema.getType('ErrorReason');
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const values = (type as GraphQLEnumType).getValues();
    expect(values.map((v) => v.name).sort()).toEqual(Object.keys(errorReasons).sort());
    for (const value of values) {
      expect(value.value, value.name).toBe(value.name);
      expect(value.description?.trim(), value.name).toBe(errorReasons[value.name as keyof typeof errorReasons]);
      // One sentence: what it means, and what to do.
      expect(value.description, value.name).toMatch(/^\S.{10,}[.)]$/s);
    }
    expect(schema.description).toContain('ErrorReason');
    expect(schema.description).toContain('extensions.code');
  });

  it('include every code the source passes as a reason, typed or not', () => {
    const raised = raisedReasons();
    // The scan finds what it is for: one of each shape.
    expect(raised).toEqual(
      expect.arrayContaining([
        { file: 'search/search-pages.ts', code: 'WINDOW_TOO_LARGE' },
        { file: 'modules/interaction/interaction.form-rules.ts', code: 'NOT_FOR_THEME' },
        { file: 'modules/company/company.rules.ts', code: 'DUNS_TAKEN' },
        { file: 'http/cors.ts', code: 'CORS_ORIGIN_NOT_ALLOWED' },
        { file: 'graphql/variable-errors.ts', code: 'UNKNOWN_FIELD' },
        { file: 'graphql/request-shape.ts', code: 'NUL_CHARACTER' },
        { file: 'auth/failed-auth-throttle.ts', code: 'TOO_MANY_FAILED_AUTHENTICATIONS' },
        { file: 'db/filter.ts', code: 'PATTERNS_TOO_LONG' },
      ]),
    );
    expect(raised.filter(({ code }) => !Object.hasOwn(errorReasons, code))).toEqual([]);
  });

  it('are each raised somewhere: no catalogue keeps a code nothing raises', () => {
    const quoted = new Set(sources.flatMap(({ text }) => codesIn(text)));
    // Every declared code is raised where the scan sees it quoted; a code raised only another way (built
    // from parts, or read from data) would be listed here, with where it comes from. There is none today.
    const raisedUnseen = new Set<string>([]);
    expect(Object.keys(errorReasons).filter((code) => !quoted.has(code) && !raisedUnseen.has(code))).toEqual([]);
  });
});
