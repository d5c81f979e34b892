import { describe, expect, it } from 'vitest';
import type { AddressState } from '../../src/modules/company/address.js';
import {
  checkCompany,
  checkDnbReadOnly,
  checkDunsFree,
  companyActions,
  companyReferenceIds,
  dnbReadOnlyFields,
  unarchiveRefusal,
  dunsToCheck,
  type CompanyFacts,
  type CompanyState,
} from '../../src/modules/company/company.rules.js';
import { REF } from '../../src/modules/metadata/metadata.entities.js';
import { failure } from '../helpers/errors.js';
import { detailedIssuesOf, issuesOf, referencesOf } from '../helpers/rules.js';

const { unitedKingdom: uk, unitedStates: us, canada } = REF.country;
const { ghq, ukhq } = REF.headquarterType;
const DISABLED = '2020-01-01T00:00:00.000Z';

/** Every reference a company below names, as the service would have loaded it. */
const references = referencesOf({
  businessType: [{ id: 'ltd', name: 'Company' }, { id: REF.businessType.ukBranchOfForeignCompany, name: 'UK branch' }, { id: 'old-type', name: 'Old type', disabledOn: DISABLED }],
  sector: [{ id: 'aero', name: 'Aerospace' }],
  employeeRange: [{ id: '1-9', name: '1 to 9' }],
  turnoverRange: [{ id: 'small', name: '£0 to £1.34M' }],
  country: [{ id: uk, name: 'United Kingdom' }, { id: us, name: 'United States' }, { id: canada, name: 'Canada' }, { id: 'fr', name: 'France' }],
  administrativeArea: [{ id: 'ma', name: 'Massachusetts', countryId: us }, { id: 'on', name: 'Ontario', countryId: canada }],
  ukRegion: [{ id: 'london', name: 'London' }],
  headquarterType: [{ id: ghq, name: 'ghq' }, { id: ukhq, name: 'ukhq' }],
});

const ukAddress: AddressState = { line1: '1 High Street', town: 'London', postcode: 'SW1A 1AA', countryId: uk, areaId: null };
const usAddress: AddressState = { line1: '1 Main St', town: 'Boston', postcode: '02101', countryId: us, areaId: 'ma' };

const valid: CompanyState = { id: 'self', name: 'Acme Ltd', businessTypeId: 'ltd', sectorId: 'aero', ukRegionId: 'london', address: ukAddress };
const noFacts: CompanyFacts = { references, subsidiaries: 0 };

const check = (next: Partial<CompanyState>, { before, facts }: { before?: Partial<CompanyState>; facts?: Partial<CompanyFacts> } = {}) =>
  issuesOf((issues) => checkCompany({ ...valid, ...next }, before && { ...valid, ...before }, { ...noFacts, ...facts }, issues));

describe('checkCompany', () => {
  it('accepts a UK company with its references', () => {
    expect(check({})).toEqual([]);
    expect(check({ employeeRangeId: '1-9', turnoverRangeId: 'small', numberOfEmployees: 0, turnover: 0, headquarterTypeId: ukhq })).toEqual([]);
  });

  it('requires a name of at most 255 characters', () => {
    expect(check({ name: '  ' })).toEqual(['name:REQUIRED']);
    expect(check({ name: 'x'.repeat(255) })).toEqual([]);
    expect(check({ name: 'x'.repeat(256) })).toEqual(['name:TOO_LONG']);
  });

  it('requires business type and sector, unless an update finds them blank already', () => {
    expect(check({ businessTypeId: null, sectorId: null })).toEqual(['businessTypeId:REQUIRED', 'sectorId:REQUIRED']);
    expect(check({ sectorId: null }, { before: { sectorId: 'aero' } })).toEqual(['sectorId:REQUIRED']);
    expect(check({ businessTypeId: null, sectorId: null }, { before: { businessTypeId: null, sectorId: null } })).toEqual([]);
  });

  it('checks each reference: unknown is NOT_FOUND, disabled only where already chosen', () => {
    expect(check({ sectorId: 'x', employeeRangeId: 'x', turnoverRangeId: 'x', ukRegionId: 'x', headquarterTypeId: 'x' })).toEqual([
      'sectorId:NOT_FOUND',
      'employeeRangeId:NOT_FOUND',
      'turnoverRangeId:NOT_FOUND',
      'ukRegionId:NOT_FOUND',
      'headquarterTypeId:NOT_FOUND',
    ]);
    expect(check({ businessTypeId: 'old-type' })).toEqual(['businessTypeId:DISABLED']);
    expect(check({ businessTypeId: 'old-type' }, { before: { businessTypeId: 'old-type' } })).toEqual([]);
  });

  it('refuses negative employees and turnover', () => {
    expect(check({ numberOfEmployees: -1, turnover: -0.5 })).toEqual(['numberOfEmployees:NEGATIVE', 'turnover:NEGATIVE']);
  });

  it('requires line 1, town and country of each address', () => {
    expect(check({ address: { line1: ' ', town: null, countryId: null } })).toEqual(['address.line1:REQUIRED', 'address.town:REQUIRED', 'address.countryId:REQUIRED', 'ukRegionId:UK_ONLY']);
    expect(check({ registeredAddress: { line1: '2 Road', town: null, countryId: 'x' } })).toEqual(['registeredAddress.town:REQUIRED', 'registeredAddress.countryId:NOT_FOUND']);
  });

  it('wants area and postcode in the US and Canada, and an area of the address\'s country', () => {
    const abroad = { ukRegionId: null };
    expect(check({ ...abroad, address: usAddress })).toEqual([]);
    expect(check({ ...abroad, address: { ...usAddress, areaId: null, postcode: ' ' } })).toEqual(['address.areaId:REQUIRED', 'address.postcode:REQUIRED']);
    expect(check({ ...abroad, address: { ...usAddress, countryId: canada, postcode: 'K1A 0B1' } })).toEqual(['address.areaId:AREA_NOT_IN_COUNTRY']);
    expect(detailedIssuesOf((issues) => checkCompany({ ...valid, ukRegionId: null, address: { ...usAddress, areaId: 'on' } }, undefined, noFacts, issues))[0].message).toBe(
      "Ontario is not in the address's country.",
    );
    expect(check({ ...abroad, address: { ...usAddress, areaId: 'x' } })).toEqual(['address.areaId:NOT_FOUND']);
  });

  it('gives a UK company, and only a UK company, a UK region', () => {
    expect(check({ ukRegionId: null })).toEqual(['ukRegionId:REQUIRED']);
    expect(check({ address: { ...ukAddress, countryId: 'fr' } })).toEqual(['ukRegionId:UK_ONLY']);
  });

  it('wants a UK branch of a foreign company in the UK with a BR number', () => {
    const branch = { businessTypeId: REF.businessType.ukBranchOfForeignCompany };
    expect(check({ ...branch, companyNumber: 'BR123456' })).toEqual([]);
    expect(check({ ...branch, companyNumber: '01234567' })).toEqual(['companyNumber:BRANCH_NEEDS_BR_NUMBER']);
    expect(check({ ...branch, companyNumber: 'br000001', ukRegionId: null, address: { ...ukAddress, countryId: 'fr' } })).toEqual(['address.countryId:BRANCH_MUST_BE_IN_UK']);
  });

  it('wants DUNS numbers of exactly nine digits', () => {
    expect(check({ dunsNumber: '123456789', globalUltimateDunsNumber: '987654321' })).toEqual([]);
    expect(check({ dunsNumber: '12345678', globalUltimateDunsNumber: '12345678X' })).toEqual(['dunsNumber:INVALID_DUNS', 'globalUltimateDunsNumber:INVALID_DUNS']);
  });

  describe('headquarters', () => {
    it('wants the global headquarters to be another company that is a ghq', () => {
      expect(check({ globalHeadquartersId: 'parent' }, { facts: { globalHeadquarters: { headquarterTypeId: ghq } } })).toEqual([]);
      expect(check({ globalHeadquartersId: 'parent' })).toEqual(['globalHeadquartersId:NOT_FOUND']);
      expect(check({ globalHeadquartersId: 'parent' }, { facts: { globalHeadquarters: { headquarterTypeId: ukhq } } })).toEqual(['globalHeadquartersId:NOT_A_GHQ']);
      expect(check({ globalHeadquartersId: 'self' })).toEqual(['globalHeadquartersId:SELF_REFERENCE']);
    });

    it('gives a ghq no global headquarters', () => {
      const facts = { globalHeadquarters: { headquarterTypeId: ghq } };
      expect(check({ headquarterTypeId: ghq, globalHeadquartersId: 'parent' }, { facts })).toEqual(['globalHeadquartersId:GHQ_HAS_GHQ']);
    });

    it('keeps a ghq with subsidiaries a ghq', () => {
      const wasGhq = { before: { headquarterTypeId: ghq } };
      expect(check({ headquarterTypeId: ukhq }, { ...wasGhq, facts: { subsidiaries: 0 } })).toEqual([]);
      expect(check({ headquarterTypeId: ghq }, { ...wasGhq, facts: { subsidiaries: 2 } })).toEqual([]);
      expect(detailedIssuesOf((issues) => checkCompany({ ...valid, headquarterTypeId: null }, { ...valid, headquarterTypeId: ghq }, { ...noFacts, subsidiaries: 2 }, issues))).toEqual([
        { field: ['headquarterTypeId'], reason: 'HAS_SUBSIDIARIES', message: '2 companies have this one as their global headquarters; it must stay a ghq.' },
      ]);
    });
  });
});

describe('the DUNS number is unique', () => {
  it('is checked for a valid number the write changes to', () => {
    expect(dunsToCheck({ ...valid, dunsNumber: '123456789' }, undefined)).toBe('123456789');
    expect(dunsToCheck({ ...valid, dunsNumber: '123456789' }, { ...valid, dunsNumber: '123456789' })).toBeNull();
    expect(dunsToCheck({ ...valid, dunsNumber: '12345' }, undefined)).toBeNull();
    expect(dunsToCheck({ ...valid, dunsNumber: null }, { ...valid, dunsNumber: '123456789' })).toBeNull();
  });

  it('is a DUNS_TAKEN conflict when another company has it', () => {
    expect(() => checkDunsFree({ ...valid, dunsNumber: '123456789' }, false)).not.toThrow();
    expect(failure(() => checkDunsFree({ ...valid, dunsNumber: '123456789' }, true))).toMatchObject({
      code: 'CONFLICT',
      message: 'Another company has DUNS number 123456789.',
      extensions: { reason: 'DUNS_TAKEN', field: ['dunsNumber'] },
    });
  });
});

describe('companyReferenceIds', () => {
  it('names every reference the rules read, both addresses included', () => {
    expect(companyReferenceIds({ ...valid, employeeRangeId: '1-9', registeredAddress: usAddress, headquarterTypeId: ghq })).toEqual({
      businessType: ['ltd'],
      sector: ['aero'],
      employeeRange: ['1-9'],
      turnoverRange: [undefined],
      country: [uk, us],
      administrativeArea: [null, 'ma'],
      ukRegion: ['london'],
      headquarterType: [ghq],
    });
  });
});

describe('a D&B-linked company', () => {
  const linked: CompanyState = { ...valid, dunsNumber: '123456789', tradingNames: ['Acme'], turnover: 1000, numberOfEmployees: 12, registeredAddress: null };
  const dnb = (next: Partial<CompanyState>, before: CompanyState | 'create' = linked) =>
    issuesOf((issues) => checkDnbReadOnly({ ...linked, ...next }, before === 'create' ? undefined : before, issues));

  it('refuses a change to each field D&B keeps, at that field', () => {
    expect(dnb({ name: 'Other Ltd' })).toEqual(['name:DNB_READ_ONLY']);
    expect(dnb({ tradingNames: [], companyNumber: '01234567', vatNumber: 'GB1', businessTypeId: 'other', employeeRangeId: '1-9', turnoverRangeId: 'small' })).toEqual([
      'tradingNames:DNB_READ_ONLY',
      'companyNumber:DNB_READ_ONLY',
      'vatNumber:DNB_READ_ONLY',
      'businessTypeId:DNB_READ_ONLY',
      'employeeRangeId:DNB_READ_ONLY',
      'turnoverRangeId:DNB_READ_ONLY',
    ]);
    expect(dnb({ numberOfEmployees: 13, turnover: null, globalUltimateDunsNumber: '987654321' })).toEqual([
      'globalUltimateDunsNumber:DNB_READ_ONLY',
      'numberOfEmployees:DNB_READ_ONLY',
      'turnover:DNB_READ_ONLY',
    ]);
    expect(dnb({ address: { ...ukAddress, postcode: 'SW1A 2AA' }, registeredAddress: ukAddress })).toEqual(['address:DNB_READ_ONLY', 'registeredAddress:DNB_READ_ONLY']);
  });

  it('is not unlinked or relinked by an update', () => {
    expect(dnb({ dunsNumber: null })).toEqual(['dunsNumber:DNB_READ_ONLY']);
    expect(dnb({ dunsNumber: '987654321' })).toEqual(['dunsNumber:DNB_READ_ONLY']);
  });

  it('takes the same values again, and changes to the fields D&B does not keep', () => {
    expect(dnb({ tradingNames: ['Acme'], address: { ...ukAddress, county: undefined } })).toEqual([]);
    expect(dnb({ sectorId: 'other', ukRegionId: 'other', headquarterTypeId: ghq, globalHeadquartersId: 'parent' })).toEqual([]);
  });

  it('locks nothing on a company without a DUNS number, or on create', () => {
    expect(dnb({ name: 'Other Ltd', dunsNumber: '123456789' }, { ...linked, dunsNumber: null })).toEqual([]);
    expect(dnb({ name: 'Other Ltd' }, 'create')).toEqual([]);
  });

  it('is part of checkCompany on update', () => {
    expect(check({ dunsNumber: '123456789', name: 'Other Ltd' }, { before: { dunsNumber: '123456789' } })).toEqual(['name:DNB_READ_ONLY']);
  });

  it('tells a form which fields to grey out', () => {
    expect(dnbReadOnlyFields({ dunsNumber: null })).toEqual([]);
    expect(dnbReadOnlyFields({ dunsNumber: '123456789' })).toEqual([
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
    ]);
  });
});

describe('what a caller may do to a company', () => {
  const all = { change: true, archive: true };
  it('edits and archives a live company, unarchives an archived one', () => {
    expect(companyActions({ archived: false }, all)).toEqual({ edit: true, archive: true, unarchive: false });
    expect(companyActions({ archived: true }, all)).toEqual({ edit: false, archive: false, unarchive: true });
  });

  it('needs the permission of each mutation', () => {
    expect(companyActions({ archived: false }, { change: true, archive: false })).toEqual({ edit: true, archive: false, unarchive: false });
    expect(companyActions({ archived: true }, { change: true, archive: false })).toEqual({ edit: false, archive: false, unarchive: false });
    expect(companyActions({ archived: false }, { change: false, archive: true })).toEqual({ edit: false, archive: true, unarchive: false });
  });

  it('keeps a merged company archived', () => {
    expect(companyActions({ archived: true, transferredToId: 'kept' }, all)).toEqual({ edit: false, archive: false, unarchive: false });
    expect(unarchiveRefusal({ archived: true, transferredToId: 'kept' })).toMatchObject({ code: 'CONFLICT', extensions: { reason: 'TRANSFERRED' } });
    expect(unarchiveRefusal({ archived: false })).toMatchObject({ code: 'CONFLICT', extensions: { reason: 'NOT_ARCHIVED' } });
    expect(unarchiveRefusal({ archived: true, transferredToId: null })).toBeNull();
  });
});
