import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { migrateDown, migrateUp } from '../../src/db/migrations.js';
import { drainOutboxBatch } from '../../src/search/outbox.js';
import { createPostgresBackend } from '../../src/search/postgres-backend.js';
import type { SearchBackend } from '../../src/search/search.types.js';
import { searchCatalog } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCompany, createContact, interactionInput } from '../helpers/factories.js';
import { NOT_PERSONAL, PERSONAL, q } from './backend-contract.js';

/**
 * The upgrade to guarded search text (migration 0011) on a database whose PostgreSQL search documents were
 * written before it, with a contact's company name and email and an interaction's contacts as plain text:
 * from the migration on they match no one until rebuilt, and the outbox rebuilds them by itself.
 */
const MIGRATION = 'Migration20261126000011SearchGuardedText';
const at = migrationsList.findIndex((m) => m.name === MIGRATION);
const BEFORE = migrationsList[at - 1].name;
/** This migration and any after it: down to before it, and up again. */
const SINCE = migrationsList.slice(at).map((m) => m.name);

let app: TestApp;
let backend: SearchBackend;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp();
  // The PostgreSQL backend on the app's database, whichever backend the app itself has.
  backend = createPostgresBackend(app.orm);
  ids.company = (await createCompany(app, { name: 'Quillfeather Inks Ltd' })).id;
  ids.contact = (await createContact(app, ids.company, { firstName: 'Wendell', lastName: 'Okafor', email: 'wendell.okafor@quill.example' })).id;
  const made = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
    input: { ...(await interactionInput(app, ids.company, ids.contact)), subject: 'Ink supply review' },
  });
  ids.interaction = made.body.data.createInteraction.id;
}, 60_000);
afterAll(() => app?.close());

/** A document row as the backend wrote it before 0011: everything in one tsvector, personal data in `p:` keys. */
const OLD_ROW = `insert into search_document (entity, id, names, sort_name, name_text, keys, document, name_words, filter_keys, fields)
  values (?, ?, array[?], lower(?), E'\\n' || lower(?), ?::text[],
          setweight(to_tsvector('simple', lower(?)), 'A') || setweight(to_tsvector('simple', ?), 'C') || setweight(to_tsvector('simple', ?), 'D'),
          array(select u.lexeme from unnest(to_tsvector('simple', lower(?))) u), '{}', '{"archived": false}')`;

const everything = [...PERSONAL, ...NOT_PERSONAL];
const found = async (term: string, entity: 'contact' | 'interaction', readable = everything) => (await backend.search(q(term, { only: [entity], readable }))).hits.map((h) => h.id);

describe('migration 0011 (guarded search text) on documents written before it', () => {
  it('keeps only their names until the outbox rebuilds them, which it does by itself', async () => {
    await app.sql('delete from search_outbox');
    expect(await migrateDown(app.orm, { to: BEFORE })).toEqual([...SINCE].reverse());
    const old = (entity: string, id: string, name: string, keys: string[], text: string, personal: string) =>
      app.sql(OLD_ROW, [entity, id, name, name, name, `{${keys.map((k) => `"${k}"`).join(',')}}`, name, text, personal, name]);
    await old('contact', ids.contact, 'Wendell Okafor', ['n:wendell okafor', 'p:wendell.okafor@quill.example'], 'quillfeather inks ltd', 'wendell.okafor@quill.example');
    await old('interaction', ids.interaction, 'Ink supply review', ['n:ink supply review'], 'quillfeather inks ltd\nwendell okafor', '');

    expect(await migrateUp(app.orm)).toEqual(SINCE);
    // Even a caller who may read every guarded field: the old text is unguarded, so it is gone.
    expect(await found('Quillfeather', 'contact')).toEqual([]);
    expect(await found('wendell.okafor@quill.example', 'contact')).toEqual([]);
    expect(await found('Wendell Okafor', 'interaction')).toEqual([]);
    // Their names still find them.
    expect(await found('Wendell Okafor', 'contact')).toEqual([ids.contact]);
    expect(await found('Ink supply review', 'interaction')).toEqual([ids.interaction]);
    // Later migrations may queue the same documents again (0015 queues interactions): once is what counts.
    const queued = await app.sql('select distinct entity, record_id as id from search_outbox order by entity');
    expect(queued).toEqual([
      { entity: 'contact', id: ids.contact },
      { entity: 'interaction', id: ids.interaction },
    ]);

    while ((await drainOutboxBatch(app.orm, backend, searchCatalog)).claimed) {
      // drained batch by batch
    }
    expect(await found('Quillfeather', 'contact', ['Contact.company'])).toEqual([ids.contact]);
    expect(await found('Quillfeather', 'contact', PERSONAL)).toEqual([]);
    expect(await found('wendell.okafor@quill.example', 'contact', PERSONAL)).toEqual([ids.contact]);
    expect(await found('Wendell Okafor', 'interaction', ['Interaction.contacts'])).toEqual([ids.interaction]);
    expect(await found('Wendell Okafor', 'interaction', ['Interaction.company'])).toEqual([]);
  });
});
