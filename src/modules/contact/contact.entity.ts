import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ArchivableEntity } from '../../db/base.entity.js';
import { Company } from '../company/index.js';
import { AdministrativeArea, Country, Title } from '../metadata/index.js';

@Entity({ tableName: 'contact' })
@Index({ name: 'contact_company_email_unique', properties: ['company', 'email'], options: { unique: true } })
export class Contact extends ArchivableEntity {
  @ManyToOne(() => Title, { nullable: true })
  title?: Title | null;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'text', nullable: true })
  jobTitle?: string | null;

  @ManyToOne(() => Company)
  company!: Company;

  @Property({ type: 'boolean', default: false })
  primary: boolean = false;

  /** Stored lowercased; unique within the company. */
  @Property({ type: 'text' })
  email!: string;

  /** International format, e.g. +44 20 7946 0000. */
  @Property({ type: 'text', nullable: true })
  fullTelephoneNumber?: string | null;

  @Property({ type: 'boolean', default: false })
  addressSameAsCompany: boolean = false;

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

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /** What DBT's consent service last reported (Data Hub's JSON, as ingested); not written through the API. */
  @Property({ type: 'json', nullable: true })
  consentData?: unknown;

  @Property({ type: 'timestamptz', nullable: true })
  consentDataLastModified?: Date | null;
}
