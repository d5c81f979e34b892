import { Migration } from '@mikro-orm/migrations';

const reference = (table: string, extra = '') =>
  `create table "${table}" ("id" uuid not null primary key, "name" text not null, "disabled_on" timestamptz null${extra})`;
const ORDER = `, "order" double precision not null default 0`;

/** The reference tables shaped like the others (Data Hub's UUIDs, a name, `disabled_on`), `order` where ordered. */
const TABLES: Array<[table: string, extra: string]> = [
  ['metadata_investment_type', ''],
  ['metadata_fdi_type', ''],
  ['metadata_fdi_value', ORDER],
  ['metadata_investment_project_stage', `${ORDER}, "exclude_from_investment_flow" boolean not null default false`],
  ['metadata_likelihood_to_land', ORDER],
  ['metadata_investor_type', ''],
  ['metadata_involvement', ''],
  ['metadata_specific_programme', ''],
  ['metadata_investment_delivery_partner', ''],
  ['metadata_investment_strategic_driver', ''],
  ['metadata_investment_business_activity', ''],
  ['metadata_investment_activity_type', ''],
  ['metadata_referral_source_activity', ''],
  ['metadata_referral_source_marketing', ''],
  ['metadata_referral_source_website', ''],
  ['metadata_salary_range', ORDER],
  ['metadata_project_manager_request_status', ''],
  ['metadata_fdi_sic_grouping', ''],
];

/**
 * The reference tables of investment projects (issue 14): investment and FDI types, FDI values, stages,
 * likelihoods to land, investor types, involvements, specific programmes, delivery partners, strategic drivers,
 * business activities, activity types, referral sources, salary ranges, project manager request statuses, FDI
 * SIC groupings, each sector's grouping and the GVA multipliers per financial year. The investment module's
 * manifest makes the reference loader fill them from seeds/reference-data.
 */
export class Migration20261205000016InvestmentReferenceData extends Migration {
  override async up(): Promise<void> {
    for (const [table, extra] of TABLES) this.addSql(reference(table, extra));
    this.addSql(
      `create table "metadata_investment_sector" (
         "id" uuid not null primary key references "metadata_sector" ("id") on delete cascade,
         "fdi_sic_grouping_id" uuid not null references "metadata_fdi_sic_grouping" ("id"))`,
    );
    this.addSql(
      `create table "metadata_gva_multiplier" (
         "id" uuid not null primary key,
         "financial_year" integer not null,
         "multiplier" double precision not null,
         "fdi_sic_grouping_id" uuid null references "metadata_fdi_sic_grouping" ("id"),
         "sector_id" uuid null references "metadata_sector" ("id"),
         "sector_classification_gva_multiplier" text null,
         "sector_classification_value_band" text null,
         "value_band_a_minimum" integer null,
         "value_band_b_minimum" integer null,
         "value_band_c_minimum" integer null,
         "value_band_d_minimum" integer null,
         "value_band_e_minimum" integer null,
         "disabled_on" timestamptz null)`,
    );
    this.addSql('create index "metadata_gva_multiplier_sector_id_index" on "metadata_gva_multiplier" ("sector_id", "financial_year")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "metadata_gva_multiplier"');
    this.addSql('drop table if exists "metadata_investment_sector"');
    for (const [table] of [...TABLES].reverse()) this.addSql(`drop table if exists "${table}"`);
  }
}
