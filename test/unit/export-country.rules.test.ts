import { describe, expect, it } from 'vitest';
import { ExportCountryStatus } from '../../src/modules/company/export-country.entity.js';
import { checkExportCountries, exportRecordDate, mergeExportCountry, type ExportCountryEntry } from '../../src/modules/company/export-country.rules.js';
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

describe('mergeExportCountry (a country discussed on an interaction)', () => {
  const { CURRENTLY_EXPORTING: exporting, NOT_INTERESTED: notInterested } = ExportCountryStatus;
  const setOn = new Date('2026-03-01T12:00:00Z');

  it('adds a country the company does not have', () => {
    expect(mergeExportCountry(undefined, exporting, new Date('2000-01-01T00:00:00Z'))).toBe('insert');
  });

  it('changes a status only when the interaction is newer than the status, and a same status never', () => {
    expect(mergeExportCountry({ status: notInterested, modifiedOn: setOn }, exporting, new Date('2026-03-02T00:00:00Z'))).toBe('update');
    expect(mergeExportCountry({ status: notInterested, modifiedOn: setOn }, exporting, new Date('2026-03-01T00:00:00Z'))).toBeNull();
    expect(mergeExportCountry({ status: exporting, modifiedOn: setOn }, exporting, new Date('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it("records as of the interaction's date, or now for a date to come", () => {
    const now = new Date('2026-06-15T10:00:00Z');
    expect(exportRecordDate('2026-01-15', now)).toEqual(new Date('2026-01-15T00:00:00Z'));
    expect(exportRecordDate('2027-01-15', now)).toEqual(now);
  });
});
