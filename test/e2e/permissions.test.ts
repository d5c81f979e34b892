import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema, ruleTree } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller, standardCallers, type Caller } from '../helpers/callers.js';
import { forbidden, operationFor } from '../helpers/operations.js';
import { companyInput, contactInput, counts, createCompany, createContact, expectRefused, interactionInput } from '../helpers/factories.js';

let app: TestApp;
let schema: GraphQLSchema;
let callers: Awaited<ReturnType<typeof standardCallers>>;
let companyId: string;
let contactId: string;
let contactEmail: string;
let interactionId: string;
let newInteraction: Record<string, unknown>;

beforeAll(async () => {
  app = await createTestApp();
  schema = await buildAppSchema();
  callers = await standardCallers(app);
  companyId = (await createCompany(app)).id;
  ({ id: contactId, email: contactEmail } = await createContact(app, companyId));
  newInteraction = await interactionInput(app, companyId, contactId);
  const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: newInteraction });
  interactionId = res.body.data.createInteraction.id;
});
afterAll(() => app?.close());

// Written out by hand (not computed from src/auth/permissions.ts), so a change to a group shows here too.
const EVERY_PERMISSION = [
  'add_all_interaction', 'add_associated_investmentproject_interaction', 'add_company', 'add_contact', 'add_event', 'add_investmentproject',
  'add_task', 'archive_company', 'archive_contact', 'change_all_interaction', 'change_all_investmentproject', 'change_associated_investmentproject',
  'change_associated_investmentproject_interaction', 'change_company', 'change_contact', 'change_event', 'change_task',
  'change_to_any_stage_investmentproject', 'export_company', 'export_contact', 'export_interaction', 'export_investmentproject', 'export_task',
  'manage_api_client', 'manage_feature_flag', 'view_advisor', 'view_all_interaction', 'view_all_investmentproject', 'view_all_task', 'view_associated_investmentproject',
  'view_associated_investmentproject_interaction', 'view_company', 'view_contact', 'view_email_status', 'view_event', 'view_search_status',
  'view_task',
];
const DIT_STAFF = [
  'add_all_interaction', 'add_company', 'add_contact', 'add_event', 'add_investmentproject', 'add_task', 'archive_company', 'archive_contact',
  'change_all_interaction', 'change_all_investmentproject', 'change_company', 'change_contact', 'change_event', 'change_task', 'view_advisor',
  'view_all_interaction', 'view_all_investmentproject', 'view_company', 'view_contact', 'view_event', 'view_task',
];
const ANALYST = [
  'export_company', 'export_contact', 'export_interaction', 'export_investmentproject', 'export_task', 'view_advisor', 'view_all_interaction',
  'view_all_investmentproject', 'view_all_task', 'view_company', 'view_contact', 'view_event', 'view_task',
];

const VIEWER = '{ viewer { isSuperuser groups permissions adviser { id email } } }';


describe('viewer.permissions', () => {
  it('shows each kind of caller its groups and permissions', async () => {
    const expected = {
      superuser: { isSuperuser: true, groups: [], permissions: EVERY_PERMISSION },
      staff: { isSuperuser: false, groups: ['DIT_staff', 'Regional account managers'], permissions: DIT_STAFF },
      analyst: { isSuperuser: false, groups: ['Read-only analyst'], permissions: ANALYST },
      noGroups: { isSuperuser: false, groups: [], permissions: [] },
    };
    for (const [kind, caller] of Object.entries(callers)) {
      const res = await caller.gql(VIEWER);
      expect(res.body.errors, kind).toBeUndefined();
      expect(res.body.data.viewer, kind).toEqual({ ...expected[kind as keyof typeof expected], adviser: { id: caller.id, email: caller.email } });
    }
  });

  it("is the union of the team role's groups, the adviser's own groups and own permissions", async () => {
    const caller = await createCaller(app, { teamRole: 'Local Enterprise Partnership (LEP)', groups: ['Read-only analyst'], permissions: ['add_company'] });
    const res = await caller.gql(VIEWER);
    expect(res.body.data.viewer.groups).toEqual(['LEP', 'Read-only analyst']);
    expect(res.body.data.viewer.permissions).toEqual([
      'add_associated_investmentproject_interaction', 'add_company', 'add_investmentproject', 'add_task', 'change_associated_investmentproject',
      'change_associated_investmentproject_interaction', 'change_task', 'export_company', 'export_contact', 'export_interaction',
      'export_investmentproject', 'export_task', 'view_advisor', 'view_all_interaction', 'view_all_investmentproject', 'view_all_task',
      'view_associated_investmentproject', 'view_associated_investmentproject_interaction', 'view_company', 'view_contact', 'view_event',
      'view_task',
    ]);
  });

  it('an inactive adviser is refused before any rule runs', async () => {
    const caller = await createCaller(app, { groups: ['DIT_staff'] });
    await app.sql('update adviser set is_active = false where id = ?', [caller.id]);
    const res = await caller.gql(VIEWER);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

/** The permission a root field's rule needs (null: any adviser), read from the rule's name. */
function neededPermission(rootType: string, field: string): string | null {
  const name = ruleTree[rootType]?.[field]?.name;
  if (!name) throw new Error(`${rootType}.${field} has no rule`);
  if (name === 'readPublicCompany') return 'view_company';
  // Advisers only, with change_all_interaction (a partner could archive what it could not restore).
  if (name === 'archiveInteractions') return 'change_all_interaction';
  // The generated autocomplete asks for the first entity, COMPANY, which its service checks.
  if (field === 'autocomplete') return 'view_company';
  if (name.startsWith('search:')) return name.slice('search:'.length);
  // All records or those of the caller's team's projects: refused naming the `_all_` permission.
  const allOrAssociated: Record<string, string> = {
    viewInvestmentProjects: 'view_all_investmentproject',
    changeInvestmentProjects: 'change_all_investmentproject',
    viewInteractions: 'view_all_interaction',
    addInteractions: 'add_all_interaction',
    changeInteractions: 'change_all_interaction',
  };
  if (allOrAssociated[name]) return allOrAssociated[name];
  return name.startsWith('can:') ? name.slice(4) : null;
}

describe('every root field, for every kind of caller (the list comes from the schema)', () => {
  const kinds = ['superuser', 'staff', 'analyst', 'noGroups'] as const;

  for (const kind of kinds) {
    it(`${kind}: served when the rule allows, FORBIDDEN with the permission when it does not`, async () => {
      const caller: Caller = callers[kind];
      const held = new Set<string>((await caller.gql(VIEWER)).body.data.viewer.permissions);
      const mismatches: string[] = [];
      let checked = 0;
      for (const rootType of ['Query', 'Mutation'] as const) {
        for (const field of Object.keys((schema.getType(rootType) as any).getFields())) {
          const { query, variables } = operationFor(schema, rootType, field);
          const needed = neededPermission(rootType, field);
          const res = await caller.gql(query, variables);
          const refusals = forbidden(res);
          checked++;
          // Every error must come from running the field (a path), not from validating the generated operation.
          if (res.status >= 500 || (res.body.errors ?? []).some((e: any) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.path?.[0] !== field)) {
            mismatches.push(`${rootType}.${field}: ${res.status} ${JSON.stringify(res.body.errors)}`);
          } else if (needed === null || held.has(needed)) {
            if (refusals.length) mismatches.push(`${rootType}.${field}: refused but should be served`);
          } else if (refusals.length !== 1 || refusals[0].path?.[0] !== field || refusals[0].extensions.permission !== needed || res.body.data?.[field]) {
            mismatches.push(`${rootType}.${field}: should be FORBIDDEN for ${needed}, got ${JSON.stringify(res.body)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(35);
    });
  }

  it('spot checks, written out', async () => {
    const { analyst, noGroups, staff } = callers;
    expect(forbidden(await analyst.gql('{ companies(first: 1) { totalCount } }'))).toEqual([]);
    const create = await analyst.gql('mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }', { input: await companyInput(app) });
    expect(create.body.errors[0]).toMatchObject({ path: ['createCompany'], extensions: { code: 'FORBIDDEN', permission: 'add_company' } });
    expect((await noGroups.gql('{ countries { id } viewer { isSuperuser } }')).body.errors).toBeUndefined();
    const list = await noGroups.gql('{ companies(first: 1) { totalCount } }');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ data: { companies: null }, errors: [{ message: 'This needs the view_company permission.', extensions: { code: 'FORBIDDEN', permission: 'view_company' } }] });
    expect(forbidden(await noGroups.gql('{ advisers(first: 1) { totalCount } }'))[0].extensions.permission).toBe('view_advisor');
    expect((await staff.gql('{ advisers(first: 1) { totalCount } }')).body.errors).toBeUndefined();
  });
});

describe('refused writes change nothing', () => {
  const CREATE_COMPANY = 'mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id } }';

  it('a company: refused to the analyst and to an adviser without groups, created for the trade adviser', async () => {
    const input = await companyInput(app);
    for (const caller of [callers.analyst, callers.noGroups]) {
      expect((await expectRefused(app, CREATE_COMPANY, { input }, caller.token)).extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'add_company' });
    }
    const res = await callers.staff.gql(CREATE_COMPANY, { input });
    expect(res.body.errors).toBeUndefined();
  });

  it('changes and archiving of a company, a contact and an interaction', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['mutation($id: UUID!) { updateCompany(id: $id, input: { website: "https://x.example" }) { id } }', { id: companyId }, 'change_company'],
      ['mutation($id: UUID!) { archiveCompany(id: $id, reason: "Dissolved") { id } }', { id: companyId }, 'archive_company'],
      ['mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(companyId) }, 'add_contact'],
      ['mutation($id: UUID!) { updateContact(id: $id, input: { jobTitle: "CEO" }) { id } }', { id: contactId }, 'change_contact'],
      ['mutation($id: UUID!) { archiveContact(id: $id, reason: "Left") { id } }', { id: contactId }, 'archive_contact'],
      ['mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', { input: newInteraction }, 'add_all_interaction'],
      ['mutation($id: UUID!) { updateInteraction(id: $id, input: { subject: "Changed" }) { id } }', { id: interactionId }, 'change_all_interaction'],
    ];
    for (const [query, variables, permission] of cases) {
      const error = await expectRefused(app, query, variables, callers.analyst.token);
      expect(error.extensions, query).toMatchObject({ code: 'FORBIDDEN', permission });
    }
  });
});

describe('relations to another entity need its view permission', () => {
  let companyOnly: Caller;
  let contactOnly: Caller;
  let interactionOnly: Caller;
  beforeAll(async () => {
    companyOnly = await createCaller(app, { permissions: ['view_company'] });
    contactOnly = await createCaller(app, { permissions: ['view_contact'] });
    interactionOnly = await createCaller(app, { permissions: ['view_all_interaction'] });
  });

  const PAGE = `query($id: UUID!) { company(id: $id) { id name contacts(first: 5) { edges { node { id email } } } } }`;

  it('company → contacts is refused without view_contact, though the look-ahead fetched them in the same statement', async () => {
    const full = await app.gql(PAGE, { id: companyId });
    expect(full.body.data.company.contacts.edges[0].node).toEqual({ id: contactId, email: contactEmail });
    expect(full.body.extensions.sqlStatements).toBe(1);

    await companyOnly.gql('{ viewer { isSuperuser } }'); // the token lookup, cached from here on
    const res = await companyOnly.gql(PAGE, { id: companyId });
    expect(res.body.extensions.sqlStatements).toBe(1); // the same one statement, contacts embedded
    expect(forbidden(res)).toEqual([expect.objectContaining({ path: ['company', 'contacts'], extensions: { code: 'FORBIDDEN', permission: 'view_contact' } })]);
    // Only the refused field is null: the rest of the company stands (issue 13, item 4).
    expect(res.body.data.company).toEqual({ id: companyId, name: expect.any(String), contacts: null });
    expect(JSON.stringify(res.body)).not.toContain(contactId);
    expect(JSON.stringify(res.body)).not.toContain(contactEmail);
  });

  it('in a list too, for every node', async () => {
    const res = await companyOnly.gql(`query($id: UUID!) { companies(filter: { id: { eq: $id } }) { edges { node { id contacts { totalCount } } } } }`, { id: companyId });
    expect(forbidden(res).map((e: any) => e.path)).toEqual([['companies', 'edges', 0, 'node', 'contacts']]);
    expect(JSON.stringify(res.body)).not.toContain(contactId);
  });

  it('company → interactions and latestInteractionDate need view_all_interaction', async () => {
    const res = await companyOnly.gql('query($id: UUID!) { company(id: $id) { latestInteractionDate interactions { edges { node { id } } } } }', { id: companyId });
    expect(forbidden(res).map((e: any) => [e.path.join('.'), e.extensions.permission]).sort()).toEqual([
      ['company.interactions', 'view_all_interaction'],
      ['company.latestInteractionDate', 'view_all_interaction'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(interactionId);
  });

  it('contact → company and interactions; the contact\'s own email is served', async () => {
    const res = await contactOnly.gql('query($id: UUID!) { contact(id: $id) { email } }', { id: contactId });
    expect(res.body.data.contact.email).toBe(contactEmail);
    const company = await contactOnly.gql('query($id: UUID!) { contact(id: $id) { id company { id } } }', { id: contactId });
    expect(forbidden(company)[0]).toMatchObject({ path: ['contact', 'company'], extensions: { permission: 'view_company' } });
    const interactions = await contactOnly.gql('query($id: UUID!) { contact(id: $id) { interactions { totalCount } } }', { id: contactId });
    expect(forbidden(interactions)[0]).toMatchObject({ path: ['contact', 'interactions'], extensions: { permission: 'view_all_interaction' } });
  });

  it('interaction → company, companies and contacts', async () => {
    // One field at a time: the first non-null field refused nulls the interaction and hides its siblings' errors.
    for (const [field, permission] of [['company', 'view_company'], ['companies', 'view_company'], ['contacts', 'view_contact']]) {
      const res = await interactionOnly.gql(`query($id: UUID!) { interaction(id: $id) { subject ${field} { id } } }`, { id: interactionId });
      expect(forbidden(res), field).toEqual([expect.objectContaining({ path: ['interaction', field], extensions: { code: 'FORBIDDEN', permission } })]);
      expect(JSON.stringify(res.body)).not.toContain(contactId);
    }
    const ok = await interactionOnly.gql('query($id: UUID!) { interaction(id: $id) { subject participants { adviser { name } } } }', { id: interactionId });
    expect(ok.body.errors).toBeUndefined();
  });

  it("a contact's email needs view_contact even in a mutation's result, and to be set at all (no \"taken\" oracle)", async () => {
    const adder = await createCaller(app, { permissions: ['add_contact'] });
    const before = await counts(app, ['contact']);
    const res = await adder.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id email } }', { input: contactInput(companyId) });
    expect(forbidden(res)[0]).toMatchObject({ path: ['createContact'], extensions: { permission: 'view_contact' } });
    const idOnly = await adder.gql('mutation($input: ContactCreateInput!) { createContact(input: $input) { id } }', { input: contactInput(companyId) });
    expect(forbidden(idOnly)[0]).toMatchObject({ path: ['createContact'], extensions: { permission: 'view_contact', argument: ['input', 'email'] } });
    expect(await counts(app, ['contact'])).toEqual(before);
  });

  it("an adviser on a record comes with it, their contact details need view_advisor (or to be one's own)", async () => {
    const named = await companyOnly.gql('query($id: UUID!) { company(id: $id) { createdBy { id name } } }', { id: companyId });
    expect(named.body.data.company.createdBy).toEqual({ id: app.adminId, name: 'Test Admin' });
    const email = await companyOnly.gql('query($id: UUID!) { company(id: $id) { createdBy { email } } }', { id: companyId });
    expect(forbidden(email)[0]).toMatchObject({ path: ['company', 'createdBy', 'email'], extensions: { permission: 'view_advisor' } });
    const own = await companyOnly.gql('{ viewer { adviser { email telephoneNumber } } }');
    expect(own.body.errors).toBeUndefined();
    const analyst = await callers.analyst.gql('query($id: UUID!) { company(id: $id) { createdBy { email } } }', { id: companyId });
    expect(analyst.body.data.company.createdBy.email).toBe('admin@test.example');
  });
});
