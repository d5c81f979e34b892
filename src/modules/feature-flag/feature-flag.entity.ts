import { Collection, OptionalProps, type Opt } from '@mikro-orm/core';
import { Entity, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { TrackedEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';

/**
 * A feature flag (Data Hub's `FeatureFlag`): a code, what it switches, and whether it is on for the whole
 * environment. Advisers may have it on for themselves (`AdviserFeatureFlag`) or through a group.
 */
@Entity({ tableName: 'feature_flag' })
export class FeatureFlag extends TrackedEntity {
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  /** On for everyone, and for jobs (which act for no adviser). */
  @Property({ type: 'boolean', default: false })
  enabled: Opt<boolean> = false;
}

/** A named set of flags an adviser can be given together (Data Hub's `UserFeatureFlagGroup`): a pilot, a beta. */
@Entity({ tableName: 'feature_flag_group' })
export class FeatureFlagGroup extends TrackedEntity {
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text', default: '' })
  description: Opt<string> = '';

  @ManyToMany({ entity: () => FeatureFlag, pivotTable: 'feature_flag_group_flag', joinColumn: 'group_id', inverseJoinColumn: 'feature_flag_id' })
  flags = new Collection<FeatureFlag>(this);
}

/**
 * A flag an adviser has on for themselves. A record of its own (not a link table) so that each grant and
 * revocation is an audited create or delete naming the adviser and the flag.
 */
@Entity({ tableName: 'adviser_feature_flag' })
export class AdviserFeatureFlag {
  [OptionalProps]?: 'id' | 'createdOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Adviser, { deleteRule: 'cascade' })
  adviser!: Adviser;

  @ManyToOne(() => FeatureFlag, { deleteRule: 'cascade' })
  featureFlag!: FeatureFlag;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();
}

/** An adviser's membership of a flag group (audited as AdviserFeatureFlag is). */
@Entity({ tableName: 'adviser_feature_flag_group' })
export class AdviserFeatureFlagGroup {
  [OptionalProps]?: 'id' | 'createdOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Adviser, { deleteRule: 'cascade' })
  adviser!: Adviser;

  @ManyToOne(() => FeatureFlagGroup, { deleteRule: 'cascade' })
  group!: FeatureFlagGroup;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();
}
