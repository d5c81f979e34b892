import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, type Caller } from '../helpers/callers.js';
import { createCompany } from '../helpers/factories.js';

let app: TestApp;
let staff: Caller;
let analyst: Caller;
beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  staff = await createCaller(app, { teamRole: 'International Trade Team', name: 'Trade Adviser' });
  analyst = await createCaller(app, { groups: ['Read-only analyst'], name: 'Read Only' });
});
afterAll(() => app?.close());

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

const VIEWER_CAN = 'query($id: UUID!) { company(id: $id) { id viewerCan { edit archive unarchive lockedFields } } }';

describe('Company.viewerCan', () => {
  it('tells each caller which buttons work on this company, as the mutations decide', async () => {
    const company = await createCompany(app);
    const as = async (caller?: Caller) => ok(await app.gql(VIEWER_CAN, { id: company.id }, caller?.token ?? app.token)).company.viewerCan;
    expect(await as(staff)).toEqual({ edit: true, archive: true, unarchive: false, lockedFields: [] });
    expect(await as(analyst)).toEqual({ edit: false, archive: false, unarchive: false, lockedFields: [] });

    ok(await app.gql('mutation($id: UUID!) { archiveCompany(id: $id, reason: "Closed") { id } }', { id: company.id }));
    expect(await as(staff)).toEqual({ edit: false, archive: false, unarchive: true, lockedFields: [] });
    expect(await as(analyst)).toEqual({ edit: false, archive: false, unarchive: false, lockedFields: [] });
    // What viewerCan says is what the mutations do.
    const update = await staff.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { website: "x.example" }) { id } }', { id: company.id });
    expect(update.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
  });
});
