import { conflict, type Issues } from '../../errors.js';
import { addressReferenceIds, checkAddress, type AddressState } from '../company/index.js';
// The references the address rules read; not exported by company's index.ts yet.
import { checkReference, type ReferenceIds, type References } from '../metadata/index.js';

/**
 * The contact rules: pure functions of the state a contact would have after a write, the state before it,
 * and the facts the service loads first (contact.facts.ts), so they are tested on plain objects.
 */

export type ContactState = {
  id?: string;
  companyId: string;
  titleId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  fullTelephoneNumber?: string | null;
  addressSameAsCompany: boolean;
  address: AddressState | null;
  notes?: string | null;
};

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** International format: a leading +, a country code, then digits with optional spaces, dashes or brackets. */
const PHONE_RE = /^\+[1-9][0-9 ()-]{5,24}$/;

/** What the contact rules read besides the contact itself; the service loads it first (loadContactFacts). */
export type ContactFacts = {
  /** The references the contact names (contactReferenceIds). */
  references: References;
  /** Whether another contact of the company has the email it changes to (emailToCheck); undefined when not read yet. */
  emailTaken?: boolean;
};

/** The references the contact rules read: its title and its own address's. */
export function contactReferenceIds(next: ContactState): ReferenceIds {
  return { title: [next.titleId], ...addressReferenceIds([next.address]) };
}

/**
 * Every rule of a contact, on the state it would have after the write. `before` is the stored state on
 * update (undefined on create): a disabled reference it already had stays allowed.
 */
export function checkContact(next: ContactState, before: ContactState | undefined, facts: ContactFacts, issues: Issues): void {
  for (const key of ['firstName', 'lastName'] as const) {
    if (!next[key]?.trim()) issues.add(key, 'REQUIRED', `${key === 'firstName' ? 'The first name' : 'The last name'} is required.`);
    else if (next[key]!.length > 255) issues.add(key, 'TOO_LONG', 'At most 255 characters.');
  }
  if (!next.email) issues.add('email', 'REQUIRED', 'The email is required.');
  else if (!EMAIL_RE.test(next.email) || next.email.length > 254) issues.add('email', 'INVALID_EMAIL', `Not an email address: ${next.email}`);
  if (next.fullTelephoneNumber && !PHONE_RE.test(next.fullTelephoneNumber)) {
    issues.add('fullTelephoneNumber', 'INVALID_PHONE', 'Use the international format, e.g. "+44 20 7946 0000".');
  }
  if (next.notes && next.notes.length > 10_000) issues.add('notes', 'TOO_LONG', 'Notes are at most 10,000 characters.');
  checkReference(facts.references, 'title', next.titleId, ['titleId'], issues, before?.titleId);

  // Either the company's address or one of the contact's own, never both and never neither.
  if (next.addressSameAsCompany && next.address) {
    issues.add('address', 'ADDRESS_BOTH', 'Give either addressSameAsCompany or an address, not both.');
  } else if (!next.addressSameAsCompany && !next.address) {
    issues.add('address', 'ADDRESS_REQUIRED', 'Give an address, or set addressSameAsCompany.');
  } else if (next.address) {
    checkAddress(facts.references, next.address, 'address', issues, before?.address);
  }
}

/** The email a write must check is free: the one it changes to; null when it keeps its own. */
export function emailToCheck(next: ContactState, before: ContactState | undefined): string | null {
  return next.email && next.email !== before?.email ? next.email : null;
}

/**
 * Emails are unique within a company (checked here for a clear message; a unique index is the backstop). A
 * conflict, not an input issue: it is checked once the other rules pass.
 */
export function checkEmailFree(next: ContactState, emailTaken: boolean): void {
  if (emailTaken) throw conflict('EMAIL_TAKEN', `Another contact of this company has the email ${next.email}.`, ['email']);
}
