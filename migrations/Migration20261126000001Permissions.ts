import { Migration } from '@mikro-orm/migrations';

/**
 * Advisers' own permission groups and permissions (Data Hub grants the union of a user's own permissions,
 * their groups' and their team role's groups'). The groups themselves are defined in code
 * (src/auth/permissions.ts); a team's role grants its groups through `metadata_team_role.groups`.
 */
export class Migration20261126000001Permissions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "adviser" add column "groups" text[] not null default '{}', add column "permissions" text[] not null default '{}'`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "adviser" drop column "groups", drop column "permissions"');
  }
}
