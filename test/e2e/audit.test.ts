import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobActor, runAsActor } from '../../src/audit/actor.js';
import type { AdviserViewer } from '../../src/auth/viewer.js';
import { createAdviser } from '../../src/modules/adviser/index.js';
import { Company, createCompanyService } from '../../src/modules/company/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, createClientCaller } from '../helpers/callers.js';
import { companyInput, createCompany, createContact, expectRefused, interactionInput, REFS } from '../helpers/factories.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

type AuditRow = {
  occurred_on: Date | string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  operation: string;
  request_id: string | null;
  entity: string;
  record_id: string;
  action: string;
  changes: Record<string, [unknown, unknown]>;
};

/** A record's audit events, oldest first. */
const eventsOf = (recordId: string): Promise<AuditRow[]> =>
  app.sql<AuditRow>('select * from audit_event where record_id = ? order by occurred_on, id', [recordId]);

const auditCount = async (): Promise<number> => (await app.sql('select count(*)::int as n from audit_event'))[0].n;

const ok = (res: { body: any }) => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
};

describe('mutations over the API record their actor', () => {
  it('an adviser creating a company: the adviser, the operation name, the request, and the new values', async () => {
    const adviser = await createCaller(app, { superuser: true, name: 'Audit Adviser' });
    const input = await companyInput(app, { name: 'Audited Widgets Ltd' });
    const data = ok(await adviser.gql('mutation AddCompany($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input }));
    const id = data.createCompany.id;

    const events = await eventsOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_kind: 'adviser',
      actor_id: adviser.id,
      actor_name: 'Audit Adviser',
      operation: 'AddCompany',
      entity: 'company',
      record_id: id,
      action: 'create',
    });
    expect(events[0].request_id).toEqual(expect.any(String));
    expect(events[0].changes).toMatchObject({
      name: [null, 'Audited Widgets Ltd'],
      addressCountry: [null, REFS.uk],
      sector: [null, input.sectorId],
      archived: [null, false],
    });
    // Bookkeeping is the audit row's own business.
    for (const field of ['id', 'createdOn', 'createdBy', 'modifiedOn', 'modifiedBy']) expect(events[0].changes).not.toHaveProperty(field);
  });

  it('an anonymous mutation is recorded under its root field', async () => {
    const data = ok(await app.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app) }));
    const [event] = await eventsOf(data.createCompany.id);
    expect(event).toMatchObject({ operation: 'createCompany', actor_kind: 'adviser', actor_id: app.adminId, action: 'create' });
  });

  it('each request has its own request id', async () => {
    const a = await createCompany(app);
    const b = await createCompany(app);
    const [ea] = await eventsOf(a.id);
    const [eb] = await eventsOf(b.id);
    expect(ea.request_id).not.toBe(eb.request_id);
  });

  it('an update records only the fields it changed, as [old, new]', async () => {
    const company = await createCompany(app);
    const UPDATE = 'mutation RenameCompany($id: UUID!, $input: CompanyUpdateInput!) { updateCompany(id: $id, input: $input) { id } }';
    ok(await app.gql(UPDATE, { id: company.id, input: { name: 'Renamed Ltd' } }));
    // The same name again and one new field: only the new field is a change.
    ok(await app.gql(UPDATE, { id: company.id, input: { name: 'Renamed Ltd', description: 'Makes widgets' } }));

    const [created, renamed, described] = await eventsOf(company.id);
    expect(created.action).toBe('create');
    expect(renamed).toMatchObject({ action: 'update', operation: 'RenameCompany', entity: 'company' });
    expect(renamed.changes).toEqual({ name: [company.name, 'Renamed Ltd'] });
    expect(described.changes).toEqual({ description: [null, 'Makes widgets'] });
  });

  it('archiving is an update of archived from false to true, with the reason', async () => {
    const company = await createCompany(app);
    ok(await app.gql('mutation Archive($id: UUID!) { archiveCompany(id: $id, reason: "Dissolved") { archived } }', { id: company.id }));
    const events = await eventsOf(company.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ action: 'update', operation: 'Archive' });
    expect(events[1].changes).toMatchObject({ archived: [false, true], archivedReason: [null, 'Dissolved'], archivedBy: [null, app.adminId] });
  });

  it('a partner client is recorded as the client, by id and name', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'company:write'], name: 'Audit Partner' });
    const data = ok(await client.gql('mutation PartnerAdd($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app) }));
    const [event] = await eventsOf(data.createCompany.id);
    expect(event).toMatchObject({ actor_kind: 'client', actor_id: client.clientId, actor_name: 'Audit Partner', operation: 'PartnerAdd', action: 'create' });
  });

  it('a refused mutation writes no audit row', async () => {
    const before = await auditCount();
    const e = await expectRefused(app, 'mutation Bad($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', {
      input: await companyInput(app, { name: ' ', sectorId: null }),
    });
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(await auditCount()).toBe(before);
  });

  it("an interaction's links are folded into its own event: participants by adviser, contacts by id", async () => {
    const company = await createCompany(app);
    const contact = await createContact(app, company.id);
    const other = await createContact(app, company.id);
    const input = await interactionInput(app, company.id, contact.id);
    const created = ok(await app.gql('mutation Log($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input }));
    const id = created.createInteraction.id;
    const adviser = await createAdviser(app.orm.em.fork(), { email: 'audit.participant@test.example', name: 'Audit Participant' });
    ok(
      await app.gql('mutation Relog($id: UUID!, $input: InteractionUpdateInput!) { updateInteraction(id: $id, input: $input) { id } }', {
        id,
        input: { contactIds: [other.id], participants: [{ adviserId: app.adminId }, { adviserId: adviser.id }] },
      }),
    );

    const events = await eventsOf(id);
    expect(events.map((e) => [e.entity, e.action, e.operation])).toEqual([
      ['interaction', 'create', 'Log'],
      ['interaction', 'update', 'Relog'],
    ]);
    expect(events[0].changes).toMatchObject({ participants: [[], [app.adminId]], contacts: [[], [contact.id]], companies: [[], [company.id]] });
    expect(events[1].changes).toEqual({
      participants: [[app.adminId], [app.adminId, adviser.id].sort()],
      contacts: [[contact.id], [other.id]],
    });
    // No event of its own for a participant row.
    expect(await app.sql("select 1 from audit_event where entity <> 'interaction' and record_id in (select id from interaction_dit_participant where interaction_id = ?)", [id])).toEqual([]);
  });
});

describe('who may call the API is audited too', () => {
  it('creating a client and issuing and revoking its credential record the administrator, and never a secret', async () => {
    const created = ok(
      await app.gql('mutation AddClient { createApiClient(input: { name: "Audited Client", scopes: ["metadata"], authScheme: HAWK }) { id } }'),
    ).createApiClient;
    const issued = ok(
      await app.gql('mutation Issue($id: UUID!) { issueApiClientCredential(clientId: $id, days: 7) { id hawkId hawkKey } }', { id: created.id }),
    ).issueApiClientCredential;
    ok(await app.gql('mutation Revoke($id: UUID!) { revokeApiToken(id: $id) { id } }', { id: issued.id }));
    const [client] = await eventsOf(created.id);
    expect(client).toMatchObject({ actor_kind: 'adviser', actor_id: app.adminId, operation: 'AddClient', entity: 'api_client', action: 'create' });
    expect(client.changes.scopes).toEqual([null, ['metadata']]);
    const credential = await eventsOf(issued.id);
    expect(credential.map((e) => [e.operation, e.action])).toEqual([
      ['Issue', 'create'],
      ['Revoke', 'update'],
    ]);
    expect(Object.keys(credential[1].changes)).toEqual(['revokedOn']);
    const text = JSON.stringify(credential);
    expect(text).not.toContain(issued.hawkKey);
    expect(text).not.toContain(issued.hawkId);
    expect(Object.keys(credential[0].changes)).not.toContain('tokenHash');
  });

  it('a credential made outside any request or job is recorded as unattributed, not refused', async () => {
    const caller = await createClientCaller(app, { scopes: ['metadata'] });
    const [event] = await eventsOf(caller.tokenId);
    expect(event).toMatchObject({ actor_kind: 'job', actor_id: null, actor_name: 'unattributed', entity: 'api_token', action: 'create' });
  });
});

describe('writes outside the API', () => {
  const admin = (): AdviserViewer => ({
    kind: 'adviser',
    adviserId: app.adminId,
    email: 'admin@test.example',
    name: 'Test Admin',
    teamId: null,
    isSuperuser: true,
    groups: [],
    permissions: new Set(),
  });
  const companies = createCompanyService();

  it('a job records itself as the actor', async () => {
    const input = await companyInput(app);
    const id = await runAsActor(jobActor('test-job'), () => companies.create(app.orm.em.fork(), admin(), input as never));
    const events = await eventsOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_kind: 'job', actor_id: null, actor_name: 'test-job', operation: 'test-job', request_id: null, action: 'create', entity: 'company' });
  });

  it('an audited write with no actor is refused, and nothing is written', async () => {
    const before = { audit: await auditCount(), companies: (await app.sql('select count(*)::int as n from company'))[0].n };
    const input = await companyInput(app);
    await expect(companies.create(app.orm.em.fork(), admin(), input as never)).rejects.toThrow(/Company .* outside an audit scope/);
    expect(await auditCount()).toBe(before.audit);
    expect((await app.sql('select count(*)::int as n from company'))[0].n).toBe(before.companies);
  });

  it('the audit row rolls back with its change', async () => {
    const before = await auditCount();
    const id = crypto.randomUUID();
    await expect(
      runAsActor(jobActor('test-job'), () =>
        app.orm.em.fork().transactional(async (tx) => {
          tx.create(Company, { id, name: 'Rolled Back Ltd', addressLine1: '1 Road', addressTown: 'Leeds', addressCountry: REFS.uk } as never);
          await tx.flush();
          expect((await tx.getConnection().execute('select count(*)::int as n from audit_event where record_id = ?', [id], 'all', tx.getTransactionContext()))[0].n).toBe(1);
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow('boom');
    expect(await auditCount()).toBe(before);
    expect(await app.sql('select 1 from company where id = ?', [id])).toEqual([]);
  });
});
