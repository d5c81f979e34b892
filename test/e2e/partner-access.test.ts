import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allScopes } from '../../src/auth/scopes.js';
import { buildAppSchema } from '../../src/system.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createClientCaller, type ClientCaller } from '../helpers/callers.js';
import { counts, createCompany, createContact, interactionInput } from '../helpers/factories.js';
import { forbidden, operationFor, rootFields, type RootType } from '../helpers/operations.js';

/**
 * What partner clients may call, written out by hand as the spec (not read from the rules): each root field
 * and the scope sets that grant it; a field not listed here fails the test, so a new field must be placed.
 * An empty list: no scope grants it (adviser-only).
 */
const READ_REFERENCE = [['metadata']];
const GRANTS: Record<RootType, Record<string, string[][]>> = {
  Query: {
    viewer: [],
    adviser: [],
    advisers: [],
    apiClients: [],
    apiScopes: [],
    featureFlags: [],
    featureFlagGroups: [],
    adviserFeatureFlags: [],
    company: [['company:read']],
    companies: [['company:read']],
    publicCompany: [['public_company'], ['company:read']],
    publicCompanies: [['public_company'], ['company:read']],
    contact: [['contact:read']],
    contacts: [['contact:read']],
    interaction: [['interaction:read']],
    interactions: [['interaction:read']],
    event: [['event:read']],
    events: [['event:read']],
    reminders: [],
    emailStatus: [],
    reminderSummary: [],
    reminderSubscriptions: [],
    investmentProject: [['investment:read']],
    investmentProjects: [['investment:read']],
    // Tasks are advisers' own: no scope grants them.
    task: [],
    tasks: [],
    eventTypes: READ_REFERENCE,
    locationTypes: READ_REFERENCE,
    programmes: READ_REFERENCE,
    investmentTypes: READ_REFERENCE,
    fdiTypes: READ_REFERENCE,
    fdiValues: READ_REFERENCE,
    investmentProjectStages: READ_REFERENCE,
    likelihoodsToLand: READ_REFERENCE,
    investorTypes: READ_REFERENCE,
    involvements: READ_REFERENCE,
    specificProgrammes: READ_REFERENCE,
    investmentDeliveryPartners: READ_REFERENCE,
    investmentStrategicDrivers: READ_REFERENCE,
    investmentBusinessActivities: READ_REFERENCE,
    investmentActivityTypes: READ_REFERENCE,
    referralSourceActivities: READ_REFERENCE,
    referralSourceMarketings: READ_REFERENCE,
    referralSourceWebsites: READ_REFERENCE,
    salaryRanges: READ_REFERENCE,
    projectManagerRequestStatuses: READ_REFERENCE,
    fdiSicGroupings: READ_REFERENCE,
    gvaMultipliers: READ_REFERENCE,
    team: READ_REFERENCE,
    teams: READ_REFERENCE,
    administrativeAreas: READ_REFERENCE,
    businessTypes: READ_REFERENCE,
    communicationChannels: READ_REFERENCE,
    countries: READ_REFERENCE,
    employeeRanges: READ_REFERENCE,
    headquarterTypes: READ_REFERENCE,
    oneListTiers: READ_REFERENCE,
    overseasRegions: READ_REFERENCE,
    policyAreas: READ_REFERENCE,
    policyIssueTypes: READ_REFERENCE,
    sectors: READ_REFERENCE,
    serviceDeliveryStatuses: READ_REFERENCE,
    services: READ_REFERENCE,
    interactionServices: READ_REFERENCE,
    teamRoles: READ_REFERENCE,
    titles: READ_REFERENCE,
    turnoverRanges: READ_REFERENCE,
    ukRegions: READ_REFERENCE,
    search: [['search:read']],
    // The generated operation autocompletes the first entity, COMPANY.
    autocomplete: [['search:read', 'company:read']],
    searchCompanies: [['search:read', 'company:read']],
    searchContacts: [['search:read', 'contact:read']],
    searchInteractions: [['search:read', 'interaction:read']],
    searchEvents: [['search:read', 'event:read']],
    searchInvestmentProjects: [['search:read', 'investment:read']],
    searchTasks: [],
    searchAdvisers: [],
    searchStatus: [],
  },
  Mutation: {
    createCompany: [['company:write']],
    updateCompany: [['company:write']],
    archiveCompany: [],
    unarchiveCompany: [],
    updateCompanyExportCountries: [['company:write']],
    // A contact needs an email, and only a caller who may read emails may set one (no "taken" oracle).
    createContact: [['contact:write', 'contact:read', 'contact:pii']],
    updateContact: [['contact:write']],
    archiveContact: [],
    unarchiveContact: [],
    createInteraction: [['interaction:write']],
    updateInteraction: [['interaction:write']],
    // Advisers only: a partner could archive an interaction it could then neither see nor restore.
    archiveInteraction: [],
    unarchiveInteraction: [],
    dismissReminder: [],
    dismissReminders: [],
    updateReminderSubscription: [],
    createInvestmentProject: [],
    updateInvestmentProject: [],
    setInvestmentProjectStage: [],
    setInvestmentProjectTeamMembers: [],
    archiveInvestmentProject: [],
    unarchiveInvestmentProject: [],
    createTask: [],
    updateTask: [],
    completeTask: [],
    reopenTask: [],
    archiveTask: [],
    unarchiveTask: [],
    createEvent: [['event:write']],
    updateEvent: [['event:write']],
    disableEvent: [['event:write']],
    enableEvent: [['event:write']],
    createApiClient: [],
    issueApiClientCredential: [],
    revokeApiToken: [],
    setFeatureFlag: [],
    setFeatureFlagGroup: [],
    setAdviserFeatureFlags: [],
  },
};

let app: TestApp;
let schema: GraphQLSchema;

beforeAll(async () => {
  // The matrix sends ~50 requests per client: no rate limit here (it has its own tests).
  app = await createTestApp({ limits: { adviser: unlimited(), client: { ...unlimited(), maxCost: 5000, maxDepth: 10, maxAliases: 10 } } });
  schema = await buildAppSchema();
});
afterAll(() => app?.close());

function unlimited() {
  return { maxDepth: 12, maxCost: 10_000, maxAliases: 30, ratePerMinute: 0, rateBurst: 1 };
}

describe('scope × root field matrix (the fields come from the schema)', () => {
  it('every root field of the schema has its place in the spec', () => {
    for (const rootType of ['Query', 'Mutation'] as const) {
      expect(rootFields(schema, rootType).filter((f) => !(f in GRANTS[rootType])), rootType).toEqual([]);
      expect(Object.keys(GRANTS[rootType]).filter((f) => !rootFields(schema, rootType).includes(f)), rootType).toEqual([]);
    }
  });

  // Each scope alone, and every scope together.
  const everyScope = allScopes();
  const scopeSets: string[][] = [...everyScope.map((s) => [s]), [...everyScope]];
  for (const scopes of scopeSets) {
    it(`a client with ${scopes.length === everyScope.length ? 'every scope' : scopes[0]}: each root field served or FORBIDDEN, and nothing written`, async () => {
      const client = await createClientCaller(app, { scopes });
      const before = await counts(app, ['company', 'contact', 'interaction', 'api_client', 'api_token']);
      const mismatches: string[] = [];
      for (const rootType of ['Query', 'Mutation'] as const) {
        for (const field of rootFields(schema, rootType)) {
          const { query, variables } = operationFor(schema, rootType, field);
          const res = await client.gql(query, variables);
          const served = GRANTS[rootType][field].some((set) => set.every((s) => scopes.includes(s)));
          const refusals = forbidden(res);
          if (res.status >= 500 || (res.body.errors ?? []).some((e: any) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.path?.[0] !== field)) {
            mismatches.push(`${rootType}.${field}: ${res.status} ${JSON.stringify(res.body.errors)}`);
          } else if (served && refusals.length) {
            mismatches.push(`${rootType}.${field}: refused but should be served: ${refusals[0].message}`);
          } else if (!served && (refusals.length !== 1 || res.body.data?.[field])) {
            mismatches.push(`${rootType}.${field}: should be FORBIDDEN, got ${JSON.stringify(res.body)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      // The generated mutations carry random ids: served ones fail on their input, refused ones never run.
      expect(await counts(app, ['company', 'contact', 'interaction', 'api_client', 'api_token'])).toEqual(before);
    });
  }

  it('introspection needs the introspection scope; advisers always have it', async () => {
    const query = '{ __schema { queryType { name } } }';
    const without = await (await createClientCaller(app, { scopes: ['company:read'] })).gql(query);
    expect(without.status).toBe(403);
    expect(without.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'introspection' });
    const withScope = await (await createClientCaller(app, { scopes: ['introspection'] })).gql(query);
    expect(withScope.body.data.__schema.queryType.name).toBe('Query');
    expect((await app.gql(query)).body.data.__schema.queryType.name).toBe('Query');
    // __typename is not introspection of the schema: any caller may ask for it.
    expect((await (await createClientCaller(app, { scopes: ['metadata'] })).gql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it("a client refused introspection gets no schema hints in errors (no 'Did you mean …?')", async () => {
    const guesses: Array<[string, Record<string, unknown>?]> = [
      ['{ countrie { id } }'],
      ['{ countries { nam } }'],
      ['query($o: [CompanyOrderBy!]) { companies(orderBy: $o) { totalCount } }', { o: [{ field: 'NAM' }] }],
      ['{ companies(orderBy: [{ field: NAM }]) { totalCount } }'],
    ];
    const metadataOnly = await createClientCaller(app, { scopes: ['metadata'] });
    const introspecting = await createClientCaller(app, { scopes: ['metadata', 'introspection'] });
    for (const [query, variables] of guesses) {
      const refused = await metadataOnly.gql(query, variables);
      expect(refused.body.errors.length, query).toBeGreaterThan(0);
      for (const error of refused.body.errors) {
        expect(error.message, query).not.toMatch(/Did you mean|countries|name|NAME/);
        expect(error.extensions.code, query).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
      }
      // Advisers, and clients that may introspect, keep graphql-js's hints.
      expect(JSON.stringify((await app.gql(query, variables)).body.errors), query).toMatch(/Did you mean/);
      expect(JSON.stringify((await introspecting.gql(query, variables)).body.errors), query).toMatch(/Did you mean/);
    }
  });
});

describe('personal data never appears without its scope', () => {
  let companyId: string;
  let contactId: string;
  let interactionId: string;
  const email = 'pii.person@personal.example';
  const phone = '+44 20 7946 0999';
  let adminEmail: string;

  beforeAll(async () => {
    companyId = (await createCompany(app)).id;
    contactId = (await createContact(app, companyId, { email, fullTelephoneNumber: phone })).id;
    [{ email: adminEmail }] = await app.sql('select email from adviser where id = ?', [app.adminId]);
    const res = await app.gql('mutation($input: InteractionCreateInput!) { createInteraction(input: $input) { id } }', {
      input: await interactionInput(app, companyId, contactId),
    });
    expect(res.body.errors).toBeUndefined();
    interactionId = res.body.data.createInteraction.id;
  });

  const PII = 'email fullTelephoneNumber';
  /** Every way to reach a contact or an adviser: lists, lookups, relations, nested pages, and after a cursor. */
  const reads = () => [
    [`{ contacts(first: 5) { edges { node { id ${PII} } } } }`, {}],
    [`query($id: UUID!) { contact(id: $id) { id ${PII} } }`, { id: contactId }],
    [`query($id: UUID!) { company(id: $id) { contacts(first: 5) { edges { node { ${PII} } } } } }`, { id: companyId }],
    [`{ companies(first: 50) { edges { node { contacts { edges { node { ${PII} } } } } } } }`, {}],
    [`query($id: UUID!) { interaction(id: $id) { contacts { ${PII} } participants { adviser { email contactEmail telephoneNumber } } } }`, { id: interactionId }],
    [`{ interactions(first: 5) { edges { node { contacts { ${PII} } createdBy { email } } } } }`, {}],
    [`query($id: UUID!) { company(id: $id) { createdBy { email } modifiedBy { email } } }`, { id: companyId }],
  ] as Array<[string, Record<string, unknown>]>;

  it('cursors are sealed: a list ordered by email hands out no email in its cursors, however they are decoded', async () => {
    // Sorting by email needs the right to read it (next test); even then the cursors are opaque.
    const client = await createClientCaller(app, { scopes: ['contact:read', 'contact:pii'] });
    const res = await client.gql('{ contacts(first: 100, orderBy: [{ field: EMAIL }]) { pageInfo { endCursor } edges { cursor } } }');
    const cursors: string[] = [...res.body.data.contacts.edges.map((e: any) => e.cursor), res.body.data.contacts.pageInfo.endCursor];
    expect(cursors.length).toBeGreaterThan(1);
    const emails: string[] = (await app.sql("select email from contact where email <> ''")).map((r: any) => r.email);
    expect(emails).toContain(email);
    for (const cursor of cursors) {
      for (const encoding of ['base64url', 'base64'] as const) {
        const decoded = Buffer.from(cursor, encoding).toString('latin1');
        for (const address of emails) expect(decoded).not.toContain(address.split('@')[0]);
      }
    }
    // Still a working cursor for the list and order that made it.
    const next = await client.gql('query($after: String) { contacts(first: 1, after: $after, orderBy: [{ field: EMAIL }]) { totalCount } }', { after: cursors[0] });
    expect(next.body.errors).toBeUndefined();
  });

  it('a field the caller may not read cannot be filtered or sorted on either: lists, nested lists, and/or/not', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read'] });
    const probes: Array<[string, Record<string, unknown>, string[], Record<string, unknown>]> = [
      ['{ contacts(filter: { email: { ilike: "pii%" } }) { totalCount } }', {}, ['filter', 'email'], { scope: 'contact:pii' }],
      ['{ contacts(filter: { or: [{ firstName: { eq: "x" } }, { not: { email: { isNull: true } } }] }) { totalCount } }', {}, ['filter', 'or', '1', 'not', 'email'], { scope: 'contact:pii' }],
      ['{ contacts(first: 100, orderBy: [{ field: LAST_NAME }, { field: EMAIL }]) { edges { cursor } } }', {}, ['orderBy', '1', 'field'], { scope: 'contact:pii' }],
      ['query($id: UUID!) { company(id: $id) { contacts(filter: { email: { eq: "pii.person@personal.example" } }) { totalCount } } }', { id: companyId }, ['filter', 'email'], { scope: 'contact:pii' }],
    ];
    for (const [query, variables, argument, extensions] of probes) {
      const res = await client.gql(query, variables);
      expect(res.body.errors, query).toHaveLength(1);
      expect(res.body.errors[0].extensions, query).toMatchObject({ code: 'FORBIDDEN', argument, ...extensions });
      expect(JSON.stringify(res.body.data ?? null), query).not.toMatch(/"totalCount":\d|cursor/);
    }
    // The company a contact works at is Contact.company: a contacts-only client may not filter on it.
    const contactsOnly = await createClientCaller(app, { scopes: ['contact:read'] });
    const byCompany = await contactsOnly.gql('query($id: UUID!) { contacts(filter: { companyId: { eq: $id } }) { totalCount } }', { id: companyId });
    expect(byCompany.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: ['filter', 'companyId'], permission: 'view_company' });
    // Whoever may read the field may filter and sort on it.
    const pii = await createClientCaller(app, { scopes: ['contact:read', 'contact:pii'] });
    for (const caller of [pii, app]) {
      const res = await caller.gql('{ contacts(filter: { email: { eq: "pii.person@personal.example" } }, orderBy: [{ field: EMAIL }]) { totalCount } }');
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.contacts.totalCount).toBe(1);
    }
  });

  it("search filters and sorts need the right to read the field they test (no bisecting a company's latest interaction date)", async () => {
    const companiesOnly = await createClientCaller(app, { scopes: ['company:read', 'search:read'] });
    const probes: Array<[string, string[]]> = [
      ['{ searchCompanies(filter: { latestInteractionDate: { from: "2000-01-01" } }) { totalCount } }', ['filter', 'latestInteractionDate']],
      ['{ searchCompanies(orderBy: [{ field: NAME }, { field: LATEST_INTERACTION_DATE }]) { totalCount } }', ['orderBy', '1', 'field']],
    ];
    for (const [query, argument] of probes) {
      const res = await companiesOnly.gql(query);
      expect(res.body.errors?.[0]?.extensions, query).toMatchObject({ code: 'FORBIDDEN', argument, permission: 'view_all_interaction' });
    }
    const contactsOnly = await createClientCaller(app, { scopes: ['contact:read', 'search:read'] });
    const byCompany = await contactsOnly.gql('query($id: UUID!) { searchContacts(filter: { companyIds: [$id] }) { totalCount } }', { id: companyId });
    expect(byCompany.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument: ['filter', 'companyIds'], permission: 'view_company' });
    // With the interaction scope the same filter and sort are served.
    const both = await createClientCaller(app, { scopes: ['company:read', 'interaction:read', 'search:read'] });
    for (const [query] of probes) expect((await both.gql(query)).body.errors, query).toBeUndefined();
  });

  it('contact:read without contact:pii: contacts are served, their email and telephone are FORBIDDEN and absent', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read', 'interaction:read'] });
    for (const [query, variables] of reads()) {
      const res = await client.gql(query, variables);
      const text = JSON.stringify(res.body.data);
      expect(text, query).not.toContain(email);
      expect(text, query).not.toContain(phone);
      expect(text, query).not.toContain(adminEmail);
      expect(forbidden(res).length, query).toBeGreaterThan(0);
      expect(res.body.errors.filter((e: any) => e.extensions.code !== 'FORBIDDEN'), query).toEqual([]);
    }
    // The rest of the contact is there.
    const one = await client.gql('query($id: UUID!) { contact(id: $id) { id firstName email } }', { id: contactId });
    expect(one.body.data.contact).toMatchObject({ id: contactId, firstName: 'Ada', email: null });
    expect(one.body.errors[0]).toMatchObject({ path: ['contact', 'email'], extensions: { code: 'FORBIDDEN', scope: 'contact:pii' } });
  });

  it("with contact:pii the contact's email and telephone appear; advisers' contact details never do", async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read', 'contact:pii', 'interaction:read'] });
    const found = { email: false, phone: false };
    for (const [query, variables] of reads()) {
      const res = await client.gql(query, variables);
      const text = JSON.stringify(res.body.data);
      found.email ||= text.includes(email);
      found.phone ||= text.includes(phone);
      expect(text, query).not.toContain(adminEmail);
    }
    expect(found).toEqual({ email: true, phone: true });
  });

  it('public_company: public fields only; no way to people', async () => {
    const client = await createClientCaller(app, { scopes: ['public_company'] });
    const res = await client.gql('query($id: UUID!) { publicCompany(id: $id) { id name address { town country { name } } sector { segment } } }', { id: companyId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.publicCompany).toMatchObject({ id: companyId, address: { town: 'London', country: { name: 'United Kingdom' } } });
    const fields = Object.keys((schema.getType('PublicCompany') as any).getFields());
    for (const personal of ['contacts', 'interactions', 'createdBy', 'modifiedBy', 'archivedBy', 'oneListAccountOwner']) expect(fields).not.toContain(personal);
    // Filters reach public columns only.
    const byOwner = await client.gql(`{ publicCompanies(filter: { oneListAccountOwnerId: { eq: "${app.adminId}" } }) { totalCount } }`);
    expect(byOwner.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(forbidden(await client.gql('query($id: UUID!) { company(id: $id) { id } }', { id: companyId }))[0].extensions.permission).toBe('view_company');
  });
});

describe('row-level rules: partners see live records only', () => {
  let liveId: string;
  let archivedId: string;
  let archivedContactId: string;
  let contactOfArchivedId: string;

  beforeAll(async () => {
    liveId = (await createCompany(app, { name: 'Row Rule Live Ltd' })).id;
    archivedId = (await createCompany(app, { name: 'Row Rule Archived Ltd' })).id;
    await createContact(app, liveId);
    archivedContactId = (await createContact(app, liveId)).id;
    contactOfArchivedId = (await createContact(app, archivedId)).id;
    for (const [mutation, id] of [['archiveContact', archivedContactId], ['archiveCompany', archivedId]]) {
      const res = await app.gql(`mutation($id: UUID!) { ${mutation}(id: $id, reason: "duplicate") { id } }`, { id });
      expect(res.body.errors).toBeUndefined();
    }
  });

  const byName = { name: { like: 'Row Rule %' } };

  it('lists and their counts leave archived rows out for clients, not for advisers', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read', 'public_company'] });
    const query = 'query($f: CompanyFilter) { companies(filter: $f) { totalCount edges { node { name } } } }';
    const mine = await client.gql(query, { f: byName });
    expect(mine.body.data.companies).toEqual({ totalCount: 1, edges: [{ node: { name: 'Row Rule Live Ltd' } }] });
    expect((await app.gql(query, { f: byName })).body.data.companies.totalCount).toBe(2);
    // Even when asked for archived rows explicitly, and on the public view.
    expect((await client.gql(query, { f: { ...byName, archived: { eq: true } } })).body.data.companies.totalCount).toBe(0);
    const pub = await client.gql('query($f: PublicCompanyFilter) { publicCompanies(filter: $f) { totalCount } }', { f: byName });
    expect(pub.body.data.publicCompanies.totalCount).toBe(1);
  });

  it('a lookup of an archived record is NOT_FOUND for a client', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read'] });
    for (const [field, id] of [['company', archivedId], ['contact', archivedContactId]]) {
      const res = await client.gql(`query($id: UUID!) { ${field}(id: $id) { id } }`, { id });
      expect(res.body.errors?.[0]?.extensions.code, field).toBe('NOT_FOUND');
      expect((await app.gql(`query($id: UUID!) { ${field}(id: $id) { id } }`, { id })).body.data[field].id).toBe(id);
    }
  });

  it('nested lists (embedded, and batched after a cursor) and relations apply the rule too', async () => {
    const client = await createClientCaller(app, { scopes: ['company:read', 'contact:read'] });
    // First page: embedded in the company's statement (look-ahead).
    const embedded = await client.gql('query($id: UUID!) { company(id: $id) { contacts { totalCount edges { node { id } } } } }', { id: liveId });
    expect(embedded.body.data.company.contacts.totalCount).toBe(1);
    expect(embedded.body.data.company.contacts.edges.map((e: any) => e.node.id)).not.toContain(archivedContactId);
    // A page after a cursor goes through the batched loader instead.
    const first = await client.gql('query($id: UUID!) { company(id: $id) { contacts(first: 1) { pageInfo { endCursor } } } }', { id: liveId });
    const after = await client.gql('query($id: UUID!, $after: String) { company(id: $id) { contacts(first: 5, after: $after) { totalCount edges { node { id } } } } }', {
      id: liveId,
      after: first.body.data.company.contacts.pageInfo.endCursor,
    });
    expect(after.body.data.company.contacts).toEqual({ totalCount: 1, edges: [] });
    // A live contact of an archived company is hidden with its company (test/e2e/archived-children.test.ts).
    const adviserSees = await app.gql('query($id: UUID!) { contact(id: $id) { id archived } }', { id: contactOfArchivedId });
    expect(adviserSees.body.data.contact.archived).toBe(false);
    const relation = await client.gql('query($id: UUID!) { contact(id: $id) { id company { id } } }', { id: contactOfArchivedId });
    expect(relation.body.errors[0]).toMatchObject({ path: ['contact'], extensions: { code: 'NOT_FOUND', entity: 'Contact' } });
    expect(relation.body.errors[0].extensions).not.toHaveProperty('reason');
    expect(JSON.stringify(relation.body)).not.toContain(archivedId);
  });
});
