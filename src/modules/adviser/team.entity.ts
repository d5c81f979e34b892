import { ArrayType } from '@mikro-orm/core';
import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Country, ReferenceEntity, TeamRole, UkRegion } from '../metadata/index.js';

/** Data Hub's teams are reference data (1,126 real ones) with a role that grants permission groups. */
@Entity({ tableName: 'metadata_team' })
export class Team extends ReferenceEntity {
  @ManyToOne(() => TeamRole, { nullable: true })
  role?: TeamRole | null;

  @ManyToOne(() => UkRegion, { nullable: true })
  ukRegion?: UkRegion | null;

  @ManyToOne(() => Country, { nullable: true })
  country?: Country | null;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  tags: string[] = [];
}
