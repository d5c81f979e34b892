import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';

/**
 * createInteraction's write path (issue 16): the rules' facts in one statement, the interaction with its
 * links, participants, audit row and (through the triggers) search outbox rows in one more, atomic by itself,
 * so no transaction around it; then the answer's read.
 */
let app: TestApp;
let companyId: string;
let contactId: string;

beforeAll(async () => {
  app = await createTestApp();
  companyId = (await createCompany(app)).id;
  contactId = (await createContact(app, companyId)).id;
});
afterAll(() => app?.close());

const CREATE = 'mutation Record($input: InteractionCreateInput!) { createInteraction(input: $input) { id subject } }';

describe('createInteraction', () => {
  it('takes three statements (facts, write, answer) and no transaction, and writes its audit and outbox rows', async () => {
    const begin = vi.spyOn(app.orm.em.getConnection(), 'begin');
    try {
      const input = { ...(await interactionInput(app, companyId, contactId)), subject: 'Three statements' };
      const res = await app.gql('mutation Record($input: InteractionCreateInput!) { createInteraction(input: $input) { id subject date } }', { input });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(res.body.extensions.sqlStatements).toBe(3);
      expect(begin).not.toHaveBeenCalled();
      const { id } = res.body.data.createInteraction;

      const [event] = await app.sql('select action, operation, changes from audit_event where entity = ? and record_id = ?', ['interaction', id]);
      expect(event).toMatchObject({ action: 'create', operation: 'Record' });
      expect(event.changes).toMatchObject({ subject: [null, 'Three statements'], companies: [[], [companyId]], contacts: [[], [contactId]], participants: [[], [app.adminId]] });
      const outbox = await app.sql('select distinct entity from search_outbox where record_id in (?, ?)', [id, companyId]);
      expect(outbox.map((r) => r.entity).sort()).toEqual(['company', 'interaction']);

      // The answer is what a later read gives.
      const later = await app.gql('query($id: UUID!) { interaction(id: $id) { id subject date } }', { id });
      expect(later.body.data.interaction).toEqual(res.body.data.createInteraction);
    } finally {
      begin.mockRestore();
    }
  });

  it('writes nothing when its statement fails at its last row, and answers with the coded error of the constraint', async () => {
    // The rules pass; the database refuses the statement's last insert (the contact link), as a constraint
    // violated by a concurrent change would: the interaction, its other links, participants and audit row
    // inserted before it in the same statement must not remain.
    const refused = (await createContact(app, companyId)).id;
    await app.sql(`create function refuse_link() returns trigger language plpgsql as $$ begin
        raise exception 'new row for relation "interaction" violates check constraint "interaction_notes_length"' using errcode = 'check_violation';
      end $$`);
    await app.sql(`create trigger refuse_link before insert on interaction_contact for each row when (new.contact_id = '${refused}') execute function refuse_link()`);
    const counts = () =>
      app.sql(`select (select count(*) from interaction) as interactions, (select count(*) from interaction_company) as links,
                      (select count(*) from interaction_dit_participant) as participants, (select count(*) from audit_event) as events,
                      (select count(*) from search_outbox) as outbox`);
    const before = await counts();
    try {
      const res = await app.gql(CREATE, { input: { ...(await interactionInput(app, companyId, refused)), subject: 'Refused' } });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_LONG' });
      expect(res.body.data.createInteraction).toBeNull();
      expect(await counts()).toEqual(before);
      expect(await app.sql("select 1 from interaction where subject = 'Refused'")).toEqual([]);
    } finally {
      await app.sql('drop trigger refuse_link on interaction_contact');
      await app.sql('drop function refuse_link()');
    }
  });

  it('empties the request caches after its write: a second mutation of the same request reads what the first wrote', async () => {
    const input = await interactionInput(app, companyId, contactId);
    const res = await app.gql(
      `mutation Two($a: InteractionCreateInput!, $b: InteractionCreateInput!) {
        a: createInteraction(input: $a) { company { id latestInteractionDate } }
        b: createInteraction(input: $b) { company { id latestInteractionDate } }
      }`,
      { a: { ...input, date: '2030-01-01' }, b: { ...input, date: '2030-02-01' } },
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.a.company.latestInteractionDate).toBe('2030-01-01');
    expect(res.body.data.b.company.latestInteractionDate).toBe('2030-02-01');
  });
});
