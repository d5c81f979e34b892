import type { EntityManager } from '@mikro-orm/core';
import { visibleIn } from '../../auth/row-rules.js';
import type { Viewer } from '../../auth/viewer.js';
import { idOf, trimOrNull } from '../../db/values.js';
import { applyChange, archiveActions, assertNotArchived, loadForWrite, stampCreated, stampModified, writeTransaction } from '../../db/write.js';
import { badInput, conflict, Issues } from '../../errors.js';
import { addressEntityData, addressOfEntity, Company, normaliseAddress, visibleCompany } from '../company/index.js';
// The address's mapping onto an entity; not exported by company's index.ts yet.
import { Contact } from './contact.entity.js';
import { contactModel } from './contact.model.js';
import type { ContactCreateInput, ContactUpdateInput } from './contact.input.js';
import { loadContactFacts, loadEmailTaken } from './contact.facts.js';
import { checkContact, checkEmailFree, type ContactState } from './contact.rules.js';

function stateOf(c: Contact): ContactState {
  return {
    id: c.id,
    companyId: c.company.id,
    titleId: idOf(c.title),
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    fullTelephoneNumber: c.fullTelephoneNumber,
    addressSameAsCompany: c.addressSameAsCompany,
    address: addressOfEntity(c, 'address'),
    notes: c.notes,
  };
}

/** The state after applying the input's given fields; turning addressSameAsCompany on drops the manual address. */
function merge(before: ContactState, input: ContactCreateInput | ContactUpdateInput): ContactState {
  const next: ContactState = { ...before };
  for (const key of ['firstName', 'lastName'] as const) if (input[key] !== undefined) next[key] = input[key]?.trim() ?? null;
  for (const key of ['jobTitle', 'notes', 'fullTelephoneNumber'] as const) {
    if (input[key] !== undefined) (next as Record<string, unknown>)[key] = trimOrNull(input[key]);
  }
  if (input.email !== undefined) next.email = input.email?.trim().toLowerCase() ?? null;
  if (input.titleId !== undefined) next.titleId = input.titleId;
  if (input.addressSameAsCompany != null) next.addressSameAsCompany = input.addressSameAsCompany;
  if (input.address !== undefined) next.address = input.address ? normaliseAddress(input.address) : null;
  else if (input.addressSameAsCompany === true) next.address = null;
  return next;
}

function entityData(next: ContactState, input: ContactCreateInput | ContactUpdateInput): Record<string, unknown> {
  return {
    title: next.titleId ?? null,
    firstName: next.firstName,
    lastName: next.lastName,
    email: next.email,
    fullTelephoneNumber: next.fullTelephoneNumber ?? null,
    notes: next.notes ?? null,
    ...(input.jobTitle !== undefined ? { jobTitle: trimOrNull(input.jobTitle) } : {}),
    ...(input.primary != null ? { primary: input.primary } : {}),
    addressSameAsCompany: next.addressSameAsCompany,
    ...addressEntityData('address', next.address),
  };
}

/** The rules on the facts loaded first; the email's uniqueness once they pass. */
async function validate(tx: EntityManager, next: ContactState, before: ContactState | undefined): Promise<void> {
  const facts = await loadContactFacts(tx, next, before);
  const issues = new Issues();
  checkContact(next, before, facts, issues);
  issues.throwIfAny();
  checkEmailFree(next, facts.emailTaken ?? (await loadEmailTaken(tx, next, before)));
}

/** A contact the caller's row rules hide (archived, or of an archived company, for a partner) is NOT_FOUND to its writes. */
const visibleContact = visibleIn(contactModel);

/** Contact writes: each runs in one transaction and returns the contact's id. */
export function createContactService() {
  return {
    async create(em: EntityManager, viewer: Viewer, input: ContactCreateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const company = await tx.findOne(Company, { id: input.companyId });
        // A company the caller may not see is missing to it, not "archived".
        if (!company || !(await visibleCompany(tx, viewer)(company.id))) throw badInput(['companyId'], 'NOT_FOUND', `No company with id ${input.companyId}.`);
        if (company.archived) throw conflict('COMPANY_ARCHIVED', 'The company is archived: it takes no new contacts.', ['companyId']);
        const next = merge({ companyId: company.id, addressSameAsCompany: false, address: null }, input);
        await validate(tx, next, undefined);
        const contact = tx.create(Contact, { company, ...entityData(next, input) } as never);
        stampCreated(tx, contact, viewer);
        await tx.flush();
        return contact.id;
      });
    },

    async update(em: EntityManager, viewer: Viewer, id: string, input: ContactUpdateInput): Promise<string> {
      return writeTransaction(em, async (tx) => {
        const contact = await loadForWrite(tx, Contact, id, 'contact', visibleContact(tx, viewer));
        assertNotArchived(contact, 'contact');
        if (Object.values(input).every((v) => v === undefined)) return contact.id;
        const before = stateOf(contact);
        const next = merge(before, input);
        await validate(tx, next, before);
        if (!applyChange(tx, contact, () => tx.assign(contact, entityData(next, input)))) return contact.id;
        stampModified(tx, contact, viewer);
        await tx.flush();
        return contact.id;
      });
    },

    ...archiveActions(Contact, 'contact', visibleContact),
  };
}

export type ContactService = ReturnType<typeof createContactService>;
