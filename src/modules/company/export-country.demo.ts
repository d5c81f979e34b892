import type { EntityManager } from '@mikro-orm/core';
import type { AdviserRef } from '../adviser/index.js';
import type { CompanyRef } from './company.demo.js';
import { generateAndWrite, iso, writeRows, type DemoContext, type Row, type TableSpec } from '../../../seeds/demo/context.js';

const EXPORT_COUNTRY: TableSpec = { table: 'company_export_country', columns: ['id', 'company_id', 'country_id', 'status', 'created_on', 'modified_on'] };
const HISTORY: TableSpec = {
  table: 'company_export_country_history',
  columns: ['id', 'company_id', 'country_id', 'status', 'history_type', 'history_date', 'history_user_id'],
};

/** Mostly markets they trade with, some they hope to, a few they have ruled out. */
const STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['currently_exporting', 0.5],
  ['future_interest', 0.85],
  ['not_interested', 1],
];
const CHUNK = 5_000;

/**
 * About a quarter of the companies have export countries (one to four, never their own country), each
 * added once by an adviser at a time after the company was created, with the matching history row.
 */
export async function seedExportCountries(em: EntityManager, ctx: DemoContext, companies: readonly CompanyRef[], advisers: readonly AdviserRef[]): Promise<number> {
  const { rng, ids, ref } = ctx;
  const countries = [...new Set([...ref.otherCountryIds, ...ref.areasByCountry.keys()])];
  let written = 0;
  await generateAndWrite(
    Math.ceil(companies.length / CHUNK),
    (chunk) => {
      const rows: Row[] = [];
      const history: Row[] = [];
      for (const company of companies.slice(chunk * CHUNK, (chunk + 1) * CHUNK)) {
        if (!rng.chance(0.25)) continue;
        for (const countryId of rng.sample(countries.filter((id) => id !== company.countryId), rng.int(1, 4))) {
          const r = rng.float();
          const status = STATUSES.find(([, upTo]) => r < upTo)![0];
          const on = iso(rng.between(company.createdMs, company.archivedMs ?? ctx.nowMs));
          rows.push({ id: ids.uuid(), company_id: company.id, country_id: countryId, status, created_on: on, modified_on: on });
          history.push({ id: ids.uuid(), company_id: company.id, country_id: countryId, status, history_type: 'insert', history_date: on, history_user_id: rng.pick(advisers).id });
        }
      }
      return { rows, history };
    },
    async ({ rows, history }) => {
      await writeRows(em, EXPORT_COUNTRY, rows);
      await writeRows(em, HISTORY, history);
      written += rows.length;
    },
  );
  return written;
}
