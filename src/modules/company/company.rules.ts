import type { EntityManager } from '@mikro-orm/core';
import { query } from '../../db/read-model.js';
import type { Issues } from '../../errors.js';
import { checkReference } from '../metadata/index.js';
import { REF } from '../metadata/metadata.entities.js';
import type { AddressState } from './address.js';

// index.ts exports these from this file.
export { normaliseAddress, type AddressState } from './address.js';
export { trimOrNull } from '../../db/values.js';

/** A company as the rules see it: the values it would have after the write, references by id. */
export type CompanyState = {
  id?: string;
  name?: string | null;
  companyNumber?: string | null;
  dunsNumber?: string | null;
  globalUltimateDunsNumber?: string | null;
  businessTypeId?: string | null;
  sectorId?: string | null;
  employeeRangeId?: string | null;
  turnoverRangeId?: string | null;
  numberOfEmployees?: number | null;
  turnover?: number | null;
  address: AddressState;
  registeredAddress?: AddressState | null;
  ukRegionId?: string | null;
  headquarterTypeId?: string | null;
  globalHeadquartersId?: string | null;
};

const DUNS_RE = /^[0-9]{9}$/;

const blank = (s: string | null | undefined) => !s || !s.trim();

/** Line 1, town and country; area and postcode for the US and Canada; the area must be of that country. */
export async function checkAddress(em: EntityManager, address: AddressState, field: string, issues: Issues, before?: AddressState | null): Promise<void> {
  if (blank(address.line1)) issues.add([field, 'line1'], 'REQUIRED', 'Address line 1 is required.');
  if (blank(address.town)) issues.add([field, 'town'], 'REQUIRED', 'The town is required.');
  if (!address.countryId) {
    issues.add([field, 'countryId'], 'REQUIRED', 'The country is required.');
    return;
  }
  await checkReference(em, 'country', address.countryId, [field, 'countryId'], issues, before?.countryId);
  const needsArea = address.countryId === REF.country.unitedStates || address.countryId === REF.country.canada;
  if (needsArea && !address.areaId) issues.add([field, 'areaId'], 'REQUIRED', 'The area (state or province) is required for the US and Canada.');
  if (needsArea && blank(address.postcode)) issues.add([field, 'postcode'], 'REQUIRED', 'The postcode is required for the US and Canada.');
  const area = await checkReference(em, 'administrativeArea', address.areaId, [field, 'areaId'], issues, before?.areaId);
  if (area && area.countryId !== address.countryId) issues.add([field, 'areaId'], 'AREA_NOT_IN_COUNTRY', `${area.name} is not in the address's country.`);
}

/**
 * Every rule of a company, on the state it would have after the write. `before` is the stored state on
 * update (undefined on create): a disabled reference it already had stays allowed, and business type and
 * sector may stay blank only if they were blank already.
 */
export async function checkCompany(em: EntityManager, next: CompanyState, before: CompanyState | undefined, issues: Issues): Promise<void> {
  if (blank(next.name)) issues.add('name', 'REQUIRED', 'The name is required.');
  else if (next.name!.length > 255) issues.add('name', 'TOO_LONG', 'The name is at most 255 characters.');

  for (const [key, table] of [['businessTypeId', 'businessType'], ['sectorId', 'sector']] as const) {
    const wasBlank = before !== undefined && !before[key];
    if (!next[key] && !wasBlank) issues.add(key, 'REQUIRED', `${key === 'sectorId' ? 'The sector' : 'The business type'} is required.`);
    await checkReference(em, table, next[key], [key], issues, before?.[key]);
  }
  await checkReference(em, 'employeeRange', next.employeeRangeId, ['employeeRangeId'], issues, before?.employeeRangeId);
  await checkReference(em, 'turnoverRange', next.turnoverRangeId, ['turnoverRangeId'], issues, before?.turnoverRangeId);
  if (next.numberOfEmployees != null && next.numberOfEmployees < 0) issues.add('numberOfEmployees', 'NEGATIVE', 'Must be zero or more.');
  if (next.turnover != null && next.turnover < 0) issues.add('turnover', 'NEGATIVE', 'Must be zero or more.');

  await checkAddress(em, next.address, 'address', issues, before?.address);
  if (next.registeredAddress) await checkAddress(em, next.registeredAddress, 'registeredAddress', issues, before?.registeredAddress);

  const inUk = next.address.countryId === REF.country.unitedKingdom;
  if (inUk && !next.ukRegionId) issues.add('ukRegionId', 'REQUIRED', 'The UK region is required for a company in the UK.');
  if (!inUk && next.ukRegionId) issues.add('ukRegionId', 'UK_ONLY', 'Only a company in the UK has a UK region.');
  await checkReference(em, 'ukRegion', next.ukRegionId, ['ukRegionId'], issues, before?.ukRegionId);

  if (next.businessTypeId === REF.businessType.ukBranchOfForeignCompany) {
    if (!next.companyNumber || !/^BR[0-9]{6}$/i.test(next.companyNumber)) {
      issues.add('companyNumber', 'BRANCH_NEEDS_BR_NUMBER', 'A UK branch of a foreign company needs a "BR" company number (BR and six digits).');
    }
    if (!inUk) issues.add(['address', 'countryId'], 'BRANCH_MUST_BE_IN_UK', 'A UK branch of a foreign company must be in the UK.');
  }

  for (const key of ['dunsNumber', 'globalUltimateDunsNumber'] as const) {
    if (next[key] != null && !DUNS_RE.test(next[key]!)) issues.add(key, 'INVALID_DUNS', 'A DUNS number is exactly nine digits.');
  }
  await checkHeadquarters(em, next, before, issues);
  await checkReference(em, 'headquarterType', next.headquarterTypeId, ['headquarterTypeId'], issues, before?.headquarterTypeId);
}

/** The target must be a ghq and not the company itself; a ghq has no ghq; a ghq with subsidiaries stays one. */
async function checkHeadquarters(em: EntityManager, next: CompanyState, before: CompanyState | undefined, issues: Issues): Promise<void> {
  const isGhq = next.headquarterTypeId === REF.headquarterType.ghq;
  if (next.globalHeadquartersId) {
    if (next.globalHeadquartersId === next.id) {
      issues.add('globalHeadquartersId', 'SELF_REFERENCE', 'A company cannot be its own global headquarters.');
    } else {
      const [target] = await query(em, {
        text: 'select headquarter_type_id as "hq" from company where id = ?',
        params: [next.globalHeadquartersId],
      });
      if (!target) issues.add('globalHeadquartersId', 'NOT_FOUND', `No company with id ${next.globalHeadquartersId}.`);
      else if (target.hq !== REF.headquarterType.ghq) issues.add('globalHeadquartersId', 'NOT_A_GHQ', 'The global headquarters must be a company whose headquarter type is ghq.');
    }
    if (isGhq) issues.add('globalHeadquartersId', 'GHQ_HAS_GHQ', 'A global headquarters cannot itself have a global headquarters.');
  }
  if (before && next.id && before.headquarterTypeId === REF.headquarterType.ghq && !isGhq) {
    const [row] = await query(em, { text: 'select count(*)::int as "n" from company where global_headquarters_id = ?', params: [next.id] });
    if (row.n > 0) issues.add('headquarterTypeId', 'HAS_SUBSIDIARIES', `${row.n} companies have this one as their global headquarters; it must stay a ghq.`);
  }
}

/** The DUNS number is unique (checked here for a clear message; a unique index is the backstop). */
export async function checkDunsFree(em: EntityManager, duns: string | null | undefined, selfId: string | undefined): Promise<boolean> {
  if (!duns || !DUNS_RE.test(duns)) return true;
  const [row] = await query(em, { text: 'select id from company where duns_number = ? and id is distinct from ?', params: [duns, selfId ?? null] });
  return !row;
}
