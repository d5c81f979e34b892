import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import { Adviser } from '../adviser/index.js';
import { Country } from '../metadata/index.js';
import { Company } from './company.entity.js';

/** Where a company stands with a country as an export market (Data Hub's `CompanyExportCountry.status`). */
export enum ExportCountryStatus {
  CURRENTLY_EXPORTING = 'currently_exporting',
  FUTURE_INTEREST = 'future_interest',
  NOT_INTERESTED = 'not_interested',
}

/** One country on a company's export list, once per country. */
@Entity({ tableName: 'company_export_country' })
@Unique({ properties: ['company', 'country'], name: 'company_export_country_company_country_unique' })
export class CompanyExportCountry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Company, { deleteRule: 'cascade' })
  company!: Company;

  @Index()
  @ManyToOne(() => Country)
  country!: Country;

  @Enum({ items: () => ExportCountryStatus })
  status!: ExportCountryStatus;

  @Property({ type: 'timestamptz' })
  createdOn: Date = new Date();

  @Property({ type: 'timestamptz' })
  modifiedOn: Date = new Date();
}

export enum ExportCountryHistoryType {
  INSERT = 'insert',
  UPDATE = 'update',
  DELETE = 'delete',
}

/**
 * Every change to a company's export list, as Data Hub keeps it (`CompanyExportCountryHistory`): the country,
 * the status it was given (or had, for a delete), when, and which adviser (none for a partner client or a
 * job; the audit log names those). Rows are only ever added.
 */
@Entity({ tableName: 'company_export_country_history' })
@Index({ properties: ['company', 'historyDate'], name: 'company_export_country_history_company_index' })
export class CompanyExportCountryHistory {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Company, { deleteRule: 'cascade' })
  company!: Company;

  @ManyToOne(() => Country)
  country!: Country;

  @Enum({ items: () => ExportCountryStatus })
  status!: ExportCountryStatus;

  @Enum({ items: () => ExportCountryHistoryType })
  historyType!: ExportCountryHistoryType;

  @Property({ type: 'timestamptz' })
  historyDate: Date = new Date();

  @ManyToOne(() => Adviser, { nullable: true })
  historyUser?: Adviser | null;
}
