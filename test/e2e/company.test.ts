import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCaller } from '../helpers/callers.js';
import { companyInput, createCompany, expectRefused, refId, REFS } from '../helpers/factories.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

const CREATE = 'mutation($input: CompanyCreateInput!) { createCompany(input: $input) { id name ukBased createdBy { email } modifiedBy { email } sector { id name } address { postcode country { name } } } }';
const UPDATE = 'mutation($id: UUID!, $input: CompanyUpdateInput!) { updateCompany(id: $id, input: $input) { id name archived headquarterType { id } sector { id } } }';

const refused = (query: string, variables: Record<string, unknown>) => expectRefused(app, query, variables);

const fieldOf = (error: any) => (error.extensions.issues ?? [{ field: error.extensions.field }]).map((i: any) => i.field.join('.'));

describe('creating a company', () => {
  it('stores it with the caller as creator and normalised values', async () => {
    const res = await app.gql(CREATE, { input: await companyInput(app, { name: '  Acme Widgets Ltd ', address: { line1: '1 Dock Road', town: 'Hull', postcode: 'hu1 1aa', countryId: REFS.uk } }) });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.createCompany;
    expect(c).toMatchObject({ name: 'Acme Widgets Ltd', ukBased: true, createdBy: { email: 'admin@test.example' }, modifiedBy: { email: 'admin@test.example' } });
    expect(c.address).toEqual({ postcode: 'HU1 1AA', country: { name: 'United Kingdom' } });
  });

  it('requires a name, business type and sector', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { name: ' ', businessTypeId: null, sectorId: null }) });
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(fieldOf(e)).toEqual(expect.arrayContaining(['name', 'businessTypeId', 'sectorId']));
  });

  it('requires address line 1, town and country', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { address: { line1: '', town: ' ', countryId: REFS.uk } }) });
    expect(fieldOf(e)).toEqual(expect.arrayContaining(['address.line1', 'address.town']));
  });

  it('requires area and postcode in the US, and an area of that country', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { ukRegionId: null, address: { line1: '1 Main St', town: 'Boston', countryId: REFS.us } }) });
    expect(fieldOf(e)).toEqual(expect.arrayContaining(['address.areaId', 'address.postcode']));
    const canadian = await refId(app, 'metadata_administrative_area', `country_id = '5daf72a6-5d95-e211-a939-e4115bead28a'`);
    const e2 = await refused(CREATE, { input: await companyInput(app, { ukRegionId: null, address: { line1: '1 Main St', town: 'Boston', postcode: '02101', areaId: canadian, countryId: REFS.us } }) });
    expect(e2.extensions.reason).toBe('AREA_NOT_IN_COUNTRY');
  });

  it('requires a UK region in the UK and refuses one elsewhere', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { ukRegionId: null }) });
    expect(e.extensions).toMatchObject({ field: ['ukRegionId'], reason: 'REQUIRED' });
    const e2 = await refused(CREATE, { input: await companyInput(app, { address: { line1: '1 Rue', town: 'Paris', countryId: REFS.france } }) });
    expect(e2.extensions).toMatchObject({ field: ['ukRegionId'], reason: 'UK_ONLY' });
  });

  it('needs a BR number in the UK for a UK branch of a foreign company', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { businessTypeId: REFS.ukBranch, companyNumber: '01234567' }) });
    expect(e.extensions.reason).toBe('BRANCH_NEEDS_BR_NUMBER');
    const ok = await app.gql(CREATE, { input: await companyInput(app, { businessTypeId: REFS.ukBranch, companyNumber: 'BR123456' }) });
    expect(ok.body.errors).toBeUndefined();
  });

  it('takes only a nine-digit DUNS number that no other company has', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { dunsNumber: '12345678' }) });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DUNS', field: ['dunsNumber'] });
    await createCompany(app, { dunsNumber: '123456789' });
    const dup = await refused(CREATE, { input: await companyInput(app, { dunsNumber: '123456789' }) });
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUNS_TAKEN', field: ['dunsNumber'] });
  });

  it('refuses a disabled sector for a new company, but keeps one an old company has', async () => {
    const disabled = await refId(app, 'metadata_sector', 'disabled_on is not null');
    const e = await refused(CREATE, { input: await companyInput(app, { sectorId: disabled }) });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DISABLED', field: ['sectorId'] });
    const old = await createCompany(app);
    await app.sql('update company set sector_id = ? where id = ?', [disabled, old.id]);
    const res = await app.gql(UPDATE, { id: old.id, input: { name: 'Renamed', sectorId: disabled } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCompany).toMatchObject({ name: 'Renamed', sector: { id: disabled } });
  });

  it('refuses unknown reference ids with the field path', async () => {
    const e = await refused(CREATE, { input: await companyInput(app, { sectorId: '00000000-0000-4000-8000-000000000000' }) });
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND', field: ['sectorId'] });
  });
});

describe('headquarters', () => {
  it('links a subsidiary to a ghq and lists it under subsidiaries', async () => {
    const ghq = await createCompany(app, { headquarterTypeId: REFS.ghq });
    const sub = await createCompany(app, { globalHeadquartersId: ghq.id });
    const res = await app.gql('query($id: UUID!) { company(id: $id) { subsidiaries { totalCount edges { node { id globalHeadquarters { id } } } } } }', { id: ghq.id });
    expect(res.body.data.company.subsidiaries).toEqual({ totalCount: 1, edges: [{ node: { id: sub.id, globalHeadquarters: { id: ghq.id } } }] });
  });

  it('refuses a global headquarters that is not a ghq, itself, or a ghq that has one', async () => {
    const plain = await createCompany(app, { headquarterTypeId: REFS.ukhq });
    expect((await refused(CREATE, { input: await companyInput(app, { globalHeadquartersId: plain.id }) })).extensions.reason).toBe('NOT_A_GHQ');
    const ghq = await createCompany(app, { headquarterTypeId: REFS.ghq });
    expect((await refused(UPDATE, { id: ghq.id, input: { globalHeadquartersId: ghq.id } })).extensions.issues.map((i: any) => i.reason)).toContain('SELF_REFERENCE');
    const other = await createCompany(app, { headquarterTypeId: REFS.ghq });
    expect((await refused(UPDATE, { id: other.id, input: { globalHeadquartersId: ghq.id } })).extensions.reason).toBe('GHQ_HAS_GHQ');
  });

  it('keeps a ghq with subsidiaries a ghq', async () => {
    const ghq = await createCompany(app, { headquarterTypeId: REFS.ghq });
    await createCompany(app, { globalHeadquartersId: ghq.id });
    const e = await refused(UPDATE, { id: ghq.id, input: { headquarterTypeId: REFS.ukhq } });
    expect(e.extensions).toMatchObject({ reason: 'HAS_SUBSIDIARIES', field: ['headquarterTypeId'] });
  });
});

describe('updating a company', () => {
  it('changes only the fields given', async () => {
    const c = await createCompany(app, { description: 'keeps this' });
    const res = await app.gql('mutation($id: UUID!) { updateCompany(id: $id, input: { website: "https://acme.example" }) { website description name } }', { id: c.id });
    expect(res.body.data.updateCompany).toEqual({ website: 'https://acme.example', description: 'keeps this', name: c.name });
  });

  it('refuses to clear the sector or the address', async () => {
    const c = await createCompany(app);
    expect((await refused(UPDATE, { id: c.id, input: { sectorId: null } })).extensions).toMatchObject({ field: ['sectorId'], reason: 'REQUIRED' });
    expect((await refused(UPDATE, { id: c.id, input: { address: null } })).extensions).toMatchObject({ field: ['address'], reason: 'REQUIRED' });
  });

  it('answers NOT_FOUND for an unknown company', async () => {
    const res = await app.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } });
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('archiving', () => {
  const ARCHIVE = 'mutation($id: UUID!, $reason: String!) { archiveCompany(id: $id, reason: $reason) { archived archivedReason archivedOn archivedBy { email } } }';
  const UNARCHIVE = 'mutation($id: UUID!) { unarchiveCompany(id: $id) { archived archivedReason archivedBy { email } } }';

  it('needs a reason, makes the company read-only, and unarchives', async () => {
    const c = await createCompany(app);
    expect((await refused(ARCHIVE, { id: c.id, reason: '  ' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'] });
    const archived = await app.gql(ARCHIVE, { id: c.id, reason: 'Dissolved' });
    expect(archived.body.data.archiveCompany).toMatchObject({ archived: true, archivedReason: 'Dissolved', archivedBy: { email: 'admin@test.example' } });
    expect((await refused(UPDATE, { id: c.id, input: { name: 'Nope' } })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ARCHIVED_READ_ONLY' });
    expect((await refused(ARCHIVE, { id: c.id, reason: 'again' })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ARCHIVED' });
    const back = await app.gql(UNARCHIVE, { id: c.id });
    expect(back.body.data.unarchiveCompany).toEqual({ archived: false, archivedReason: null, archivedBy: null });
    expect((await refused(UNARCHIVE, { id: c.id })).extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ARCHIVED' });
  });

  it('a refused mutation next to a committed one answers null with its error, and the committed one keeps its result', async () => {
    const c = await createCompany(app, { name: 'Tandem Cycles Ltd' });
    const updater = await createCaller(app, { permissions: ['view_company', 'change_company'] });
    const res = await updater.gql(
      'mutation($id: UUID!) { a: updateCompany(id: $id, input: { name: "Tandem Bikes Ltd" }) { id name } b: archiveCompany(id: $id, reason: "Dissolved") { id archived } }',
      { id: c.id },
    );
    expect(res.body.data).toEqual({ a: { id: c.id, name: 'Tandem Bikes Ltd' }, b: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ path: ['b'], extensions: { code: 'FORBIDDEN', permission: 'archive_company' } });
    const [row] = await app.sql('select name, archived from company where id = ?', [c.id]);
    expect(row).toEqual({ name: 'Tandem Bikes Ltd', archived: false });
  });
});
