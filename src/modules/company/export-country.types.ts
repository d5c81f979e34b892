import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, InputType, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { idIn, sqlJoin, withEmbeds, type Embed, type Sql } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { embeddedList, manyToOne, registerEmbed } from '../../graphql/lookahead.js';
import { findOne } from '../../graphql/list.js';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import { adviserModel, AdviserType } from '../adviser/index.js';
import { CountryType, metadataModels } from '../metadata/index.js';
import { companyModel, type CompanyRow } from './company.model.js';
import { CompanyType } from './company.types.js';
import { ExportCountryHistoryType, ExportCountryStatus } from './export-country.entity.js';

registerEnumType(ExportCountryStatus, {
  name: 'ExportCountryStatus',
  description: 'Where a company stands with a country as an export market.',
  valuesConfig: {
    CURRENTLY_EXPORTING: { description: 'Exports there now.' },
    FUTURE_INTEREST: { description: 'Would like to export there.' },
    NOT_INTERESTED: { description: 'Has said it is not interested.' },
  },
});
registerEnumType(ExportCountryHistoryType, { name: 'ExportCountryChangeType', description: 'How an export country changed.' });

@ObjectType('CompanyExportCountry', { simpleResolvers: true, description: "A country on a company's export list, with the company's status there." })
export class CompanyExportCountryType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => ExportCountryStatus)
  status!: ExportCountryStatus;

  @Field(() => DateTimeScalar)
  createdOn!: Date;

  @Field(() => DateTimeScalar, { description: 'When the status last changed.' })
  modifiedOn!: Date;
}

@ObjectType('CompanyExportCountryChange', { simpleResolvers: true, description: "One change to a company's export list." })
export class CompanyExportCountryChangeType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => ExportCountryHistoryType, { description: 'Added (INSERT), status changed (UPDATE) or removed (DELETE).' })
  type!: ExportCountryHistoryType;

  @Field(() => ExportCountryStatus, { description: 'The status it was given, or had when removed.' })
  status!: ExportCountryStatus;

  @Field(() => DateTimeScalar)
  changedOn!: Date;
}

@InputType('CompanyExportCountryInput')
export class CompanyExportCountryInput {
  @Field(() => UUIDScalar)
  countryId!: string;

  @Field(() => ExportCountryStatus)
  status!: ExportCountryStatus;
}

/** An export country as `exportCountries` selects it (timestamps as PostgreSQL's text: src/db/columns.ts). */
type ExportCountryRow = { id: string; countryId: string; status: ExportCountryStatus; createdOn: string; modifiedOn: string };

/** A change to the export list as `exportCountryHistory` selects it; no adviser for a partner client or a job. */
type ExportCountryChangeRow = { id: string; type: ExportCountryHistoryType; status: ExportCountryStatus; changedOn: string; countryId: string; adviserId: string | null };

const country = (ctx: Context, row: { countryId: string }) => ctx.loaders.byId(metadataModels.country).load(row.countryId);

/** A company's export countries, by country name (the loader's and the look-ahead's statement alike). */
function exportCountriesSql(where: Sql, extraColumns: string): Sql {
  return {
    text: `select e.id as "id", e.country_id as "countryId", e.status as "status", e.created_on as "createdOn",
                  e.modified_on as "modifiedOn"${extraColumns}
             from company_export_country e join metadata_country c on c.id = e.country_id
            where ${where.text} order by c.name, e.id`,
    params: where.params,
  };
}

/** The export countries of one company as a JSON array in its statement (look-ahead), each with its embeds (its country). */
function exportCountriesJsonSql(parent: string, nested: Embed[]): Sql {
  const inner = exportCountriesSql({ text: `e.company_id = ${parent}."id"`, params: [] }, ', row_number() over (order by c.name, e.id) as "__rn"');
  return sqlJoin([`(select coalesce(json_agg(x order by x."__rn"), '[]'::json) from (`, withEmbeds(inner, nested), ') x)']);
}

registerEmbed('Company', 'exportCountries', { kind: 'list', sql: exportCountriesJsonSql, nodeType: 'CompanyExportCountry' });
const exportCountryOf = manyToOne('CompanyExportCountry', 'country', metadataModels.country, 'countryId');

@Resolver(() => CompanyExportCountryType)
export class CompanyExportCountryFields {
  @FieldResolver(() => CountryType)
  country(@Root() row: ExportCountryRow, @Ctx() ctx: Context) {
    return exportCountryOf(ctx, row);
  }
}

@Resolver(() => CompanyExportCountryChangeType)
export class CompanyExportCountryChangeFields {
  @FieldResolver(() => CountryType)
  country(@Root() row: ExportCountryChangeRow, @Ctx() ctx: Context) {
    return country(ctx, row);
  }

  @FieldResolver(() => AdviserType, { nullable: true, description: 'The adviser who made it; none when a partner client or a job did (the audit log names those).' })
  adviser(@Root() row: ExportCountryChangeRow, @Ctx() ctx: Context) {
    return row.adviserId ? ctx.loaders.byId(adviserModel).load(row.adviserId) : null;
  }
}

@Resolver(() => CompanyType)
export class CompanyExportCountryListFields {
  @FieldResolver(() => [CompanyExportCountryType], { description: 'The countries the company exports to or is interested in, by country name.' })
  exportCountries(@Root() row: CompanyRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return embeddedList(row, info) ?? ctx.loaders.byOwner('company:exportCountries', (ids) => exportCountriesSql(idIn('e.company_id', ids), ', e.company_id as "__owner"')).load(row.id);
  }

  @FieldResolver(() => [CompanyExportCountryChangeType], { description: 'Every change to the export list, newest first.' })
  exportCountryHistory(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return ctx.loaders
      .byOwner('company:exportCountryHistory', (ids) => {
        const match = idIn('h.company_id', ids);
        return {
          text: `select h.id as "id", h.history_type as "type", h.status as "status", h.history_date as "changedOn",
                        h.country_id as "countryId", h.history_user_id as "adviserId", h.company_id as "__owner"
                   from company_export_country_history h
                  where ${match.text} order by h.history_date desc, h.id`,
          params: match.params,
        };
      })
      .load(row.id);
  }
}

@Resolver()
export class CompanyExportCountryResolver {
  @Mutation(() => CompanyType, {
    nullable: true,
    description:
      "Replaces the company's export countries with this list (one entry per country): new countries are added, " +
      'changed statuses updated and countries left out removed, each change kept in `exportCountryHistory`. ' +
      'An archived company is read-only.',
  })
  async updateCompanyExportCountries(
    @Arg('id', () => UUIDScalar) id: string,
    @Arg('exportCountries', () => [CompanyExportCountryInput]) exportCountries: CompanyExportCountryInput[],
    @Ctx() ctx: Context,
  ) {
    await ctx.services.company.setExportCountries(ctx.em, ctx.viewer, id, exportCountries);
    return findOne(ctx, companyModel, id);
  }
}
