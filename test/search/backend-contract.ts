import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocFilter, SearchBackend, SearchDocument, SearchEntity, SearchQuery } from '../../src/search/search.types.js';

/**
 * The search contract, as one suite that every backend runs (test/search/<backend>-backend.test.ts): the
 * same documents, the same questions, the same answers. What it asks is what users notice: the company they
 * typed comes first, typos and trading names and postcodes find it, filters and sorts and pages behave,
 * guarded text (personal data, related records' names) matches only for those who may read its field, and
 * odd input never breaks the backend.
 */

/** Stable, readable ids: uid(7) = 00000000-0000-4000-8000-000000000007. */
export const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const SECTOR_AERO = 'aaaaaaaa-0000-4000-8000-000000000001';
const SECTOR_FOOD = 'aaaaaaaa-0000-4000-8000-000000000002';
const SECTOR_ENERGY = 'aaaaaaaa-0000-4000-8000-000000000003';
const SECTOR_PARENT = 'aaaaaaaa-0000-4000-8000-000000000099';
const STAGE_PROSPECT = 'bbbbbbbb-0000-4000-8000-000000000001';
const STAGE_ACTIVE = 'bbbbbbbb-0000-4000-8000-000000000003';
const TEAM_NORTH = 'cccccccc-0000-4000-8000-000000000001';
const TEAM_SOUTH = 'cccccccc-0000-4000-8000-000000000002';
const ADVISER_ANA = 'dddddddd-0000-4000-8000-000000000001';
const ADVISER_BEN = 'dddddddd-0000-4000-8000-000000000002';

type CompanySpec = {
  name: string;
  tradingNames?: string[];
  number?: string;
  duns?: string;
  postcode?: string;
  town?: string;
  sector?: string;
  archived?: boolean;
  latestInteractionDate?: string | null;
  employees?: number;
};

/** Thirty companies with names that share words, so ranking matters. */
const COMPANIES: Record<number, CompanySpec> = {
  1: { name: 'Acme Widgets Ltd', tradingNames: ['Acme'], number: '01234567', duns: '123456789', postcode: 'SW1A 1AA', town: 'London', sector: SECTOR_AERO, latestInteractionDate: '2026-03-01', employees: 250 },
  2: { name: 'Acme Widgets Holdings plc', number: '07654321', postcode: 'EC1A 1BB', town: 'London', sector: SECTOR_AERO, latestInteractionDate: '2025-06-30', employees: 1200 },
  3: { name: 'Marine Exports Ltd', tradingNames: ['Blue Fin Trading'], number: 'SC123456', postcode: 'EH1 1YZ', town: 'Edinburgh', sector: SECTOR_FOOD, employees: 40 },
  4: { name: 'Northern Lights Energy Ltd', postcode: 'AB10 1XG', town: 'Aberdeen', sector: SECTOR_ENERGY, employees: 80 },
  5: { name: 'Thames Valley Robotics', postcode: 'RG1 1AA', town: 'Reading', sector: SECTOR_AERO },
  6: { name: 'Cotswold Cheese Company', postcode: 'GL7 1AA', town: 'Cirencester', sector: SECTOR_FOOD },
  7: { name: 'Greenleaf Organic Farms', town: 'Hereford', sector: SECTOR_FOOD },
  8: { name: 'Brightwater Pharmaceuticals', town: 'Cambridge' },
  9: { name: 'Pennine Textiles Ltd', town: 'Huddersfield' },
  10: { name: 'Severn Aerospace Components', town: 'Bristol', sector: SECTOR_AERO },
  11: { name: 'Quantum Bakery Co', town: 'Leeds', sector: SECTOR_FOOD },
  12: { name: 'Highland Spring Distillers', tradingNames: ['Glen Mhor Whisky'], town: 'Inverness', sector: SECTOR_FOOD },
  13: { name: 'Kestrel Software Solutions', town: 'Manchester' },
  14: { name: 'Oakwood Furniture Makers', town: 'Norwich' },
  15: { name: 'Silverline Logistics', town: 'Felixstowe' },
  16: { name: 'Redbrick Architecture', town: 'Liverpool' },
  17: { name: 'Atlantic Seafood Traders', town: 'Plymouth', sector: SECTOR_FOOD },
  18: { name: 'Windmill Renewable Power', town: 'Hull', sector: SECTOR_ENERGY },
  19: { name: 'Ironbridge Engineering Group', town: 'Telford' },
  20: { name: 'Lakeland Outdoor Gear', town: 'Kendal' },
  21: { name: 'Harbour Lights Marine', town: 'Falmouth' },
  22: { name: 'Sterling Precision Tools', town: 'Sheffield' },
  23: { name: 'Meridian Health Devices', town: 'Oxford' },
  24: { name: 'Falcon Fintech Ltd', town: 'London' },
  25: { name: 'Bramble and Bee Honey', town: 'York', sector: SECTOR_FOOD },
  26: { name: 'Granite City Data Centres', town: 'Aberdeen' },
  27: { name: 'Solent Yacht Builders', town: 'Southampton' },
  28: { name: 'Peak District Mineral Water', town: 'Buxton', sector: SECTOR_FOOD },
  29: { name: 'Tudor Rose Textiles', town: 'Leicester' },
  30: { name: 'Westminster Coffee Roasters', town: 'London', sector: SECTOR_FOOD, archived: true },
};

function companyDoc(n: number, spec: CompanySpec): SearchDocument {
  const postcodes = spec.postcode ? [spec.postcode, spec.postcode.replace(/\s+/g, '')] : [];
  return {
    entity: 'company',
    id: uid(n),
    names: [spec.name, ...(spec.tradingNames ?? [])],
    identifiers: [spec.number, spec.duns, ...postcodes].filter((x): x is string => !!x),
    text: [`${n} High Street`, spec.town ?? ''].filter(Boolean),
    guarded: [],
    fields: {
      archived: spec.archived ?? false,
      sectorIds: spec.sector ? [spec.sector, SECTOR_PARENT] : [],
      town: spec.town ?? null,
      modifiedOn: new Date(Date.UTC(2026, 0, n, 10)).toISOString(),
      latestInteractionDate: spec.latestInteractionDate ?? null,
      numberOfEmployees: spec.employees ?? null,
    },
  };
}

export const CONTRACT_DOCUMENTS: SearchDocument[] = [
  ...Object.entries(COMPANIES).map(([n, spec]) => companyDoc(Number(n), spec)),
  {
    entity: 'contact',
    id: uid(101),
    names: ['Ada Lovelace'],
    identifiers: [],
    text: ['Head of Exports'],
    guarded: [
      { field: 'Contact.email', as: 'identifier', values: ['ada.lovelace@acme.example'] },
      { field: 'Contact.fullTelephoneNumber', as: 'identifier', values: ['+44 20 7946 0001'] },
      { field: 'Contact.company', as: 'text', values: ['Acme Widgets Ltd'] },
    ],
    fields: { archived: false, companyId: uid(1) },
  },
  {
    entity: 'contact',
    id: uid(102),
    names: ['Grace Hopper'],
    identifiers: [],
    text: [],
    guarded: [
      { field: 'Contact.email', as: 'identifier', values: ['grace@marine.example'] },
      { field: 'Contact.fullTelephoneNumber', as: 'identifier', values: [] },
      { field: 'Contact.company', as: 'text', values: ['Marine Exports Ltd'] },
    ],
    fields: { archived: false, companyId: uid(3) },
  },
  {
    entity: 'interaction',
    id: uid(201),
    names: ['Export advice for Acme'],
    identifiers: [],
    text: ['Alan Turing'],
    guarded: [
      { field: 'Interaction.company', as: 'text', values: ['Acme Widgets Ltd'] },
      { field: 'Interaction.companies', as: 'text', values: ['Marine Exports Ltd'] },
      { field: 'Interaction.contacts', as: 'text', values: ['Ada Lovelace'] },
    ],
    fields: { archived: false, companyIds: [uid(1)], date: '2026-03-01', kind: 'INTERACTION' },
  },
  ...[
    { n: 401, name: 'Battery Gigafactory Midlands', code: 123, investor: 'Acme Widgets Ltd', stage: STAGE_ACTIVE, teams: [TEAM_NORTH, TEAM_SOUTH] },
    { n: 402, name: 'Offshore Wind Port Expansion', code: 1234, investor: 'Marine Exports Ltd', stage: STAGE_PROSPECT, teams: [] },
    { n: 403, name: 'Quarry Lane Distribution Hub', code: 12345, investor: 'Silverline Logistics', stage: STAGE_ACTIVE, teams: [TEAM_SOUTH] },
  ].map(
    ({ n, name, code, investor, stage, teams }): SearchDocument => ({
      entity: 'investmentproject',
      id: uid(n),
      names: [name],
      // Its code whole, zero-padded and as its bare digits, as the mapping writes them.
      identifiers: [`DHP-${String(code).padStart(8, '0')}`, String(code).padStart(8, '0'), String(code)],
      text: [],
      guarded: [{ field: 'InvestmentProject.investorCompany', as: 'text', values: [investor] }],
      fields: { archived: false, stageId: stage, associatedTeamId: teams },
    }),
  ),
  // Tasks, each visible to its creator and advisers (the "own tasks" row rule's visibleToAdviserId).
  ...[
    { n: 501, title: 'Book the trade mission visit', description: 'Flights and hotel for the delegation', visibleTo: [ADVISER_ANA, ADVISER_BEN] },
    { n: 502, title: 'Send the market report', description: '', visibleTo: [ADVISER_BEN] },
  ].map(
    ({ n, title, description, visibleTo }): SearchDocument => ({
      entity: 'task',
      id: uid(n),
      names: [title],
      identifiers: [],
      text: description ? [description] : [],
      guarded: [],
      fields: { archived: false, status: 'active', visibleToAdviserId: visibleTo },
    }),
  ),
  {
    entity: 'adviser',
    id: uid(301),
    names: ['Alan Turing'],
    identifiers: [],
    text: ['Investment Team'],
    guarded: [{ field: 'Adviser.email', as: 'identifier', values: ['alan.turing@trade.example'] }],
    fields: { isActive: true },
  },
];

/** Term → the id expected first. Exact names, typos, trading names, numbers, postcodes, single words. */
export const LABELLED_QUERIES: Array<[string, string]> = [
  ['Acme Widgets Ltd', uid(1)],
  ['Acme Widgets Holdings', uid(2)],
  ['Marine Exports', uid(3)],
  ['Northern Lights Energy', uid(4)],
  ['Thames Valley Robotics', uid(5)],
  ['cotswold cheese', uid(6)],
  ['Greenleaf Organic Farms', uid(7)],
  ['Pennine Textiles', uid(9)],
  ['Harbour Lights Marine', uid(21)],
  ['Tudor Rose Textiles', uid(29)],
  ['Brightwatter Pharmaceuticals', uid(8)],
  ['Sevrn Aerospace', uid(10)],
  ['Quantum Bakrey', uid(11)],
  ['Kestral Software', uid(13)],
  ['Oakwod Furniture', uid(14)],
  ['Silverlin Logistics', uid(15)],
  ['Redbrik Architecture', uid(16)],
  ['Atlantik Seafood', uid(17)],
  ['Windmil Renewable', uid(18)],
  ['Ironbrige Engineering', uid(19)],
  ['Blue Fin Trading', uid(3)],
  ['Glen Mhor Whisky', uid(12)],
  ['01234567', uid(1)],
  ['07654321', uid(2)],
  ['SC123456', uid(3)],
  ['123456789', uid(1)],
  ['SW1A 1AA', uid(1)],
  ['SW1A1AA', uid(1)],
  ['EH1 1YZ', uid(3)],
  ['ab10 1xg', uid(4)],
  ['Lakeland', uid(20)],
  ['Meridian', uid(23)],
  ['Falcon', uid(24)],
  ['Solent', uid(27)],
];

/** Investment project → the id expected first: its code whole (any case), zero-padded, as bare digits; its name, one with a typo. */
export const LABELLED_PROJECT_QUERIES: Array<[string, string]> = [
  ['DHP-00000123', uid(401)],
  ['dhp-00000123', uid(401)],
  ['00000123', uid(401)],
  ['123', uid(401)],
  ['1234', uid(402)],
  ['DHP-00012345', uid(403)],
  ['Battery Gigafactory', uid(401)],
  ['Offshore Wind Port', uid(402)],
  ['Quary Lane Distribution', uid(403)],
];

const ALL: SearchEntity[] = ['company', 'contact', 'interaction', 'adviser', 'investmentproject', 'task'];

/** The guarded fields of the documents above that hold contacts' personal data. */
export const PERSONAL = ['Contact.email', 'Contact.fullTelephoneNumber'];
/** Every other guarded field of the documents above: related records' names, advisers' emails. */
export const NOT_PERSONAL = ['Contact.company', 'Interaction.company', 'Interaction.companies', 'Interaction.contacts', 'Adviser.email', 'InvestmentProject.investorCompany'];

/**
 * A query with defaults: every entity, no filters, relevance order, the first 20, for a caller who may read
 * every guarded field but contacts' personal data.
 */
export function q(term: string, over: Partial<SearchQuery> & { only?: SearchEntity[]; filters?: DocFilter[] } = {}): SearchQuery {
  const { only, filters, ...rest } = over;
  return {
    term,
    entities: (only ?? ALL).map((entity) => ({ entity, filters: filters ?? [] })),
    sort: [],
    offset: 0,
    limit: 20,
    readable: NOT_PERSONAL,
    ...rest,
  };
}

export type BackendFactory = () => Promise<{ backend: SearchBackend; cleanup: () => Promise<void> }>;

export function describeSearchBackendContract(name: string, make: BackendFactory): void {
  describe(`search backend contract: ${name}`, () => {
    let backend: SearchBackend;
    let cleanup: () => Promise<void>;
    const ids = async (query: SearchQuery) => (await backend.search(query)).hits.map((h) => h.id);

    beforeAll(async () => {
      ({ backend, cleanup } = await make());
      await backend.migrate();
      await backend.migrate(); // idempotent
      await backend.write(CONTRACT_DOCUMENTS, []);
      await backend.refresh();
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });

    describe('relevance', () => {
      it(`finds the expected company first for at least 90 % of ${LABELLED_QUERIES.length} labelled queries`, async () => {
        const misses: string[] = [];
        for (const [term, expected] of LABELLED_QUERIES) {
          const [first] = await ids(q(term, { only: ['company'] }));
          if (first !== expected) misses.push(`${term} → ${first ?? 'nothing'}`);
        }
        const top1 = (LABELLED_QUERIES.length - misses.length) / LABELLED_QUERIES.length;
        expect(top1, `top-1 ${Math.round(top1 * 100)} %, misses: ${misses.join('; ')}`).toBeGreaterThanOrEqual(0.9);
      });

      it(`finds the expected investment project first for every one of ${LABELLED_PROJECT_QUERIES.length} labelled queries: its code, its digits, its name`, async () => {
        const misses: string[] = [];
        for (const [term, expected] of LABELLED_PROJECT_QUERIES) {
          const [first] = await ids(q(term, { only: ['investmentproject'] }));
          if (first !== expected) misses.push(`${term} → ${first ?? 'nothing'}`);
        }
        expect(misses).toEqual([]);
        // The digits are an identifier, matched whole: 123 is not 1234's, nor 12345's.
        expect(await ids(q('123', { only: ['investmentproject'] }))).toEqual([uid(401)]);
        const [hit] = (await backend.search(q('123'))).hits;
        expect(hit).toMatchObject({ entity: 'investmentproject', id: uid(401) });
        expect(hit.score).toBeGreaterThanOrEqual(100);
      });

      it('an exact name ranks above names that contain it', async () => {
        expect((await ids(q('Acme Widgets Ltd', { only: ['company'] })))[0]).toBe(uid(1));
        expect((await ids(q('acme widgets holdings plc', { only: ['company'] })))[0]).toBe(uid(2));
        const both = await ids(q('Acme Widgets', { only: ['company'] }));
        expect(both.slice(0, 2).sort()).toEqual([uid(1), uid(2)]);
      });

      it('two typos in a name still find it', async () => {
        expect((await ids(q('Acne Widgetz', { only: ['company'] })))[0]).toMatch(/^00000000-0000-4000-8000-00000000000[12]$/);
        expect(await ids(q('Brightwatter Pharmacueticals', { only: ['company'] }))).toContain(uid(8));
      });

      it('a postcode is found with or without its space, and a company number exactly', async () => {
        for (const term of ['SW1A 1AA', 'sw1a1aa', 'SW1A1AA']) expect((await ids(q(term)))[0], term).toBe(uid(1));
        expect((await ids(q('01234567')))[0]).toBe(uid(1));
        expect(await ids(q('0123456', { only: ['company'] }))).not.toContain(uid(2));
      });

      it('scores are higher for better hits', async () => {
        const { hits } = await backend.search(q('Acme Widgets Ltd', { only: ['company'] }));
        expect(hits.length).toBeGreaterThan(1);
        expect(hits[0].score).toBeGreaterThan(hits[hits.length - 1].score);
        for (const h of hits) expect(h.entity).toBe('company');
      });
    });

    describe('entities and aggregations', () => {
      it('searches across entities, with a count per requested entity over the whole result', async () => {
        const result = await backend.search(q('acme'));
        const byEntity = Object.fromEntries(result.aggregations.map((a) => [a.entity, a.count]));
        expect(byEntity).toEqual({ company: 2, contact: 1, interaction: 1, adviser: 0, investmentproject: 1, task: 0 });
        expect(result.total).toBe(5);
        expect(new Set(result.hits.map((h) => h.entity))).toEqual(new Set(['company', 'contact', 'interaction', 'investmentproject']));
      });

      it('only the requested entities are searched and counted', async () => {
        const result = await backend.search(q('acme', { only: ['contact'] }));
        expect(result.hits.map((h) => h.id)).toEqual([uid(101)]);
        expect(result.aggregations).toEqual([{ entity: 'contact', count: 1 }]);
      });

      it('a countOnly entity is counted in the aggregations, but its hits are neither listed nor in the total', async () => {
        const result = await backend.search({
          ...q('acme'),
          entities: [
            { entity: 'company', filters: [], countOnly: true },
            { entity: 'contact', filters: [] },
            { entity: 'interaction', filters: [], countOnly: true },
          ],
        });
        expect(result.hits.map((h) => h.id)).toEqual([uid(101)]);
        expect(result.total).toBe(1);
        expect(Object.fromEntries(result.aggregations.map((a) => [a.entity, a.count]))).toEqual({ company: 2, contact: 1, interaction: 1 });
        const none = await backend.search({ ...q('acme'), entities: [{ entity: 'company', filters: [], countOnly: true }] });
        expect(none).toMatchObject({ total: 0, hits: [], aggregations: [{ entity: 'company', count: 2 }] });
      });

      it('each entity keeps its own filters', async () => {
        const result = await backend.search({
          ...q('acme'),
          entities: [
            { entity: 'company', filters: [{ field: 'numberOfEmployees', op: 'gte', value: 1000 }] },
            { entity: 'contact', filters: [] },
          ],
        });
        expect(result.hits.map((h) => h.id).sort()).toEqual([uid(2), uid(101)]);
      });
    });

    describe('guarded text', () => {
      const everything = [...PERSONAL, ...NOT_PERSONAL];

      it("a contact's email matches only when the caller may see personal data", async () => {
        expect(await ids(q('ada.lovelace@acme.example'))).not.toContain(uid(101));
        expect(await ids(q('grace@marine.example'))).toEqual([]);
        expect((await ids(q('ada.lovelace@acme.example', { readable: everything })))[0]).toBe(uid(101));
        // Exactly, as an identifier is: above 100, like a company number.
        const [hit] = (await backend.search(q('grace@marine.example', { readable: PERSONAL }))).hits;
        expect(hit).toMatchObject({ id: uid(102) });
        expect(hit.score).toBeGreaterThanOrEqual(100);
      });

      it("a contact's name finds an interaction only for a caller who may read the interaction's contacts", async () => {
        const interactions = (readable: string[]) => ids(q('Ada Lovelace', { only: ['interaction'], readable }));
        expect(await interactions([])).toEqual([]);
        expect(await interactions(['Interaction.company', 'Interaction.companies', 'Contact.company'])).toEqual([]);
        expect(await interactions(['Interaction.contacts'])).toEqual([uid(201)]);
        // Across entities: the contact by its own name, the interaction only with the field.
        expect(await ids(q('lovelace', { readable: ['Interaction.company'] }))).toEqual([uid(101)]);
        expect((await ids(q('lovelace', { readable: ['Interaction.contacts'] }))).sort()).toEqual([uid(101), uid(201)]);
      });

      it("a company's name finds a contact only for a caller who may read the contact's company", async () => {
        const contacts = (readable: string[]) => ids(q('Marine Exports', { only: ['contact'], readable }));
        expect(await contacts([])).toEqual([]);
        expect(await contacts(['Interaction.company', 'Interaction.companies', ...PERSONAL])).toEqual([]);
        expect(await contacts(['Contact.company'])).toEqual([uid(102)]);
        // Each guarded field on its own: the interaction's other company needs Interaction.companies.
        expect(await ids(q('Marine Exports', { only: ['interaction'], readable: ['Interaction.company'] }))).toEqual([]);
        expect(await ids(q('Marine Exports', { only: ['interaction'], readable: ['Interaction.companies'] }))).toEqual([uid(201)]);
      });

      it('with the fields readable, a word may come from guarded text and another from a name', async () => {
        expect(await ids(q('grace marine', { only: ['contact'], readable: ['Contact.company'] }))).toEqual([uid(102)]);
        expect(await ids(q('grace marine', { only: ['contact'], readable: [] }))).toEqual([]);
      });

      it("guarded text ranks as text: a company's exact name gives its contact no identifier boost", async () => {
        const { hits } = await backend.search(q('Acme Widgets Ltd', { only: ['company', 'contact'], readable: everything }));
        expect(hits[0].id).toBe(uid(1));
        const contact = hits.find((h) => h.id === uid(101));
        expect(contact, 'the contact is found by its company').toBeDefined();
        expect(contact!.score).toBeLessThan(100);
      });

      it("an investor company's name finds its projects only for a caller who may read the project's investor company", async () => {
        const projects = (readable: string[]) => ids(q('Acme Widgets', { only: ['investmentproject'], readable }));
        expect(await projects([])).toEqual([]);
        expect(await projects(['Interaction.company', 'Contact.company'])).toEqual([]);
        expect(await projects(['InvestmentProject.investorCompany'])).toEqual([uid(401)]);
      });

      it("an adviser's email matches only for a caller who may read it", async () => {
        expect(await ids(q('alan.turing@trade.example', { readable: [] }))).toEqual([]);
        expect(await ids(q('alan.turing@trade.example', { readable: ['Adviser.contactEmail'] }))).toEqual([]);
        expect(await ids(q('alan.turing@trade.example', { readable: ['Adviser.email'] }))).toEqual([uid(301)]);
      });
    });

    describe('filters', () => {
      const companies = (filters: DocFilter[], extra: Partial<SearchQuery> = {}) => ids(q('', { only: ['company'], filters, limit: 100, ...extra }));

      it('eq on a value and on a list field, in on either', async () => {
        expect((await companies([{ field: 'archived', op: 'eq', value: true }]))).toEqual([uid(30)]);
        expect((await companies([{ field: 'archived', op: 'eq', value: false }])).length).toBe(29);
        const energy = await companies([{ field: 'sectorIds', op: 'eq', value: SECTOR_ENERGY }]);
        expect(energy.sort()).toEqual([uid(4), uid(18)]);
        const either = await companies([{ field: 'sectorIds', op: 'in', value: [SECTOR_ENERGY, SECTOR_AERO] }]);
        expect(either.sort()).toEqual([uid(1), uid(2), uid(4), uid(5), uid(10), uid(18)]);
        // A parent sector in the list matches its sub-sectors' companies (the document lists both).
        expect((await companies([{ field: 'sectorIds', op: 'eq', value: SECTOR_PARENT }])).length).toBe(15);
        const town = await companies([{ field: 'town', op: 'in', value: ['Aberdeen'] }]);
        expect(town.sort()).toEqual([uid(4), uid(26)]);
      });

      it('ranges on dates and numbers, and exists', async () => {
        const since = await companies([{ field: 'latestInteractionDate', op: 'gte', value: '2026-01-01' }]);
        expect(since).toEqual([uid(1)]);
        const between = await companies([
          { field: 'latestInteractionDate', op: 'gte', value: '2025-01-01' },
          { field: 'latestInteractionDate', op: 'lte', value: '2025-12-31' },
        ]);
        expect(between).toEqual([uid(2)]);
        const big = await companies([{ field: 'numberOfEmployees', op: 'gte', value: 100 }]);
        expect(big.sort()).toEqual([uid(1), uid(2)]);
        // 80 < 100 numerically (a text comparison would say "80" > "100").
        const small = await companies([{ field: 'numberOfEmployees', op: 'lte', value: 100 }]);
        expect(small.sort()).toEqual([uid(3), uid(4)]);
        expect((await companies([{ field: 'latestInteractionDate', op: 'exists', value: true }])).sort()).toEqual([uid(1), uid(2)]);
        expect((await companies([{ field: 'latestInteractionDate', op: 'exists', value: false }])).length).toBe(28);
        expect((await companies([{ field: 'sectorIds', op: 'exists', value: false }])).length).toBe(30 - 15);
      });

      it("a row rule's team condition: eq on a list of teams, and an empty in (no team) that matches nothing", async () => {
        const projects = (filters: DocFilter[]) => ids(q('', { only: ['investmentproject'], filters }));
        expect((await projects([{ field: 'associatedTeamId', op: 'eq', value: TEAM_SOUTH }])).sort()).toEqual([uid(401), uid(403)]);
        expect(await projects([{ field: 'associatedTeamId', op: 'eq', value: TEAM_NORTH }])).toEqual([uid(401)]);
        expect(await projects([{ field: 'associatedTeamId', op: 'in', value: [] }])).toEqual([]);
        // Each entity under its own rule: the companies are all listed and counted, the projects none.
        const result = await backend.search({
          ...q('', { limit: 100 }),
          entities: [
            { entity: 'company', filters: [] },
            { entity: 'investmentproject', filters: [{ field: 'associatedTeamId', op: 'in', value: [] }] },
          ],
        });
        expect(result.total).toBe(30);
        expect(result.aggregations).toEqual([
          { entity: 'company', count: 30 },
          { entity: 'investmentproject', count: 0 },
        ]);
      });

      it("a row rule's adviser condition: the tasks an adviser created or is assigned to, and none for no adviser", async () => {
        const tasks = (filters: DocFilter[], term = '') => ids(q(term, { only: ['task'], filters }));
        expect(await tasks([{ field: 'visibleToAdviserId', op: 'eq', value: ADVISER_ANA }])).toEqual([uid(501)]);
        expect((await tasks([{ field: 'visibleToAdviserId', op: 'eq', value: ADVISER_BEN }])).sort()).toEqual([uid(501), uid(502)]);
        expect(await tasks([{ field: 'visibleToAdviserId', op: 'in', value: [] }])).toEqual([]);
        // By title and by description, under the rule.
        expect(await tasks([{ field: 'visibleToAdviserId', op: 'eq', value: ADVISER_BEN }], 'market report')).toEqual([uid(502)]);
        expect(await tasks([{ field: 'visibleToAdviserId', op: 'eq', value: ADVISER_ANA }], 'market report')).toEqual([]);
        expect(await tasks([], 'delegation hotel')).toEqual([uid(501)]);
      });

      it('filters combine with a term', async () => {
        expect(await ids(q('acme', { only: ['company'], filters: [{ field: 'numberOfEmployees', op: 'lte', value: 300 }] }))).toEqual([uid(1)]);
      });
    });

    describe('sorting and paging', () => {
      it('sorts on a field either way, and pages through the same order with a total', async () => {
        const all = q('', { only: ['company'], sort: [{ field: 'modifiedOn', direction: 'DESC' }], limit: 100 });
        const everything = await backend.search(all);
        expect(everything.total).toBe(30);
        expect(everything.hits.map((h) => h.id)).toEqual(Array.from({ length: 30 }, (_, i) => uid(30 - i)));
        const asc = await ids({ ...all, sort: [{ field: 'modifiedOn', direction: 'ASC' }], limit: 3 });
        expect(asc).toEqual([uid(1), uid(2), uid(3)]);
        const pages: string[] = [];
        for (let offset = 0; offset < 30; offset += 7) {
          const page = await backend.search({ ...all, offset, limit: 7 });
          expect(page.total).toBe(30);
          pages.push(...page.hits.map((h) => h.id));
        }
        expect(pages).toEqual(everything.hits.map((h) => h.id));
      });

      it('relevance order is stable from one call to the next', async () => {
        const first = await ids(q('ltd', { limit: 50 }));
        expect(first.length).toBeGreaterThan(3);
        expect(await ids(q('ltd', { limit: 50 }))).toEqual(first);
      });

      it('a page past the end is empty, with the total', async () => {
        const result = await backend.search(q('', { only: ['company'], offset: 40, limit: 10 }));
        expect(result).toMatchObject({ total: 30, hits: [] });
      });
    });

    describe('counts per value (an entity search summary)', () => {
      const projects = (over: Partial<SearchQuery> & { filters?: DocFilter[] } = {}) => backend.search(q('', { only: ['investmentproject'], countValuesOf: 'stageId', ...over }));

      it("counts the listed hits per value of the field, most first, over the whole result whatever the page", async () => {
        const all = await projects({ limit: 1 });
        expect(all.hits.length).toBe(1);
        expect(all.valueCounts).toEqual([
          { value: STAGE_ACTIVE, count: 2 },
          { value: STAGE_PROSPECT, count: 1 },
        ]);
        // Under the filters (a row rule's too) and the term.
        expect((await projects({ filters: [{ field: 'associatedTeamId', op: 'eq', value: TEAM_SOUTH }] })).valueCounts).toEqual([{ value: STAGE_ACTIVE, count: 2 }]);
        expect((await backend.search(q('Offshore Wind', { only: ['investmentproject'], countValuesOf: 'stageId' }))).valueCounts).toEqual([{ value: STAGE_PROSPECT, count: 1 }]);
        expect((await projects({ filters: [{ field: 'associatedTeamId', op: 'in', value: [] }] })).valueCounts).toEqual([]);
        // Nothing asked, nothing counted.
        expect((await backend.search(q('', { only: ['investmentproject'] }))).valueCounts).toBeUndefined();
      });

      it('a list field counts each of its values; countOnly entities are not counted', async () => {
        expect((await projects({ countValuesOf: 'associatedTeamId' })).valueCounts).toEqual([
          { value: TEAM_SOUTH, count: 2 },
          { value: TEAM_NORTH, count: 1 },
        ]);
        const mixed = await backend.search({
          ...q('', { countValuesOf: 'archived' }),
          entities: [
            { entity: 'investmentproject', filters: [] },
            { entity: 'company', filters: [], countOnly: true },
          ],
        });
        expect(mixed.valueCounts).toEqual([{ value: 'false', count: 3 }]);
      });
    });

    describe('writes', () => {
      it('replacing a document changes what matches, writing twice changes nothing, deleting removes it', async () => {
        const doc = companyDoc(90, { name: 'Temporary Trading Ltd', town: 'Derby' });
        await backend.write([doc], []);
        await backend.write([doc], []);
        await backend.refresh();
        expect(await ids(q('Temporary Trading'))).toEqual([uid(90)]);
        await backend.write([{ ...doc, names: ['Permanent Holdings Ltd'] }], []);
        await backend.refresh();
        expect(await ids(q('Temporary Trading'))).toEqual([]);
        expect((await ids(q('Permanent Holdings')))[0]).toBe(uid(90));
        await backend.write([], [{ entity: 'company', id: uid(90) }]);
        await backend.refresh();
        expect(await ids(q('Permanent Holdings'))).toEqual([]);
        expect((await backend.search(q('', { only: ['company'] }))).total).toBe(30);
      });

      it('status counts the documents per entity', async () => {
        const status = await backend.status();
        expect(status).toMatchObject({ backend: backend.name, healthy: true, documents: { company: 30, contact: 2, interaction: 1, adviser: 1, investmentproject: 3, task: 2 } });
      });
    });

    describe('odd input never breaks the backend', () => {
      it('query syntax characters are plain text', async () => {
        for (const term of ['"', '*', '~', '(', ')', ':', '\\', '/', 'acme" OR 1=1 --', 'acme*', '(acme', 'name:acme', 'a/b\\c', '&|!<>', "O'Brien"]) {
          const result = await backend.search(q(term));
          expect(Array.isArray(result.hits), term).toBe(true);
        }
        expect((await ids(q('acme*', { only: ['company'] })))[0]).toMatch(/^00000000-0000-4000-8000-00000000000[12]$/);
      });

      it('a long term (200 characters) is answered', async () => {
        const result = await backend.search(q('acme '.repeat(40)));
        expect(result.total).toBeGreaterThanOrEqual(0);
      });
    });

    describe('autocomplete', () => {
      it('prefixes of a name, best first, within the filters and the limit', async () => {
        const hits = await backend.autocomplete({ entity: 'company', prefix: 'acm', filters: [], limit: 5 });
        expect(hits.slice(0, 2).map((h) => h.id).sort()).toEqual([uid(1), uid(2)]);
        expect((await backend.autocomplete({ entity: 'company', prefix: 'Kest', filters: [], limit: 5 }))[0].id).toBe(uid(13));
        // Any word of the name, and trading names.
        expect((await backend.autocomplete({ entity: 'company', prefix: 'robot', filters: [], limit: 5 }))[0].id).toBe(uid(5));
        expect((await backend.autocomplete({ entity: 'company', prefix: 'blue f', filters: [], limit: 5 }))[0]?.id).toBe(uid(3));
        const limited = await backend.autocomplete({ entity: 'company', prefix: 'a', filters: [], limit: 2 });
        expect(limited.length).toBeLessThanOrEqual(2);
        const live = await backend.autocomplete({ entity: 'company', prefix: 'westm', filters: [{ field: 'archived', op: 'eq', value: false }], limit: 5 });
        expect(live).toEqual([]);
        expect((await backend.autocomplete({ entity: 'adviser', prefix: 'tur', filters: [], limit: 5 }))[0].id).toBe(uid(301));
      });
    });
  });
}
