import { Migration } from '@mikro-orm/migrations';

const adviser = (column: string) => `"${column}" uuid null references "adviser" ("id") on delete set null`;
const company = (column: string) => `"${column}" uuid null references "company" ("id")`;

/** A link table from a project to reference rows: (project, target), both keys, the target indexed. */
const LINKS: Array<[table: string, column: string, target: string]> = [
  ['investment_project_business_activity', 'investment_business_activity_id', 'metadata_investment_business_activity'],
  ['investment_project_strategic_driver', 'investment_strategic_driver_id', 'metadata_investment_strategic_driver'],
  ['investment_project_uk_region_location', 'uk_region_id', 'metadata_uk_region'],
  ['investment_project_actual_uk_region', 'uk_region_id', 'metadata_uk_region'],
  ['investment_project_delivery_partner', 'investment_delivery_partner_id', 'metadata_investment_delivery_partner'],
  ['investment_project_specific_programme', 'specific_programme_id', 'metadata_specific_programme'],
  ['investment_project_competitor_country', 'country_id', 'metadata_country'],
  ['investment_project_client_contact', 'contact_id', 'contact'],
];

/**
 * Investment projects (Data Hub's `investment.InvestmentProject`): the project with its core, parties, value,
 * requirements and team fields; its link tables; its team members `{adviser, role}` and its stage log; the
 * sequence its `DHP-` codes come from (never reused: a sequence does not give a number back); the view of the
 * teams a project is associated with (its creator's, client relationship manager's, PM's, PAA's and team
 * members' teams), which the "associated projects" row rule tests; and `interaction.investment_project_id`.
 */
export class Migration20261205000017InvestmentProjects extends Migration {
  override async up(): Promise<void> {
    this.addSql('create sequence "investment_project_code_seq"');
    this.addSql(
      `create table "investment_project" (
         "id" uuid not null primary key,
         "created_on" timestamptz not null,
         ${adviser('created_by_id')},
         "modified_on" timestamptz not null,
         ${adviser('modified_by_id')},
         "archived" boolean not null default false,
         "archived_on" timestamptz null,
         ${adviser('archived_by_id')},
         "archived_reason" text null,
         "code_number" bigint not null default nextval('investment_project_code_seq'),
         "name" text not null,
         "description" text not null,
         "investment_type_id" uuid not null references "metadata_investment_type" ("id"),
         "fdi_type_id" uuid null references "metadata_fdi_type" ("id"),
         "stage_id" uuid not null references "metadata_investment_project_stage" ("id"),
         "status" text not null default 'ongoing' check ("status" in ('ongoing', 'delayed', 'dormant', 'lost', 'abandoned', 'won')),
         "reason_delayed" text null,
         "reason_abandoned" text null,
         "date_abandoned" date null,
         "reason_lost" text null,
         "date_lost" date null,
         "country_lost_to_id" uuid null references "metadata_country" ("id"),
         "estimated_land_date" date not null,
         "actual_land_date" date null,
         "likelihood_to_land_id" uuid null references "metadata_likelihood_to_land" ("id"),
         "priority" text null check ("priority" in ('1_low', '2_medium', '3_high')),
         ${company('investor_company_id')},
         ${company('intermediate_company_id')},
         ${company('uk_company_id')},
         "country_investment_originates_from_id" uuid null references "metadata_country" ("id"),
         ${adviser('client_relationship_manager_id')},
         ${adviser('referral_source_adviser_id')},
         "referral_source_activity_id" uuid null references "metadata_referral_source_activity" ("id"),
         "referral_source_activity_event" text null,
         "referral_source_activity_marketing_id" uuid null references "metadata_referral_source_marketing" ("id"),
         "referral_source_activity_website_id" uuid null references "metadata_referral_source_website" ("id"),
         "sector_id" uuid null references "metadata_sector" ("id"),
         "other_business_activity" text null,
         "client_cannot_provide_total_investment" boolean null,
         "total_investment" numeric(19,0) null,
         "client_cannot_provide_foreign_investment" boolean null,
         "foreign_equity_investment" numeric(19,0) null,
         "government_assistance" boolean null,
         "number_new_jobs" integer null,
         "average_salary_id" uuid null references "metadata_salary_range" ("id"),
         "number_safeguarded_jobs" integer null,
         "r_and_d_budget" boolean null,
         "non_fdi_r_and_d_budget" boolean null,
         "new_tech_to_uk" boolean null,
         "export_revenue" boolean null,
         "fdi_value_id" uuid null references "metadata_fdi_value" ("id"),
         "gva_multiplier_id" uuid null references "metadata_gva_multiplier" ("id"),
         "gross_value_added" numeric(19,0) null,
         "client_requirements" text null,
         "client_considering_other_countries" boolean null,
         "site_address_is_company_address" boolean null,
         "address_1" text null,
         "address_2" text null,
         "address_town" text null,
         "address_postcode" text null,
         ${adviser('project_manager_id')},
         "project_manager_first_assigned_on" timestamptz null,
         ${adviser('project_manager_first_assigned_by_id')},
         ${adviser('project_assurance_adviser_id')},
         "project_manager_request_status_id" uuid null references "metadata_project_manager_request_status" ("id"),
         "investor_type_id" uuid null references "metadata_investor_type" ("id"),
         "level_of_involvement_id" uuid null references "metadata_involvement" ("id"),
         constraint "investment_project_code_number_unique" unique ("code_number"))`,
    );
    for (const column of ['investor_company_id', 'intermediate_company_id', 'uk_company_id', 'stage_id', 'created_by_id', 'client_relationship_manager_id', 'project_manager_id', 'project_assurance_adviser_id']) {
      this.addSql(`create index "investment_project_${column.replace(/_id$/, '')}_index" on "investment_project" ("${column}")`);
    }
    this.addSql('create index "investment_project_estimated_land_date_index" on "investment_project" ("estimated_land_date", "id")');
    for (const [table, column, target] of LINKS) {
      this.addSql(
        `create table "${table}" (
           "investment_project_id" uuid not null references "investment_project" ("id") on delete cascade,
           "${column}" uuid not null references "${target}" ("id"),
           primary key ("investment_project_id", "${column}"))`,
      );
      this.addSql(`create index "${table}_${column}_index" on "${table}" ("${column}")`);
    }
    this.addSql(
      `create table "investment_project_team_member" (
         "id" uuid not null primary key,
         "investment_project_id" uuid not null references "investment_project" ("id") on delete cascade,
         "adviser_id" uuid not null references "adviser" ("id"),
         "role" text not null,
         constraint "investment_project_team_member_project_adviser_unique" unique ("investment_project_id", "adviser_id"))`,
    );
    this.addSql('create index "investment_project_team_member_adviser_id_index" on "investment_project_team_member" ("adviser_id")');
    this.addSql(
      `create table "investment_project_stage_log" (
         "id" uuid not null primary key,
         "investment_project_id" uuid not null references "investment_project" ("id") on delete cascade,
         "stage_id" uuid not null references "metadata_investment_project_stage" ("id"),
         ${adviser('adviser_id')},
         "created_on" timestamptz not null)`,
    );
    this.addSql('create index "investment_project_stage_log_project_index" on "investment_project_stage_log" ("investment_project_id", "created_on")');
    // The teams a project is associated with, one row per (project, team): what "associated" means in Data Hub.
    this.addSql(
      `create view "investment_project_associated_team" as
         select p.id as investment_project_id, a.dit_team_id as team_id
           from investment_project p
           join adviser a on a.id in (p.created_by_id, p.client_relationship_manager_id, p.project_manager_id, p.project_assurance_adviser_id)
          where a.dit_team_id is not null
         union
         select m.investment_project_id, a.dit_team_id
           from investment_project_team_member m join adviser a on a.id = m.adviser_id
          where a.dit_team_id is not null`,
    );
    this.addSql('alter table "interaction" add column "investment_project_id" uuid null references "investment_project" ("id")');
    this.addSql('create index "interaction_investment_project_id_index" on "interaction" ("investment_project_id")');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "interaction" drop column if exists "investment_project_id"');
    this.addSql('drop view if exists "investment_project_associated_team"');
    this.addSql('drop table if exists "investment_project_stage_log"');
    this.addSql('drop table if exists "investment_project_team_member"');
    for (const [table] of [...LINKS].reverse()) this.addSql(`drop table if exists "${table}"`);
    this.addSql('drop table if exists "investment_project"');
    this.addSql('drop sequence if exists "investment_project_code_seq"');
  }
}
