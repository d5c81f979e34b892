import { conflict, type AppError, type Issues } from '../../errors.js';
import { REF } from '../metadata/index.js';
import { checkReference, type ReferenceIds, type References } from '../metadata/index.js';
import type { AddressState } from './address.js';

// index.ts exports these from this file.

/**
 * The company rules: pure functions of the state a company would have after a write, the state before it,
 * and the facts the service loads first (company.facts.ts), so they are tested on plain objects.
 */

/** A company as the rules see it: the values it would have after the write, references by id. */
export type CompanyState = {
  id?: string;
  name?: string | null;
  tradingNames?: string[] | null;
  companyNumber?: string | null;
  vatNumber?: string | null;
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

/** What the company rules read besides the company itself; the service loads it first (loadCompanyFacts). */
export type CompanyFacts = {
  /** The references the company names (companyReferenceIds). */
  references: References;
  /** The company named as global headquarters; undefined when no company has that id. */
  globalHeadquarters?: { headquarterTypeId: string | null };
  /** How many companies have this one as their global headquarters (read when a stored ghq is written). */
  subsidiaries: number;
  /** Whether another company has the DUNS number it changes to (dunsToCheck); undefined when not read yet. */
  dunsTaken?: boolean;
};

const DUNS_RE = /^[0-9]{9}$/;

const blank = (s: string | null | undefined) => !s || !s.trim();

/** The references the address rules read: the addresses' countries and areas. */
export function addressReferenceIds(addresses: ReadonlyArray<AddressState | null | undefined>): ReferenceIds {
  const given = addresses.filter((a): a is AddressState => !!a);
  return { country: given.map((a) => a.countryId), administrativeArea: given.map((a) => a.areaId) };
}

/** Line 1, town and country; area and postcode for the US and Canada; the area must be of that country. */
export function checkAddress(references: References, address: AddressState, field: string, issues: Issues, before?: AddressState | null): void {
  if (blank(address.line1)) issues.add([field, 'line1'], 'REQUIRED', 'Address line 1 is required.');
  if (blank(address.town)) issues.add([field, 'town'], 'REQUIRED', 'The town is required.');
  if (!address.countryId) {
    issues.add([field, 'countryId'], 'REQUIRED', 'The country is required.');
    return;
  }
  checkReference(references, 'country', address.countryId, [field, 'countryId'], issues, before?.countryId);
  const needsArea = address.countryId === REF.country.unitedStates || address.countryId === REF.country.canada;
  if (needsArea && !address.areaId) issues.add([field, 'areaId'], 'REQUIRED', 'The area (state or province) is required for the US and Canada.');
  if (needsArea && blank(address.postcode)) issues.add([field, 'postcode'], 'REQUIRED', 'The postcode is required for the US and Canada.');
  const area = checkReference(references, 'administrativeArea', address.areaId, [field, 'areaId'], issues, before?.areaId);
  if (area && area.countryId !== address.countryId) issues.add([field, 'areaId'], 'AREA_NOT_IN_COUNTRY', `${area.name} is not in the address's country.`);
}

/** The references the company rules read. */
export function companyReferenceIds(next: CompanyState): ReferenceIds {
  return {
    businessType: [next.businessTypeId],
    sector: [next.sectorId],
    employeeRange: [next.employeeRangeId],
    turnoverRange: [next.turnoverRangeId],
    ...addressReferenceIds([next.address, next.registeredAddress]),
    ukRegion: [next.ukRegionId],
    headquarterType: [next.headquarterTypeId],
  };
}

/**
 * Every rule of a company, on the state it would have after the write. `before` is the stored state on
 * update (undefined on create): a disabled reference it already had stays allowed, and business type and
 * sector may stay blank only if they were blank already.
 */
export function checkCompany(next: CompanyState, before: CompanyState | undefined, facts: CompanyFacts, issues: Issues): void {
  const { references } = facts;
  if (blank(next.name)) issues.add('name', 'REQUIRED', 'The name is required.');
  else if (next.name!.length > 255) issues.add('name', 'TOO_LONG', 'The name is at most 255 characters.');

  for (const [key, table] of [['businessTypeId', 'businessType'], ['sectorId', 'sector']] as const) {
    const wasBlank = before !== undefined && !before[key];
    if (!next[key] && !wasBlank) issues.add(key, 'REQUIRED', `${key === 'sectorId' ? 'The sector' : 'The business type'} is required.`);
    checkReference(references, table, next[key], [key], issues, before?.[key]);
  }
  checkReference(references, 'employeeRange', next.employeeRangeId, ['employeeRangeId'], issues, before?.employeeRangeId);
  checkReference(references, 'turnoverRange', next.turnoverRangeId, ['turnoverRangeId'], issues, before?.turnoverRangeId);
  if (next.numberOfEmployees != null && next.numberOfEmployees < 0) issues.add('numberOfEmployees', 'NEGATIVE', 'Must be zero or more.');
  if (next.turnover != null && next.turnover < 0) issues.add('turnover', 'NEGATIVE', 'Must be zero or more.');

  checkAddress(references, next.address, 'address', issues, before?.address);
  if (next.registeredAddress) checkAddress(references, next.registeredAddress, 'registeredAddress', issues, before?.registeredAddress);

  const inUk = next.address.countryId === REF.country.unitedKingdom;
  if (inUk && !next.ukRegionId) issues.add('ukRegionId', 'REQUIRED', 'The UK region is required for a company in the UK.');
  if (!inUk && next.ukRegionId) issues.add('ukRegionId', 'UK_ONLY', 'Only a company in the UK has a UK region.');
  checkReference(references, 'ukRegion', next.ukRegionId, ['ukRegionId'], issues, before?.ukRegionId);

  if (next.businessTypeId === REF.businessType.ukBranchOfForeignCompany) {
    if (!next.companyNumber || !/^BR[0-9]{6}$/i.test(next.companyNumber)) {
      issues.add('companyNumber', 'BRANCH_NEEDS_BR_NUMBER', 'A UK branch of a foreign company needs a "BR" company number (BR and six digits).');
    }
    if (!inUk) issues.add(['address', 'countryId'], 'BRANCH_MUST_BE_IN_UK', 'A UK branch of a foreign company must be in the UK.');
  }

  for (const key of ['dunsNumber', 'globalUltimateDunsNumber'] as const) {
    if (next[key] != null && !DUNS_RE.test(next[key]!)) issues.add(key, 'INVALID_DUNS', 'A DUNS number is exactly nine digits.');
  }
  checkHeadquarters(next, before, facts, issues);
  checkDnbReadOnly(next, before, issues);
  checkReference(references, 'headquarterType', next.headquarterTypeId, ['headquarterTypeId'], issues, before?.headquarterTypeId);
}

/** The target must be a ghq and not the company itself; a ghq has no ghq; a ghq with subsidiaries stays one. */
function checkHeadquarters(next: CompanyState, before: CompanyState | undefined, facts: CompanyFacts, issues: Issues): void {
  const isGhq = next.headquarterTypeId === REF.headquarterType.ghq;
  if (next.globalHeadquartersId) {
    if (next.globalHeadquartersId === next.id) {
      issues.add('globalHeadquartersId', 'SELF_REFERENCE', 'A company cannot be its own global headquarters.');
    } else {
      const target = facts.globalHeadquarters;
      if (!target) issues.add('globalHeadquartersId', 'NOT_FOUND', `No company with id ${next.globalHeadquartersId}.`);
      else if (target.headquarterTypeId !== REF.headquarterType.ghq) issues.add('globalHeadquartersId', 'NOT_A_GHQ', 'The global headquarters must be a company whose headquarter type is ghq.');
    }
    if (isGhq) issues.add('globalHeadquartersId', 'GHQ_HAS_GHQ', 'A global headquarters cannot itself have a global headquarters.');
  }
  if (before && next.id && before.headquarterTypeId === REF.headquarterType.ghq && !isGhq) {
    const n = facts.subsidiaries;
    if (n > 0) issues.add('headquarterTypeId', 'HAS_SUBSIDIARIES', `${n} companies have this one as their global headquarters; it must stay a ghq.`);
  }
}

/** The DUNS number a write must check is free: a valid one it changes to; null when there is none. */
export function dunsToCheck(next: CompanyState, before: CompanyState | undefined): string | null {
  const duns = next.dunsNumber;
  return duns && duns !== before?.dunsNumber && DUNS_RE.test(duns) ? duns : null;
}

/**
 * The DUNS number is unique (checked here for a clear message; a unique index is the backstop). A conflict,
 * not an input issue: it is checked once the other rules pass.
 */
export function checkDunsFree(next: CompanyState, dunsTaken: boolean): void {
  if (dunsTaken) throw conflict('DUNS_TAKEN', `Another company has DUNS number ${next.dunsNumber}.`, ['dunsNumber']);
}

/**
 * The fields of a D&B-linked company (one with a DUNS number) that D&B keeps: Data Hub's serializer makes
 * them read-only (`dnb_read_only_fields`, plus the D&B figures and numbers it never lets the API write). Here
 * they are keys of CompanyUpdateInput, in its order; the DUNS number itself is one (a linked company is not
 * unlinked or relinked through an update, so the lock cannot be side-stepped in two writes).
 */
export const DNB_READ_ONLY_FIELDS = [
  'name',
  'tradingNames',
  'companyNumber',
  'vatNumber',
  'dunsNumber',
  'globalUltimateDunsNumber',
  'businessTypeId',
  'employeeRangeId',
  'turnoverRangeId',
  'numberOfEmployees',
  'turnover',
  'address',
  'registeredAddress',
] as const satisfies ReadonlyArray<keyof CompanyState>;

/** The fields an update may not change on this stored company: D&B's when it is linked (has a DUNS number). */
export const dnbReadOnlyFields = (company: { dunsNumber?: string | null }): string[] => (company.dunsNumber ? [...DNB_READ_ONLY_FIELDS] : []);

/** Equal as stored: null and undefined (and an empty list and none) alike, lists and addresses part by part. */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0);
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/**
 * A D&B-linked company's read-only fields (DNB_READ_ONLY_FIELDS) cannot change: each one the update would
 * change is an issue `DNB_READ_ONLY` at that field. The same value sent again is no change and passes, so a
 * form that sends the whole record still saves (Data Hub ignores the fields instead: a silent no-op there,
 * an error here, so a client never believes a change was made).
 */
export function checkDnbReadOnly(next: CompanyState, before: CompanyState | undefined, issues: Issues): void {
  if (!before?.dunsNumber) return;
  for (const key of DNB_READ_ONLY_FIELDS) {
    if (!sameValue(next[key], before[key])) {
      issues.add(key, 'DNB_READ_ONLY', `This company is linked to D&B (DUNS ${before.dunsNumber}): ${key} comes from D&B and cannot be changed here.`);
    }
  }
}

/** What the company's lifecycle decides about the actions on it (the caller's permissions aside). */
export type CompanyLifecycle = { archived: boolean; transferredToId?: string | null };

/** Whether the caller holds the permission each action's mutation needs (`updateCompany`: change_company; archiving: archive_company). */
export type CompanyPermits = { change: boolean; archive: boolean };

/**
 * Which of updateCompany, archiveCompany and unarchiveCompany would be allowed on this company for this
 * caller, by the rules the mutations apply: an archived company is read-only; only a company that is not
 * archived is archived; a merged company (transferred to another) stays archived (unarchiveRefusal).
 */
export function companyActions(company: CompanyLifecycle, may: CompanyPermits): { edit: boolean; archive: boolean; unarchive: boolean } {
  return {
    edit: may.change && !company.archived,
    archive: may.archive && !company.archived,
    unarchive: may.archive && company.archived && !unarchiveRefusal(company),
  };
}

/** Why a company cannot be unarchived, or null when it can: it is not archived, or it was merged into another. */
export function unarchiveRefusal(company: CompanyLifecycle): AppError | null {
  if (!company.archived) return conflict('NOT_ARCHIVED', 'This company is not archived.');
  if (company.transferredToId) return conflict('TRANSFERRED', 'This company was merged into another one and cannot be unarchived.');
  return null;
}
