import { describe, expect, it } from 'vitest';
import { ExportCountryStatus } from '../../src/modules/company/export-country.entity.js';
import { checkExportCountries, type ExportCountryEntry } from '../../src/modules/company/export-country.rules.js';
import { detailedIssuesOf, issuesOf, referencesOf } from '../helpers/rules.js';

const references = referencesOf({
  country: [{ id: 'fr', name: 'France' }, { id: 'de', name: 'Germany' }, { id: 'yu', name: 'Yugoslavia', disabledOn: '1992-04-27T00:00:00.000Z' }],
});
const entry = (countryId: string): ExportCountryEntry => ({ countryId, status: ExportCountryStatus.CURRENTLY_EXPORTING });
const check = (countryIds: string[], current: string[] = []) => issuesOf((issues) => checkExportCountries(countryIds.map(entry), current, references, issues));

describe('checkExportCountries', () => {
  it('accepts enabled countries, each once, and an empty list', () => {
    expect(check(['fr', 'de'])).toEqual([]);
    expect(check([])).toEqual([]);
  });

  it('refuses a country given twice, at the repeated entry', () => {
    expect(detailedIssuesOf((issues) => checkExportCountries(['fr', 'de', 'fr'].map(entry), [], references, issues))).toEqual([
      { field: ['exportCountries', '2', 'countryId'], reason: 'DUPLICATE', message: 'This country is already entry 0 of the list; give each country once.' },
    ]);
  });

  it('refuses an unknown country, and a disabled one unless the list already had it', () => {
    expect(check(['fr', 'x', 'yu'])).toEqual(['exportCountries.1:NOT_FOUND', 'exportCountries.2:DISABLED']);
    expect(check(['yu'], ['yu'])).toEqual([]);
  });
});
