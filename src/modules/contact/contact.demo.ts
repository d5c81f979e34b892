import type { EntityManager } from '@mikro-orm/core';
import { madeBy, type DemoStep } from '../../../seeds/demo/step.js';
import { REF } from '../metadata/index.js';
import { addressColumnNames, addressColumns, makeAddress, pickCountry, type CompanyRef } from '../company/index.js';
import type { AdviserRef } from '../adviser/index.js';
import { archiveFields, generateAndWrite, slug, trackedFields, unique, writeRows, type DemoContext, type Progress, type Row, type TableSpec } from '../../../seeds/demo/context.js';
import { DAY_MS } from '../../../seeds/demo/random.js';
import { ukTelephone } from '../../../seeds/demo/uk-places.js';

const CONTACT: TableSpec = {
  table: 'contact',
  columns: [
    'id', 'created_on', 'created_by_id', 'modified_on', 'modified_by_id',
    'archived', 'archived_on', 'archived_by_id', 'archived_reason',
    'title_id', 'first_name', 'last_name', 'job_title', 'company_id', 'primary', 'email', 'full_telephone_number',
    'address_same_as_company', ...addressColumnNames('address_'), 'notes',
  ],
};

/** About 5,000 contacts a chunk at three a company. */
const COMPANIES_PER_CHUNK = 1_500;
const PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.co.uk'];
const CONTACT_ARCHIVE_REASONS = ['Left the company', 'Duplicate record', 'Contact details no longer valid'];
/** Contacts are added within this many days of their company, so they exist before its interactions. */
export const CONTACTS_ADDED_WITHIN_DAYS = 30;

/**
 * How many contacts each company gets: one each first (interactions need a contact of their company),
 * the rest spread at random, so some companies have many.
 */
function contactsPerCompany(ctx: DemoContext, companies: number, contacts: number): number[] {
  const counts = new Array<number>(companies).fill(0);
  for (let i = 0; i < contacts; i++) counts[i < companies ? i : ctx.rng.int(0, companies - 1)]++;
  return counts;
}

/** In international format, as Data Hub stores it. */
function telephone(ctx: DemoContext, countryId: string): string {
  return countryId === REF.country.unitedKingdom ? ukTelephone(ctx.rng) : ctx.intl.phone.number({ style: 'international' });
}

function makeContact(ctx: DemoContext, company: CompanyRef, primary: boolean, emailsInCompany: Set<string>, adviserIds: readonly string[]): Row {
  const { rng, ids, text, ref } = ctx;
  const firstName = text.person.firstName();
  const lastName = text.person.lastName();
  const domain = rng.chance(0.15) ? rng.pick(PERSONAL_DOMAINS) : company.domain;
  // Stored lowercased, unique within the company.
  const email = unique((n) => `${slug(firstName)}.${slug(lastName)}${n}@${domain}`, emailsInCompany);
  const manualAddress = rng.chance(0.15)
    ? makeAddress(ctx, rng.chance(0.8) ? company.countryId : pickCountry(ctx))
    : null;
  const createdMs = rng.within(company.createdMs, CONTACTS_ADDED_WITHIN_DAYS, ctx.nowMs);
  return {
    id: ids.uuid(),
    ...trackedFields(ctx, createdMs, rng.pick(adviserIds), adviserIds),
    ...archiveFields(contactArchive(ctx, company, createdMs, adviserIds)),
    title_id: ref.titleIds.length && rng.chance(0.5) ? rng.pick(ref.titleIds) : null,
    first_name: firstName,
    last_name: lastName,
    job_title: rng.chance(0.8) ? text.person.jobTitle() : null,
    company_id: company.id,
    primary,
    email,
    full_telephone_number: rng.chance(0.2) ? null : telephone(ctx, company.countryId),
    // Either the company's address or a manual one, never both.
    address_same_as_company: manualAddress === null,
    ...addressColumns('address_', manualAddress),
    notes: rng.chance(0.1) ? text.lorem.sentence() : null,
  };
}

/** Contacts of an archived company are archived with it (as Data Hub's nightly job does); a few others left. */
function contactArchive(ctx: DemoContext, company: CompanyRef, createdMs: number, adviserIds: readonly string[]) {
  const { rng } = ctx;
  if (company.archivedMs !== null) {
    return { onMs: Math.max(company.archivedMs, createdMs), byId: rng.pick(adviserIds), reason: 'Company archived' };
  }
  if (!rng.chance(0.02)) return null;
  return { onMs: rng.between(createdMs + DAY_MS, ctx.nowMs), byId: rng.pick(adviserIds), reason: rng.pick(CONTACT_ARCHIVE_REASONS) };
}

/** Writes the contacts and returns their ids by company (in the order of `companies`). */
export async function seedContacts(
  em: EntityManager,
  ctx: DemoContext,
  count: number,
  companies: readonly CompanyRef[],
  advisers: readonly AdviserRef[],
  progress: Progress,
): Promise<string[][]> {
  const adviserIds = advisers.map((a) => a.id);
  const counts = contactsPerCompany(ctx, companies.length, count);
  const idsByCompany: string[][] = [];
  await generateAndWrite(
    Math.ceil(companies.length / COMPANIES_PER_CHUNK),
    (chunk) => {
      const rows: Row[] = [];
      for (let c = chunk * COMPANIES_PER_CHUNK; c < Math.min(companies.length, (chunk + 1) * COMPANIES_PER_CHUNK); c++) {
        const emails = new Set<string>();
        const ids: string[] = [];
        for (let k = 0; k < counts[c]; k++) {
          const row = makeContact(ctx, companies[c], k === 0, emails, adviserIds);
          ids.push(row.id as string);
          rows.push(row);
        }
        idsByCompany.push(ids);
      }
      return rows;
    },
    async (rows) => {
      await writeRows(em, CONTACT, rows);
      progress.advance(rows.length, 'contacts');
    },
  );
  return idsByCompany;
}

declare module '../../../seeds/demo/step.js' {
  interface DemoRecords {
    /** Each company's contacts' ids, by the company's position in `companies`. */
    contactIds: string[][];
  }
}

/**
 * Consent as the consent service would have reported it, for about two contacts in three: Domestic and
 * International, each agreed or not. Drawn from each contact's id (md5 bits) rather than the shared random
 * streams, so adding it moved no other value.
 */
async function seedConsents(tx: EntityManager): Promise<number> {
  const bit = (n: number) => `(('x' || substr(md5(id::text), ${n}, 1))::bit(4)::int % 2 = 0)`;
  const rows = (await tx.getConnection().execute(
    `update contact set consent_data = jsonb_build_array(
         jsonb_build_object('consent_domain', 'Domestic', 'email_contact_consent', ${bit(2)}, 'telephone_contact_consent', ${bit(3)}),
         jsonb_build_object('consent_domain', 'International', 'email_contact_consent', ${bit(4)}, 'telephone_contact_consent', ${bit(5)})),
       consent_data_last_modified = modified_on
     where ('x' || substr(md5(id::text), 1, 1))::bit(4)::int % 3 <> 0
     returning id`,
    [],
    'all',
    tx.getTransactionContext(),
  )) as unknown[];
  return rows.length;
}

/** The contact module's demo data: contacts at the generated companies, and their consent. */
export const contactDemo: readonly DemoStep[] = [
  {
    name: 'contacts',
    phase: 'records',
    counts: { small: 3_000, medium: 60_000, large: 300_000 },
    run: async (tx, ctx, made, { count, progress }) => {
      made.contactIds = await seedContacts(tx, ctx, count, madeBy(made, 'companies'), madeBy(made, 'advisers'), progress);
      return count;
    },
  },
  { name: 'contactConsents', phase: 'extras', run: (tx) => seedConsents(tx) },
];
