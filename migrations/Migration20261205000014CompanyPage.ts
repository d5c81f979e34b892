import { Migration } from '@mikro-orm/migrations';

/**
 * What the company and contact pages show besides the records' own fields (issue 13, item 7):
 * - a company's merge: Data Hub's `transferred_to` (the company its data went to), `transfer_reason`
 *   (`duplicate`), `transferred_on` and `transferred_by`;
 * - the One List core team (Data Hub's `OneListCoreTeamMember`: one row per company and adviser), and an index
 *   for the companies an adviser manages (`one_list_account_owner_id`);
 * - a contact's consent, as the consent service reports it (`consent_data` JSON, `consent_data_last_modified`).
 */
export class Migration20261205000014CompanyPage extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "company"
         add column "transferred_to_id" uuid null references "company" ("id") on delete set null,
         add column "transfer_reason" text null,
         add column "transferred_on" timestamptz null,
         add column "transferred_by_id" uuid null references "adviser" ("id") on delete set null,
         add constraint "company_transfer_reason_check" check ("transfer_reason" in ('duplicate'))`,
    );
    this.addSql('create index "company_transferred_to_id_index" on "company" ("transferred_to_id")');
    this.addSql('create index "company_one_list_account_owner_id_index" on "company" ("one_list_account_owner_id")');
    this.addSql(
      `create table "company_one_list_core_team_member" (
         "id" uuid not null primary key,
         "company_id" uuid not null references "company" ("id") on delete cascade,
         "adviser_id" uuid not null references "adviser" ("id") on delete cascade,
         constraint "company_one_list_core_team_member_company_adviser_unique" unique ("company_id", "adviser_id"))`,
    );
    this.addSql('create index "company_one_list_core_team_member_adviser_id_index" on "company_one_list_core_team_member" ("adviser_id")');
    this.addSql('alter table "contact" add column "consent_data" jsonb null, add column "consent_data_last_modified" timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "contact" drop column "consent_data", drop column "consent_data_last_modified"');
    this.addSql('drop table "company_one_list_core_team_member"');
    this.addSql('drop index "company_one_list_account_owner_id_index"');
    this.addSql('drop index "company_transferred_to_id_index"');
    this.addSql(
      `alter table "company" drop constraint "company_transfer_reason_check", drop column "transferred_to_id", drop column "transfer_reason",
         drop column "transferred_on", drop column "transferred_by_id"`,
    );
  }
}
