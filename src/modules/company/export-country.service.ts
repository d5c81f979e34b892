import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../auth/viewer.js';
import { visibleCompany } from './company.visible.js';
import { adviserOf, assertNotArchived, stampModified, writeTransaction } from '../../db/write.js';
import { Issues, notFound } from '../../errors.js';
import { loadReferences } from '../metadata/index.js';
import { Country } from '../metadata/index.js';
import { Company } from './company.entity.js';
import { CompanyExportCountry, CompanyExportCountryHistory, ExportCountryHistoryType, type ExportCountryStatus } from './export-country.entity.js';
import { checkExportCountries, mergeExportCountry, type ExportCountryEntry } from './export-country.rules.js';

/**
 * Replaces a company's export countries with `entries` (Data Hub's `PATCH company/<id>/export-detail`): new
 * countries are added, a changed status is updated, countries left out are removed, each change written to
 * the history with the adviser who made it, all in one transaction. The company row is locked first, so two
 * writers of the same list take turns instead of racing on the one-row-per-country constraint. A list that
 * changes nothing writes nothing.
 */
export async function setExportCountries(em: EntityManager, viewer: Viewer, companyId: string, entries: readonly ExportCountryEntry[]): Promise<void> {
  return writeTransaction(em, async (tx) => {
    const company = await tx.findOne(Company, { id: companyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!company || !(await visibleCompany(tx, viewer)(companyId))) throw notFound('Company', companyId);
    assertNotArchived(company, 'company');
    const current = await tx.find(CompanyExportCountry, { company }, { orderBy: { createdOn: 'asc' } });
    const byCountry = new Map(current.map((row) => [row.country.id, row]));

    const issues = new Issues();
    const references = await loadReferences(tx, { country: entries.map((e) => e.countryId) });
    checkExportCountries(entries, [...byCountry.keys()], references, issues);
    issues.throwIfAny();

    const historyUser = adviserOf(tx, viewer);
    const now = new Date();
    let changed = false;
    const record = (country: string, status: ExportCountryStatus, historyType: ExportCountryHistoryType) => {
      tx.persist(Object.assign(new CompanyExportCountryHistory(), { company, country: tx.getReference(Country, country), status, historyType, historyDate: now, historyUser }));
      changed = true;
    };

    for (const { countryId, status } of entries) {
      const row = byCountry.get(countryId);
      if (!row) {
        tx.persist(Object.assign(new CompanyExportCountry(), { company, country: tx.getReference(Country, countryId), status, createdOn: now, modifiedOn: now }));
        record(countryId, status, ExportCountryHistoryType.INSERT);
      } else if (row.status !== status) {
        Object.assign(row, { status, modifiedOn: now });
        record(countryId, status, ExportCountryHistoryType.UPDATE);
      }
    }
    const kept = new Set(entries.map((e) => e.countryId));
    for (const row of current) {
      if (kept.has(row.country.id)) continue;
      tx.remove(row);
      record(row.country.id, row.status, ExportCountryHistoryType.DELETE);
    }
    if (changed) {
      stampModified(tx, company, viewer);
      await tx.flush();
    }
  });
}

/**
 * Merges countries discussed on an interaction into its company's export list (Data Hub's
 * `add_export_country`, see mergeExportCountry), inside the caller's transaction: the company row is locked
 * first, as setExportCountries does, then its rows for these countries are read, and each insert or status
 * change is written with its history row (the caller's flush writes them). The entries are valid already
 * (the caller's rules checked them). Returns how many rows changed.
 */
export async function mergeExportCountries(tx: EntityManager, viewer: Viewer, companyId: string, entries: readonly ExportCountryEntry[], recordDate: Date): Promise<number> {
  if (!entries.length) return 0;
  const company = await tx.findOneOrFail(Company, { id: companyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const current = await tx.find(CompanyExportCountry, { company, country: { $in: entries.map((e) => e.countryId) } });
  const byCountry = new Map(current.map((row) => [row.country.id, row]));
  const historyUser = adviserOf(tx, viewer);
  const now = new Date();
  let changed = 0;
  for (const { countryId, status } of entries) {
    const row = byCountry.get(countryId);
    const merge = mergeExportCountry(row, status, recordDate);
    if (!merge) continue;
    const country = tx.getReference(Country, countryId);
    if (merge === 'insert') tx.persist(Object.assign(new CompanyExportCountry(), { company, country, status, createdOn: now, modifiedOn: now }));
    else Object.assign(row!, { status, modifiedOn: now });
    const historyType = merge === 'insert' ? ExportCountryHistoryType.INSERT : ExportCountryHistoryType.UPDATE;
    tx.persist(Object.assign(new CompanyExportCountryHistory(), { company, country, status, historyType, historyDate: now, historyUser }));
    changed++;
  }
  return changed;
}
