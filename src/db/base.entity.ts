import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Adviser } from '../auth/adviser.entity.js';

/** Id plus created/modified on and by; the gateway sets the "by" from the caller, never the client. */
@Entity({ abstract: true })
export abstract class TrackedEntity {
  [OptionalProps]?: 'id' | 'createdOn' | 'modifiedOn' | 'archived';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @ManyToOne(() => Adviser, { nullable: true })
  createdBy?: Adviser | null;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  modifiedOn: Date = new Date();

  @ManyToOne(() => Adviser, { nullable: true })
  modifiedBy?: Adviser | null;
}

/** Archivable records are archived with a reason and restored, never deleted. */
@Entity({ abstract: true })
export abstract class ArchivableEntity extends TrackedEntity {
  @Property({ type: 'boolean', default: false })
  archived: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  archivedOn?: Date | null;

  @ManyToOne(() => Adviser, { nullable: true })
  archivedBy?: Adviser | null;

  @Property({ type: 'text', nullable: true })
  archivedReason?: string | null;
}
