import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';

/**
 * The user model: a member of staff. `email` is the username, unique without regard to case. The identity
 * every record's created/modified/archived by, every token and every permission check refers to, so it is
 * the access model's, not a module's: the adviser module serves advisers and their teams in GraphQL.
 */
@Entity({ tableName: 'adviser' })
@Unique({ name: 'adviser_email_lower_unique', expression: 'create unique index "adviser_email_lower_unique" on "adviser" (lower("email"))' })
export class Adviser {
  [OptionalProps]?: 'id' | 'isActive' | 'isSuperuser' | 'groups' | 'permissions' | 'createdOn' | 'modifiedOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'text', nullable: true })
  contactEmail?: string | null;

  @Property({ type: 'text', nullable: true })
  telephoneNumber?: string | null;

  /** Their team (metadata_team; the foreign key is the migration's), by id: the adviser module's Team entity is not the access model's. */
  @Index()
  @Property({ type: 'uuid', fieldName: 'dit_team_id', nullable: true })
  ditTeamId?: string | null;

  @Property({ type: 'boolean', default: true })
  isActive: boolean = true;

  @Property({ type: 'boolean', default: false })
  isSuperuser: boolean = false;

  /** Permission groups of their own, on top of their team role's (names from src/auth/permissions.ts). */
  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  groups: string[] = [];

  /** Permissions of their own, on top of their groups' (rarely needed: groups are the way to grant). */
  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  permissions: string[] = [];

  @Property({ type: 'text', nullable: true, unique: true })
  ssoEmailUserId?: string | null;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  modifiedOn: Date = new Date();
}
