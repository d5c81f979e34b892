import { ArrayType } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ArchivableEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';
import {
  AdministrativeArea,
  BusinessType,
  Country,
  EmployeeRange,
  HeadquarterType,
  OneListTier,
  Sector,
  TurnoverRange,
  UkRegion,
} from '../metadata/index.js';

@Entity({ tableName: 'company' })
export class Company extends ArchivableEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  tradingNames: string[] = [];

  @Index()
  @Property({ type: 'text', nullable: true })
  companyNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  vatNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  referenceCode?: string | null;

  @Property({ type: 'text', nullable: true, unique: true })
  dunsNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  globalUltimateDunsNumber?: string | null;

  @ManyToOne(() => BusinessType, { nullable: true })
  businessType?: BusinessType | null;

  @Index()
  @ManyToOne(() => Sector, { nullable: true })
  sector?: Sector | null;

  @ManyToOne(() => EmployeeRange, { nullable: true })
  employeeRange?: EmployeeRange | null;

  @ManyToOne(() => TurnoverRange, { nullable: true })
  turnoverRange?: TurnoverRange | null;

  @Property({ type: 'integer', nullable: true })
  numberOfEmployees?: number | null;

  /** D&B's turnover, in USD. */
  @Property({ type: 'double', nullable: true })
  turnover?: number | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Property({ type: 'text' })
  addressLine1!: string;

  @Property({ type: 'text', nullable: true })
  addressLine2?: string | null;

  @Property({ type: 'text' })
  addressTown!: string;

  @Property({ type: 'text', nullable: true })
  addressCounty?: string | null;

  @Property({ type: 'text', nullable: true })
  addressPostcode?: string | null;

  @ManyToOne(() => AdministrativeArea, { nullable: true })
  addressArea?: AdministrativeArea | null;

  @Index()
  @ManyToOne(() => Country)
  addressCountry!: Country;

  @Property({ type: 'text', nullable: true })
  registeredAddressLine1?: string | null;

  @Property({ type: 'text', nullable: true })
  registeredAddressLine2?: string | null;

  @Property({ type: 'text', nullable: true })
  registeredAddressTown?: string | null;

  @Property({ type: 'text', nullable: true })
  registeredAddressCounty?: string | null;

  @Property({ type: 'text', nullable: true })
  registeredAddressPostcode?: string | null;

  @ManyToOne(() => AdministrativeArea, { nullable: true })
  registeredAddressArea?: AdministrativeArea | null;

  @ManyToOne(() => Country, { nullable: true })
  registeredAddressCountry?: Country | null;

  @ManyToOne(() => UkRegion, { nullable: true })
  ukRegion?: UkRegion | null;

  @ManyToOne(() => HeadquarterType, { nullable: true })
  headquarterType?: HeadquarterType | null;

  @Index()
  @ManyToOne(() => Company, { nullable: true })
  globalHeadquarters?: Company | null;

  @ManyToOne(() => OneListTier, { nullable: true })
  oneListTier?: OneListTier | null;

  @ManyToOne(() => Adviser, { nullable: true })
  oneListAccountOwner?: Adviser | null;

  /** Where this company's data went when it was merged into another (Data Hub's `transferred_to`). */
  @ManyToOne(() => Company, { nullable: true })
  transferredTo?: Company | null;

  /** Why it was transferred: `duplicate` (Data Hub's only reason). */
  @Property({ type: 'text', nullable: true })
  transferReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  transferredOn?: Date | null;

  @ManyToOne(() => Adviser, { nullable: true })
  transferredBy?: Adviser | null;
}
