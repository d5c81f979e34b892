import { describe, expect, it } from 'vitest';
import { checkContact, checkEmailFree, contactReferenceIds, emailToCheck, type ContactFacts, type ContactState } from '../../src/modules/contact/contact.rules.js';
import { consentsOf } from '../../src/modules/contact/contact.consent.js';
import { REF } from '../../src/modules/metadata/metadata.entities.js';
import { failure } from '../helpers/errors.js';
import { detailedIssuesOf, issuesOf, referencesOf } from '../helpers/rules.js';

const { unitedStates: us } = REF.country;

/** Every reference a contact below names, as the service would have loaded it. */
const facts: ContactFacts = {
  references: referencesOf({
    title: [{ id: 'dr', name: 'Dr' }, { id: 'sir', name: 'Sir', disabledOn: '2020-01-01T00:00:00.000Z' }],
    country: [{ id: us, name: 'United States' }, { id: 'fr', name: 'France' }],
    administrativeArea: [{ id: 'ma', name: 'Massachusetts', countryId: us }],
  }),
};

const valid: ContactState = { id: 'self', companyId: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', addressSameAsCompany: true, address: null };
const ownAddress = { addressSameAsCompany: false, address: { line1: '1 Rue', town: 'Paris', countryId: 'fr' } };

const check = (next: Partial<ContactState>, before?: Partial<ContactState>) =>
  issuesOf((issues) => checkContact({ ...valid, ...next }, before && { ...valid, ...before }, facts, issues));

describe('checkContact', () => {
  it('accepts a contact at its company\'s address, or at its own', () => {
    expect(check({})).toEqual([]);
    expect(check({ ...ownAddress, titleId: 'dr', fullTelephoneNumber: '+44 20 7946 0000', notes: 'n'.repeat(10_000) })).toEqual([]);
  });

  it('requires first and last names of at most 255 characters', () => {
    expect(check({ firstName: ' ', lastName: null })).toEqual(['firstName:REQUIRED', 'lastName:REQUIRED']);
    expect(check({ firstName: 'x'.repeat(256), lastName: 'y'.repeat(256) })).toEqual(['firstName:TOO_LONG', 'lastName:TOO_LONG']);
  });

  it('requires an email address', () => {
    expect(check({ email: null })).toEqual(['email:REQUIRED']);
    expect(detailedIssuesOf((issues) => checkContact({ ...valid, email: 'ada@example' }, undefined, facts, issues))).toEqual([
      { field: ['email'], reason: 'INVALID_EMAIL', message: 'Not an email address: ada@example' },
    ]);
    expect(check({ email: `${'a'.repeat(250)}@b.co` })).toEqual(['email:INVALID_EMAIL']);
  });

  it('wants a telephone number in the international format', () => {
    expect(check({ fullTelephoneNumber: '020 7946 0000' })).toEqual(['fullTelephoneNumber:INVALID_PHONE']);
  });

  it('keeps notes to 10,000 characters', () => {
    expect(check({ notes: 'n'.repeat(10_001) })).toEqual(['notes:TOO_LONG']);
  });

  it('checks the title: unknown is NOT_FOUND, disabled only where already chosen', () => {
    expect(check({ titleId: 'x' })).toEqual(['titleId:NOT_FOUND']);
    expect(check({ titleId: 'sir' })).toEqual(['titleId:DISABLED']);
    expect(check({ titleId: 'sir' }, { titleId: 'sir' })).toEqual([]);
  });

  it('wants the company\'s address or its own, never both and never neither', () => {
    expect(check({ addressSameAsCompany: true, address: ownAddress.address })).toEqual(['address:ADDRESS_BOTH']);
    expect(check({ addressSameAsCompany: false, address: null })).toEqual(['address:ADDRESS_REQUIRED']);
  });

  it('checks its own address as a company\'s', () => {
    expect(check({ addressSameAsCompany: false, address: { line1: ' ', town: 'Boston', countryId: us } })).toEqual([
      'address.line1:REQUIRED',
      'address.areaId:REQUIRED',
      'address.postcode:REQUIRED',
    ]);
    expect(check({ addressSameAsCompany: false, address: { line1: '1 Main St', town: 'Boston', postcode: '02101', countryId: 'x', areaId: 'ma' } })).toEqual([
      'address.countryId:NOT_FOUND',
      'address.areaId:AREA_NOT_IN_COUNTRY',
    ]);
  });
});

describe('the email is unique within the company', () => {
  it('is checked for the email the write changes to', () => {
    expect(emailToCheck(valid, undefined)).toBe('ada@example.com');
    expect(emailToCheck(valid, valid)).toBeNull();
    expect(emailToCheck({ ...valid, email: 'new@example.com' }, valid)).toBe('new@example.com');
  });

  it('is an EMAIL_TAKEN conflict when another contact of the company has it', () => {
    expect(() => checkEmailFree(valid, false)).not.toThrow();
    expect(failure(() => checkEmailFree(valid, true))).toMatchObject({
      code: 'CONFLICT',
      message: 'Another contact of this company has the email ada@example.com.',
      extensions: { reason: 'EMAIL_TAKEN', field: ['email'] },
    });
  });
});

describe('contactReferenceIds', () => {
  it('names the title and the own address\'s country and area', () => {
    expect(contactReferenceIds({ ...valid, titleId: 'dr' })).toEqual({ title: ['dr'], country: [], administrativeArea: [] });
    expect(contactReferenceIds({ ...valid, address: { line1: '1 Main St', countryId: us, areaId: 'ma' } })).toEqual({ title: [undefined], country: [us], administrativeArea: ['ma'] });
  });
});

describe("a contact's consent (consentsOf)", () => {
  it("reads the consent service's entries, one per domain, in order", () => {
    expect(
      consentsOf([
        { consent_domain: 'Domestic', email_contact_consent: true, telephone_contact_consent: false },
        { consent_domain: ' International ', email_contact_consent: false },
      ]),
    ).toEqual([
      { consentDomain: 'Domestic', emailContactConsent: true, telephoneContactConsent: false },
      { consentDomain: 'International', emailContactConsent: false, telephoneContactConsent: null },
    ]);
  });

  it('counts an email consent not given as refused, and leaves out entries without a domain', () => {
    expect(consentsOf([{ consent_domain: 'Domestic', email_contact_consent: 'yes' }, { email_contact_consent: true }, 'A', null])).toEqual([
      { consentDomain: 'Domestic', emailContactConsent: false, telephoneContactConsent: null },
    ]);
  });

  it('is null when the service never reported the contact, or stored no list', () => {
    expect(consentsOf(null)).toBeNull();
    expect(consentsOf({ consent: true })).toBeNull();
    expect(consentsOf([])).toEqual([]);
  });
});
