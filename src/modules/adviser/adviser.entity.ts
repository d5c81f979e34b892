import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Team } from './team.entity.js';

/** The user model: a member of staff. `email` is the username, unique without regard to case. */
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

  @Index()
  @ManyToOne(() => Team, { nullable: true })
  ditTeam?: Team | null;

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
