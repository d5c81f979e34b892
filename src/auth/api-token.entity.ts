import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Adviser } from '../modules/adviser/adviser.entity.js';

/** A bearer token of an adviser. Only the SHA-256 of the token is stored; the token is shown once. */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'id' | 'createdOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Index()
  @ManyToOne(() => Adviser)
  adviser!: Adviser;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresOn!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedOn?: Date | null;
}
