import { Arg, Args, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { defineReadModel, type RowOf } from '../../db/read-model.js';
import { connectionType, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { findOne, listConnection } from '../../graphql/list.js';
import { manyToOne } from '../../graphql/lookahead.js';
import { DateTimeScalar, UUIDScalar } from '../../graphql/scalars.js';
import { addressKeys } from './address.js';
import { companyModel } from './company.model.js';
import { sharedCompanyFields } from './company.types.js';

/**
 * A company as Data Hub's public company API shows it to partners with the `public_company` scope (Market
 * Access): what a company publishes about itself or Companies House and D&B do, and nothing about people
 * (no account manager, no created/modified by, no contacts or interactions). A read model of its own, so
 * that filters and sorts, too, reach only public columns.
 */
export const publicCompanyModel = defineReadModel({
  name: 'PublicCompany',
  table: 'company',
  columns: pick(companyModel.columns, [
    ...(['id', 'name', 'tradingNames', 'companyNumber', 'dunsNumber', 'numberOfEmployees', 'website', 'description', 'archived', 'modifiedOn'] as const),
    ...(['sectorId', 'employeeRangeId', 'turnoverRangeId', 'ukRegionId', 'headquarterTypeId', 'globalHeadquartersId'] as const),
    ...addressKeys('address'),
    ...addressKeys('registeredAddress'),
  ]),
  fields: pick(companyModel.fields, ['id', 'name', 'companyNumber', 'dunsNumber', 'sectorId', 'addressPostcode', 'addressCountryId', 'ukRegionId', 'archived', 'modifiedOn']),
  defaultOrder: [{ field: 'name', direction: 'ASC' }],
});

/** A public company as the read side returns it. */
export type PublicCompanyRow = RowOf<typeof publicCompanyModel>;

/** The entries of `from` under `keys`, in that order: a failed lookup is a mistake here, so it stops the start. */
function pick<T extends object, K extends keyof T & string>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(
    keys.map((k) => {
      if (!(k in from)) throw new Error(`No ${k} to pick`);
      return [k, from[k]];
    }),
  ) as Pick<T, K>;
}

@ObjectType('PublicCompany', { simpleResolvers: true, description: 'The public fields of a company: no personal data, no relations to people.' })
export class PublicCompanyType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  tradingNames!: string[];

  @Field(() => String, { nullable: true })
  companyNumber!: string | null;

  @Field(() => String, { nullable: true })
  dunsNumber!: string | null;

  @Field(() => Int, { nullable: true })
  numberOfEmployees!: number | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field()
  archived!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the company was last changed: partners keeping a copy ask for what changed since.' })
  modifiedOn!: string;
}

export const PublicCompanyConnection = connectionType('PublicCompany', PublicCompanyType);
const PublicCompanyArgs = listArgsFor(publicCompanyModel).ListArgs;

const globalHeadquarters = manyToOne('PublicCompany', 'globalHeadquarters', publicCompanyModel, 'globalHeadquartersId');

export const PublicCompanySharedFields = sharedCompanyFields('PublicCompany', PublicCompanyType);

@Resolver(() => PublicCompanyType)
export class PublicCompanyFields {
  @FieldResolver(() => PublicCompanyType, { nullable: true, description: 'The global headquarters.' })
  globalHeadquarters(@Root() row: PublicCompanyRow, @Ctx() ctx: Context) {
    return globalHeadquarters(ctx, row);
  }
}

@Resolver()
export class PublicCompanyResolver {
  @Query(() => PublicCompanyType, { nullable: true, description: "One company's public fields; NOT_FOUND when there is none with this id." })
  publicCompany(@Arg('id', () => UUIDScalar) id: string, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return findOne(ctx, publicCompanyModel, id, info);
  }

  @Query(() => PublicCompanyConnection, { description: 'Companies, public fields only, filtered and ordered by public fields.' })
  publicCompanies(@Args(() => PublicCompanyArgs) args: InstanceType<typeof PublicCompanyArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return listConnection(ctx, publicCompanyModel, args, info);
  }
}
