import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Adviser } from './adviser.entity.js';
import { ApiClient } from './api-client.entity.js';

/**
 * A credential of an adviser or of a partner client (exactly one; a check constraint says so).
 * Bearer tokens: only the SHA-256 of the token is stored, and the token is shown once. Hawk credentials:
 * `tokenHash` is the SHA-256 of the Hawk id, and `hawkKey` is the shared key itself, which the server needs
 * in clear to recompute each request's MAC (Hawk is symmetric; Data Hub keeps its keys in settings).
 */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'id' | 'createdOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Index()
  @ManyToOne(() => Adviser, { nullable: true })
  adviser?: Adviser | null;

  @Index()
  @ManyToOne(() => ApiClient, { nullable: true, deleteRule: 'cascade' })
  client?: ApiClient | null;

  /** The token's first characters, to tell tokens apart in listings without revealing them. */
  @Property({ type: 'text', nullable: true })
  hint?: string | null;

  @Property({ type: 'text', nullable: true })
  hawkKey?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresOn!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedOn?: Date | null;
}
