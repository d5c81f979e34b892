import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMetadata } from '../../seeds/metadata.seed.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The investment module's reference tables (issue 14, item 1): every row of Data Hub's files with its UUID,
 * loaded idempotently by the reference loader, disabled rows listed only when asked for, and every list of
 * a request read in one statement.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ debugSql: true });
  // A token's first request looks it up (one statement): warm it so the counts below are the lists' own.
  await app.gql('{ viewer { isSuperuser } }');
});
afterAll(() => app?.close());

type Raw = Record<string, any>;
const file = (name: string): Raw[] => JSON.parse(fs.readFileSync(new URL(`../../seeds/reference-data/${name}.json`, import.meta.url), 'utf8'));

/** Root field → the file its rows come from, the table, and the fields compared. */
const LISTS: Array<[field: string, file: string, table: string, selection: string]> = [
  ['investmentTypes', 'metadata__investmenttype', 'metadata_investment_type', 'id name disabledOn'],
  ['fdiTypes', 'metadata__fditype', 'metadata_fdi_type', 'id name disabledOn'],
  ['fdiValues', 'metadata__fdivalue', 'metadata_fdi_value', 'id name disabledOn order'],
  ['investmentProjectStages', 'metadata__investmentprojectstage', 'metadata_investment_project_stage', 'id name disabledOn order excludeFromInvestmentFlow'],
  ['likelihoodsToLand', 'investment__likelihoodtoland', 'metadata_likelihood_to_land', 'id name disabledOn order'],
  ['investorTypes', 'investment__investortype', 'metadata_investor_type', 'id name disabledOn'],
  ['involvements', 'investment__involvement', 'metadata_involvement', 'id name disabledOn'],
  ['specificProgrammes', 'investment__specificprogramme', 'metadata_specific_programme', 'id name disabledOn'],
  ['investmentDeliveryPartners', 'investment__investmentdeliverypartner', 'metadata_investment_delivery_partner', 'id name disabledOn'],
  ['investmentStrategicDrivers', 'metadata__investmentstrategicdriver', 'metadata_investment_strategic_driver', 'id name disabledOn'],
  ['investmentBusinessActivities', 'metadata__investmentbusinessactivity', 'metadata_investment_business_activity', 'id name disabledOn'],
  ['investmentActivityTypes', 'investment__investmentactivitytype', 'metadata_investment_activity_type', 'id name disabledOn'],
  ['referralSourceActivities', 'metadata__referralsourceactivity', 'metadata_referral_source_activity', 'id name disabledOn'],
  ['referralSourceMarketings', 'metadata__referralsourcemarketing', 'metadata_referral_source_marketing', 'id name disabledOn'],
  ['referralSourceWebsites', 'metadata__referralsourcewebsite', 'metadata_referral_source_website', 'id name disabledOn'],
  ['salaryRanges', 'metadata__salaryrange', 'metadata_salary_range', 'id name disabledOn order'],
  ['projectManagerRequestStatuses', 'investment__projectmanagerrequeststatus', 'metadata_project_manager_request_status', 'id name disabledOn'],
  ['fdiSicGroupings', 'investment__fdisicgrouping', 'metadata_fdi_sic_grouping', 'id name disabledOn'],
  [
    'gvaMultipliers',
    'investment__gvamultiplier',
    'metadata_gva_multiplier',
    'id financialYear multiplier fdiSicGroupingId sectorId sectorClassificationGvaMultiplier sectorClassificationValueBand valueBandAMinimum valueBandEMinimum disabledOn',
  ],
];

async function ok(query: string) {
  const res = await app.gql(query);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body;
}

const all = (includeDisabled: boolean) => `{ ${LISTS.map(([field, , , selection]) => `${field}(includeDisabled: ${includeDisabled}) { ${selection} }`).join('\n')} }`;
const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

describe('investment reference data', () => {
  it('every row of each file is loaded with its UUID, and every list is read in one statement', async () => {
    const body = await ok(all(true));
    expect(body.extensions.sqlStatements).toBe(1);
    for (const [field, name] of LISTS) {
      const rows = file(name);
      const listed = body.data[field] as Raw[];
      expect(listed.map((r) => r.id).sort(), field).toEqual(rows.map((r) => r.id).sort());
      const byId = new Map(listed.map((r) => [r.id, r]));
      for (const row of rows) {
        const got = byId.get(row.id)!;
        if ('name' in row) expect(got.name, field).toBe(row.name);
        expect(iso(got.disabledOn), field).toBe(iso(row.disabled_on));
        if ('order' in row) expect(got.order, field).toBe(row.order);
        if ('multiplier' in row) expect([got.multiplier, got.financialYear, got.sectorId, got.fdiSicGroupingId]).toEqual([row.multiplier, row.financial_year, row.sector ?? null, row.fdi_sic_grouping ?? null]);
        if ('value_band_a_minimum' in row) expect([got.valueBandAMinimum, got.valueBandEMinimum]).toEqual([row.value_band_a_minimum, row.value_band_e_minimum]);
        if ('exclude_from_investment_flow' in row) expect(got.excludeFromInvestmentFlow).toBe(row.exclude_from_investment_flow);
      }
    }
    // Each sector's FDI SIC grouping, a table without a list of its own.
    const sectors = await app.sql<{ id: string; fdi_sic_grouping_id: string }>('select id, fdi_sic_grouping_id from metadata_investment_sector order by id');
    expect(sectors).toEqual(file('investment__investmentsector').map((r) => ({ id: r.id, fdi_sic_grouping_id: r.fdi_sic_grouping })).sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('lists disabled rows only with includeDisabled, still one statement', async () => {
    const body = await ok(all(false));
    expect(body.extensions.sqlStatements).toBe(1);
    let disabled = 0;
    for (const [field, name] of LISTS) {
      const rows = file(name);
      disabled += rows.filter((r) => r.disabled_on).length;
      expect((body.data[field] as Raw[]).map((r) => r.id).sort(), field).toEqual(rows.filter((r) => !r.disabled_on).map((r) => r.id).sort());
    }
    expect(disabled).toBeGreaterThan(0);
  });

  it('lists stages in the order of the stage machine', async () => {
    const { data } = await ok('{ investmentProjectStages { name } }');
    expect(data.investmentProjectStages.map((s: Raw) => s.name)).toEqual(['Prospect', 'Assign PM', 'Active', 'Verify win', 'Won']);
  });

  it('loads idempotently: a second run changes nothing', async () => {
    const tables = LISTS.map(([, , table]) => table).concat('metadata_investment_sector');
    const snapshot = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await app.sql(`select md5(coalesce(string_agg(x::text, ',' order by x.id), '')) as h, count(*)::int as n from "${t}" x`)])));
    const before = await snapshot();
    const first = await seedMetadata(app.orm.em.fork());
    expect(await snapshot()).toEqual(before);
    const second = await seedMetadata(app.orm.em.fork());
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
    for (const [, name, table] of LISTS) expect(first.find((r) => r.table === table)?.rows, table).toBe(file(name).length);
  });
});
