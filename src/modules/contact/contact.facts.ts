import type { EntityManager } from '@mikro-orm/core';
import { query, type Sql } from '../../db/read-model.js';
import { loadWithReferences, namesAny } from '../metadata/index.js';
import { contactReferenceIds, emailToCheck, type ContactFacts, type ContactState } from './contact.rules.js';

const emailOwnerSql = (next: ContactState, email: string): Sql => ({
  text: 'select id from contact where company_id = ? and email = ? and id is distinct from ? limit 1',
  params: [next.companyId, email, next.id ?? null],
});

/**
 * What the contact rules read (ContactFacts), in one statement: the references the contact names, and
 * whether its new email is taken. That last matters only once the rules pass, so it is read here only when
 * the references take a statement anyway; otherwise it is left undefined for loadEmailTaken, and a write the
 * rules refuse costs no statement.
 */
export async function loadContactFacts(em: EntityManager, next: ContactState, before: ContactState | undefined): Promise<ContactFacts> {
  const ids = contactReferenceIds(next);
  const email = emailToCheck(next, before);
  const runsAnyway = namesAny(ids);
  const { references, rows } = await loadWithReferences(em, ids, { emailOwner: email && runsAnyway ? emailOwnerSql(next, email) : null });
  return { references, emailTaken: email && !runsAnyway ? undefined : rows.emailOwner.length > 0 };
}

/** Whether another contact of the company has the email the write changes to (emailToCheck), in a statement of its own. */
export async function loadEmailTaken(em: EntityManager, next: ContactState, before: ContactState | undefined): Promise<boolean> {
  const email = emailToCheck(next, before);
  return !!email && (await query(em, emailOwnerSql(next, email))).length > 0;
}
