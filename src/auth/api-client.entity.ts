import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Adviser } from './adviser.entity.js';

export type AuthScheme = 'bearer' | 'hawk';

/**
 * A partner service let into the API: what it may see (scopes), where from (an optional IP allowlist), and
 * how it proves who it is (bearer tokens, or Hawk credentials that sign each request). Its tokens are
 * `ApiToken` rows with `client` set.
 */
@Entity({ tableName: 'api_client' })
export class ApiClient {
  [OptionalProps]?: 'id' | 'createdOn' | 'scopes' | 'ipAllowlist' | 'authScheme';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  name!: string;

  @Property({ type: 'text[]' })
  scopes: string[] = [];

  /** CIDRs or addresses; empty means any address. */
  @Property({ type: 'text[]' })
  ipAllowlist: string[] = [];

  @Property({ type: 'text' })
  authScheme: AuthScheme = 'bearer';

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @ManyToOne(() => Adviser, { nullable: true, deleteRule: 'set null' })
  createdBy?: Adviser | null;
}
