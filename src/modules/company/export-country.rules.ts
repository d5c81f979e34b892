import type { Issues } from '../../errors.js';
import { checkReferences, type References } from '../metadata/index.js';
import type { ExportCountryStatus } from './export-country.entity.js';

export type ExportCountryEntry = { countryId: string; status: ExportCountryStatus };

/**
 * A company's new list of export countries: each country given once, and each an enabled country, or a
 * disabled one the list already had (`current`: it may stay, but cannot be added anew). `references` are the
 * entries' countries, loaded first.
 */
export function checkExportCountries(entries: readonly ExportCountryEntry[], current: readonly string[], references: References, issues: Issues): void {
  const seen = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    const first = seen.get(entry.countryId);
    if (first === undefined) seen.set(entry.countryId, i);
    else issues.add(['exportCountries', String(i), 'countryId'], 'DUPLICATE', `This country is already entry ${first} of the list; give each country once.`);
  }
  checkReferences(references, 'country', entries.map((e) => e.countryId), ['exportCountries'], issues, current);
}
