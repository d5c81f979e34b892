import { describe, expect, it } from 'vitest';
import { Issues } from '../../src/errors.js';
import { checkReference, checkReferences, namesAny } from '../../src/modules/metadata/metadata.references.js';
import { detailedIssuesOf, issuesOf, referencesOf } from '../helpers/rules.js';

const references = referencesOf({
  title: [
    { id: 'dr', name: 'Dr', disabledOn: null },
    { id: 'sir', name: 'Sir', disabledOn: '2020-01-01T00:00:00.000Z' },
  ],
  policyArea: [
    { id: 'trade', name: 'Trade', disabledOn: null },
    { id: 'old', name: 'Old area', disabledOn: '2020-01-01T00:00:00.000Z' },
  ],
});

describe('checkReference', () => {
  it('passes an enabled reference and returns its row; names none for no id', () => {
    const returned: unknown[] = [];
    expect(issuesOf((issues) => returned.push(checkReference(references, 'title', 'dr', ['titleId'], issues), checkReference(references, 'title', null, ['titleId'], issues)))).toEqual([]);
    expect(returned).toEqual([{ id: 'dr', name: 'Dr', disabledOn: null }, null]);
  });

  it('refuses an unknown id as NOT_FOUND, naming the table and the id', () => {
    expect(detailedIssuesOf((issues) => checkReference(references, 'title', 'x', ['titleId'], issues))).toEqual([
      { field: ['titleId'], reason: 'NOT_FOUND', message: 'No Title with id x.' },
    ]);
  });

  it('refuses a disabled reference unless the record already had it', () => {
    expect(detailedIssuesOf((issues) => checkReference(references, 'title', 'sir', ['titleId'], issues))).toEqual([
      { field: ['titleId'], reason: 'DISABLED', message: 'Title "Sir" is disabled and cannot be chosen for new records.' },
    ]);
    expect(issuesOf((issues) => checkReference(references, 'title', 'sir', ['titleId'], issues, 'sir'))).toEqual([]);
  });

  it('fails loudly when the service did not load the table the rule reads', () => {
    expect(() => checkReference(references, 'country', 'uk', ['countryId'], new Issues())).toThrow(/country references were not loaded/);
  });
});

describe('checkReferences', () => {
  it('puts each failing reference at its index, and keeps the disabled ones already had', () => {
    expect(issuesOf((issues) => checkReferences(references, 'policyArea', ['trade', 'x', 'old'], ['policyAreaIds'], issues))).toEqual([
      'policyAreaIds.1:NOT_FOUND',
      'policyAreaIds.2:DISABLED',
    ]);
    expect(issuesOf((issues) => checkReferences(references, 'policyArea', ['old'], ['policyAreaIds'], issues, ['old']))).toEqual([]);
  });

  it('reads nothing for an empty list', () => {
    expect(issuesOf((issues) => checkReferences({}, 'policyIssueType', [], ['policyIssueTypeIds'], issues))).toEqual([]);
  });
});

describe('namesAny', () => {
  it('tells whether loading the ids takes a statement', () => {
    expect(namesAny({ title: [null, undefined], country: [] })).toBe(false);
    expect(namesAny({ title: [null], country: ['uk'] })).toBe(true);
  });
});
