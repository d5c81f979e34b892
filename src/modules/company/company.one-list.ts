import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from 'type-graphql';
import { andSql, idIn, sqlJoin, type ReadModel, type Row, type RowOf, type Sql } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { childConnection } from '../../graphql/list.js';
import { embeddedList, registerEmbed } from '../../graphql/lookahead.js';
import { adviserModel, AdviserType, teamModel } from '../adviser/index.js';

type AdviserRow = RowOf<typeof adviserModel>;
import { metadataModels, OneListTierType } from '../metadata/index.js';
import { companyModel, type CompanyRow } from './company.model.js';
import { CompanyConnection, CompanyListArgs, CompanyType } from './company.types.js';

// index.ts registers these resolvers.

/**
 * The One List group of a company (domain.md §1): its tier, global account manager and core team are those of
 * its global headquarters when it has one, else its own (Data Hub's `get_group_global_headquarters`). Each is
 * one JSON value computed in the statement that reads the company (look-ahead, as a list embed), or, when that
 * statement did not (a mutation's result), in one statement for every company of the request asking for it.
 */

/** The company whose One List data a company shows: its global headquarters, or itself. `p` is the company's row. */
const groupHq = (p: string) => `coalesce(${p}."globalHeadquartersId", ${p}."id")`;
/** A column of that company. */
const ofGroupHq = (p: string, column: string) => `(select h."${column}" from "company" h where h."id" = ${groupHq(p)})`;

type Rows = (model: ReadModel) => Sql[];

/** One row of `model` by an id expression, as JSON (null when there is none or the caller may not see it). */
const rowJson = (model: ReadModel, id: string, rows: Rows): Sql =>
  sqlJoin([`(select row_to_json(x) from (select ${model.selectList} from "${model.table}" t where `, andSql([{ text: `t."id" = ${id}`, params: [] }, ...rows(model)]), ') x)']);

/** An adviser by an id expression as JSON, with their team embedded (`Adviser.team` takes it without a statement). */
const adviserJson = (id: string, rows: Rows): Sql =>
  sqlJoin([
    '(select row_to_json(x) from (select a.*, ',
    rowJson(teamModel, 'a."ditTeamId"', rows),
    ` as "__o_team" from (select ${adviserModel.selectList} from "adviser" t where `,
    andSql([{ text: `t."id" = ${id}`, params: [] }, ...rows(adviserModel)]),
    ') a) x)',
  ]);

/**
 * The core team as Data Hub lists it: the global account manager first, then the other members by first and
 * last name; each `{ adviser, isGlobalAccountManager }`.
 */
const coreTeamJson = (p: string, rows: Rows): Sql =>
  sqlJoin([
    `(select coalesce(json_agg(json_build_object('adviser', z.adviser, 'isGlobalAccountManager', z.gam) order by z.gam desc, z.first_name, z.last_name, z.id), '[]'::json)
       from (select m.gam, ad.first_name, ad.last_name, ad.id, `,
    adviserJson('m.adviser_id', rows),
    ` as adviser
         from (select ${ofGroupHq(p, 'one_list_account_owner_id')} as adviser_id, true as gam
               union all
               select c.adviser_id, false from "company_one_list_core_team_member" c
                where c.company_id = ${groupHq(p)} and c.adviser_id is distinct from ${ofGroupHq(p, 'one_list_account_owner_id')}) m
         join "adviser" ad on ad.id = m.adviser_id) z
      where z.adviser is not null)`,
  ]);

const GROUP_VALUES: Record<string, (p: string, rows: Rows) => Sql> = {
  oneListGroupTier: (p, rows) => rowJson(metadataModels.oneListTier, ofGroupHq(p, 'one_list_tier_id'), rows),
  oneListGroupGlobalAccountManager: (p, rows) => adviserJson(ofGroupHq(p, 'one_list_account_owner_id'), rows),
  oneListGroupCoreTeam: coreTeamJson,
};

/**
 * The look-ahead registry's list embeds take the parent's alias only, not the request: their SQL applies no row
 * rules. Tiers, advisers and teams have none today (src/auth/row-rules.ts restricts archivable records only);
 * were one added, `registerEmbed` would need the request's rules (`ctx.rows`), as the loader below uses them.
 */
const noRules: Rows = () => [];
for (const [field, value] of Object.entries(GROUP_VALUES)) registerEmbed('Company', field, { kind: 'list', sql: (parent) => value(parent, noRules) });

/** A company's One List group value: embedded by its statement, or loaded for every company of the request asking. */
function groupValue<T>(ctx: Context, row: CompanyRow, info: GraphQLResolveInfo): T | Promise<T> {
  const embedded = embeddedList(row, info) as unknown;
  if (embedded !== undefined) return embedded as T;
  const value = GROUP_VALUES[info.fieldName];
  const loader = ctx.loaders.byOwner(`company:${info.fieldName}`, (ids) =>
    sqlJoin(['select p."id" as "__owner", ', value('p', ctx.rows), ' as "value" from (', sqlJoin([`select ${companyModel.selectList} from "company" t where `, idIn('t."id"', ids)]), ') p']),
  );
  return loader.load(row.id).then((rows: Row[]) => (rows[0]?.value ?? null) as T);
}

@ObjectType('OneListCoreTeamMember', { simpleResolvers: true, description: "A member of a company's One List core team (Data Hub's OneListCoreTeamMember)." })
export class OneListCoreTeamMemberType {
  @Field(() => AdviserType)
  adviser!: AdviserRow;

  @Field({ description: "The global account manager (the group's account owner), listed first." })
  isGlobalAccountManager!: boolean;
}

@Resolver(() => CompanyType)
export class CompanyOneListFields {
  @FieldResolver(() => OneListTierType, { nullable: true, description: "The One List tier of the company's group: its global headquarters' tier when it has one, else its own." })
  oneListGroupTier(@Root() row: CompanyRow, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return groupValue(ctx, row, info);
  }

  @FieldResolver(() => AdviserType, { nullable: true, description: "The group's global account manager: its global headquarters' account owner when it has one, else its own." })
  oneListGroupGlobalAccountManager(@Root() row: CompanyRow, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return groupValue(ctx, row, info);
  }

  @FieldResolver(() => [OneListCoreTeamMemberType], {
    description: "The group's One List core team (its global headquarters' when it has one): the global account manager first, then the members by name.",
  })
  oneListGroupCoreTeam(@Root() row: CompanyRow, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return groupValue(ctx, row, info);
  }
}

/** Adviser.managedCompanies lives here so the adviser module does not depend on companies. */
@Resolver(() => AdviserType)
export class AdviserManagedCompaniesField {
  @FieldResolver(() => CompanyConnection, { description: 'The companies whose One List account owner (global account manager) this adviser is, filtered and ordered.' })
  managedCompanies(@Root() row: AdviserRow, @Args(() => CompanyListArgs) args: InstanceType<typeof CompanyListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, companyModel, 'one_list_account_owner_id', row, args, info);
  }
}

// Look-ahead: the first page of an adviser's managed companies comes in the adviser's statement.
registerEmbed('Adviser', 'managedCompanies', { kind: 'connection', model: companyModel, link: 'one_list_account_owner_id', nodeType: 'Company' });
