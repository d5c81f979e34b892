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

/** What merging one discussed country into a company's list does (mergeExportCountry). */
export type ExportCountryMerge = 'insert' | 'update' | null;

/**
 * A country discussed on an interaction, merged into the company's list as Data Hub's
 * `Company.add_export_country` does: a country the company does not have is added; one it has with another
 * status takes the new status only when the interaction's record date (its date, or now for a future date)
 * is later than the status's last change, so an old interaction entered late does not undo a newer status;
 * otherwise nothing changes. Nothing is ever removed.
 */
export function mergeExportCountry(current: { status: ExportCountryStatus; modifiedOn: Date } | undefined, status: ExportCountryStatus, recordDate: Date): ExportCountryMerge {
  if (!current) return 'insert';
  if (current.status !== status && current.modifiedOn.getTime() < recordDate.getTime()) return 'update';
  return null;
}

/** The record date of an interaction's countries: its date (start of day, UTC), or now when that is later. */
export function exportRecordDate(interactionDate: string, now: Date): Date {
  const date = new Date(`${interactionDate}T00:00:00Z`);
  return date.getTime() > now.getTime() ? now : date;
}
