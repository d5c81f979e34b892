import { Collection } from '@mikro-orm/core';
import { Entity, ManyToMany, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TrackedEntity } from '../../db/base.entity.js';
import { Adviser, Team } from '../adviser/index.js';
import { AdministrativeArea, Country, ReferenceEntity, Service, UkRegion } from '../metadata/index.js';

/** Data Hub's event types (Seminar, Exhibition, ...): reference data of the event module. */
@Entity({ tableName: 'metadata_event_type' })
export class EventTypeEntity extends ReferenceEntity {}

/** Where an event is run from (HQ, Post, ...). */
@Entity({ tableName: 'metadata_location_type' })
export class LocationType extends ReferenceEntity {}

/** Programmes an event can belong to (GREAT Branded, ...). */
@Entity({ tableName: 'metadata_programme' })
export class Programme extends ReferenceEntity {}

/**
 * An event (a trade show, a mission, a seminar), as Data Hub has it. Not archived but disabled: `disabledOn`
 * set means it is kept on old records and read-only until it is enabled again.
 */
@Entity({ tableName: 'event' })
export class Event extends TrackedEntity {
  @Property({ type: 'timestamptz', nullable: true })
  disabledOn?: Date | null;

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => EventTypeEntity)
  eventType!: EventTypeEntity;

  @Property({ type: 'date' })
  startDate!: string;

  @Property({ type: 'date' })
  endDate!: string;

  @ManyToOne(() => LocationType, { nullable: true })
  locationType?: LocationType | null;

  @Property({ type: 'text', nullable: true })
  addressLine1?: string | null;

  @Property({ type: 'text', nullable: true })
  addressLine2?: string | null;

  @Property({ type: 'text', nullable: true })
  addressTown?: string | null;

  @Property({ type: 'text', nullable: true })
  addressCounty?: string | null;

  @Property({ type: 'text', nullable: true })
  addressPostcode?: string | null;

  @ManyToOne(() => AdministrativeArea, { nullable: true })
  addressArea?: AdministrativeArea | null;

  @ManyToOne(() => Country, { nullable: true })
  addressCountry?: Country | null;

  @ManyToOne(() => UkRegion, { nullable: true })
  ukRegion?: UkRegion | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @ManyToOne(() => Team, { nullable: true })
  leadTeam?: Team | null;

  @ManyToOne(() => Adviser, { nullable: true })
  organiser?: Adviser | null;

  @ManyToMany({ entity: () => Team, pivotTable: 'event_team', joinColumn: 'event_id', inverseJoinColumn: 'team_id' })
  teams = new Collection<Team>(this);

  @ManyToMany({ entity: () => Programme, pivotTable: 'event_related_programme', joinColumn: 'event_id', inverseJoinColumn: 'programme_id' })
  relatedProgrammes = new Collection<Programme>(this);

  @ManyToOne(() => Service, { nullable: true })
  service?: Service | null;
}
