import type { EntityManager } from '@mikro-orm/core';
import { query } from '../../db/read-model.js';
import type { Issues } from '../../errors.js';
import { checkAddress, type AddressState } from '../company/index.js';
import { checkReference } from '../metadata/index.js';

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

export async function checkContact(em: EntityManager, next: ContactState, before: ContactState | undefined, issues: Issues): Promise<void> {
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
  await checkReference(em, 'title', next.titleId, ['titleId'], issues, before?.titleId);

  // Either the company's address or one of the contact's own, never both and never neither.
  if (next.addressSameAsCompany && next.address) {
    issues.add('address', 'ADDRESS_BOTH', 'Give either addressSameAsCompany or an address, not both.');
  } else if (!next.addressSameAsCompany && !next.address) {
    issues.add('address', 'ADDRESS_REQUIRED', 'Give an address, or set addressSameAsCompany.');
  } else if (next.address) {
    await checkAddress(em, next.address, 'address', issues, before?.address);
  }
}

/** Emails are unique within a company (checked for a clear message; a unique index is the backstop). */
export async function emailTaken(em: EntityManager, companyId: string, email: string, selfId?: string): Promise<boolean> {
  const rows = await query(em, {
    text: 'select 1 from contact where company_id = ? and email = ? and id is distinct from ? limit 1',
    params: [companyId, email, selfId ?? null],
  });
  return rows.length > 0;
}
