import { Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root, Args, Info, registerEnumType, type ClassType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { connectionType, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { childConnection } from '../../graphql/list.js';
import { inlineObject, manyToOne } from '../../graphql/lookahead.js';
import { adviserModel, AdviserType, ArchivableType } from '../adviser/index.js';
import {
  AdministrativeAreaType,
  BusinessTypeType,
  CountryType,
  EmployeeRangeType,
  HeadquarterTypeType,
  metadataModels,
  OneListTierType,
  SectorType,
  TurnoverRangeType,
  UkRegionType,
} from '../metadata/index.js';
import { addressFromRow, type AddressState } from './address.js';
import { companyModel, type CompanyRow } from './company.model.js';
import { REF } from '../metadata/index.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

// index.ts exports the address mapping of the read side from this file.

@ObjectType('Address', { simpleResolvers: true, description: 'A postal address.' })
export class AddressType {
  @Field()
  line1!: string;

  @Field(() => String, { nullable: true })
  line2!: string | null;

  @Field()
  town!: string;

  @Field(() => String, { nullable: true })
  county!: string | null;

  @Field(() => String, { nullable: true })
  postcode!: string | null;
}

// An address's country and area come with the statement of the row that has the address (inlineObject).
const addressRefs = {
  area: manyToOne('Address', 'area', metadataModels.administrativeArea, 'areaId'),
  country: manyToOne('Address', 'country', metadataModels.country, 'countryId'),
};

@Resolver(() => AddressType)
export class AddressFields {
  @FieldResolver(() => AdministrativeAreaType, { nullable: true, description: 'Required for the US and Canada.' })
  area(@Root() address: AddressState, @Ctx() ctx: Context) {
    return addressRefs.area(ctx, address);
  }

  @FieldResolver(() => CountryType, { nullable: true })
  country(@Root() address: AddressState, @Ctx() ctx: Context) {
    return addressRefs.country(ctx, address);
  }
}

/** Why a company's data was transferred to another (Data Hub's `Company.TransferReason`). */
export enum CompanyTransferReason {
  DUPLICATE = 'duplicate',
}
registerEnumType(CompanyTransferReason, { name: 'CompanyTransferReason', description: 'Why a company was merged into another.', valuesConfig: { DUPLICATE: { description: 'A duplicate record.' } } });

@ObjectType('Company', { simpleResolvers: true, description: 'An organisation DBT works with.' })
export class CompanyType extends ArchivableType {
  @Field()
  name!: string;

  @Field(() => [String])
  tradingNames!: string[];

  @Field(() => String, { nullable: true, description: 'The Companies House number ("BR…" for a UK branch of a foreign company).' })
  companyNumber!: string | null;

  @Field(() => String, { nullable: true })
  vatNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Legacy reference code.' })
  referenceCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Dun & Bradstreet number: nine digits, unique.' })
  dunsNumber!: string | null;

  @Field(() => String, { nullable: true })
  globalUltimateDunsNumber!: string | null;

  @Field(() => Int, { nullable: true, description: "D&B's number of employees." })
  numberOfEmployees!: number | null;

  @Field(() => Float, { nullable: true, description: "D&B's turnover in USD." })
  turnover!: number | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => CompanyTransferReason, { nullable: true, description: 'Why the company was merged into transferredTo; null unless merged.' })
  transferReason!: CompanyTransferReason | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the company was merged into transferredTo.' })
  transferredOn!: Date | null;
}

export const CompanyConnection = connectionType('Company', CompanyType);
export const CompanyListArgs = listArgsFor(companyModel).ListArgs;

/** What the fields a company and its public view resolve alike read: a public company's row has it too. */
type SharedCompanyRow = Pick<
  CompanyRow,
  'sectorId' | 'employeeRangeId' | 'turnoverRangeId' | 'ukRegionId' | 'headquarterTypeId' | Extract<keyof CompanyRow, `address${string}` | `registeredAddress${string}`>
>;

/**
 * The fields a company and its public view (`PublicCompany`) resolve alike: addresses, the reference data it
 * points at, and whether it is UK-based; one resolver class per type, with look-ahead registered per type.
 */
export function sharedCompanyFields(typeName: string, Type: ClassType) {
  const refs = {
    sector: manyToOne(typeName, 'sector', metadataModels.sector, 'sectorId'),
    employeeRange: manyToOne(typeName, 'employeeRange', metadataModels.employeeRange, 'employeeRangeId'),
    turnoverRange: manyToOne(typeName, 'turnoverRange', metadataModels.turnoverRange, 'turnoverRangeId'),
    ukRegion: manyToOne(typeName, 'ukRegion', metadataModels.ukRegion, 'ukRegionId'),
    headquarterType: manyToOne(typeName, 'headquarterType', metadataModels.headquarterType, 'headquarterTypeId'),
    address: inlineObject(typeName, 'address', { typeName: 'Address', prefix: 'address' }, addressFromRow),
    registeredAddress: inlineObject(typeName, 'registeredAddress', { typeName: 'Address', prefix: 'registeredAddress' }, addressFromRow),
  };

  @Resolver(() => Type)
  class SharedCompanyFields {
    @FieldResolver(() => AddressType, { description: 'The trading address.' })
    address(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.address(ctx, row);
    }

    @FieldResolver(() => AddressType, { nullable: true })
    registeredAddress(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.registeredAddress(ctx, row);
    }

    @FieldResolver(() => SectorType, { nullable: true })
    sector(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.sector(ctx, row);
    }

    @FieldResolver(() => EmployeeRangeType, { nullable: true })
    employeeRange(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.employeeRange(ctx, row);
    }

    @FieldResolver(() => TurnoverRangeType, { nullable: true })
    turnoverRange(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.turnoverRange(ctx, row);
    }

    @FieldResolver(() => UkRegionType, { nullable: true, description: 'Required when the country is the UK.' })
    ukRegion(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.ukRegion(ctx, row);
    }

    @FieldResolver(() => HeadquarterTypeType, { nullable: true })
    headquarterType(@Root() row: SharedCompanyRow, @Ctx() ctx: Context) {
      return refs.headquarterType(ctx, row);
    }

    @FieldResolver(() => Boolean, { description: 'The trading address is in the UK.' })
    ukBased(@Root() row: SharedCompanyRow) {
      return row.addressCountryId === REF.country.unitedKingdom;
    }
  }
  return SharedCompanyFields;
}

const refs = {
  businessType: manyToOne('Company', 'businessType', metadataModels.businessType, 'businessTypeId'),
  oneListTier: manyToOne('Company', 'oneListTier', metadataModels.oneListTier, 'oneListTierId'),
  oneListAccountOwner: manyToOne('Company', 'oneListAccountOwner', adviserModel, 'oneListAccountOwnerId'),
  globalHeadquarters: manyToOne('Company', 'globalHeadquarters', companyModel, 'globalHeadquartersId'),
  transferredTo: manyToOne('Company', 'transferredTo', companyModel, 'transferredToId'),
  transferredBy: manyToOne('Company', 'transferredBy', adviserModel, 'transferredById'),
};

export const CompanySharedFields = sharedCompanyFields('Company', CompanyType);

@Resolver(() => CompanyType)
export class CompanyFields {
  @FieldResolver(() => BusinessTypeType, { nullable: true })
  businessType(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.businessType(ctx, row);
  }

  @FieldResolver(() => OneListTierType, { nullable: true })
  oneListTier(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.oneListTier(ctx, row);
  }

  @FieldResolver(() => AdviserType, { nullable: true, description: 'The global account manager.' })
  oneListAccountOwner(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.oneListAccountOwner(ctx, row);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The global headquarters (a ghq).' })
  globalHeadquarters(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.globalHeadquarters(ctx, row);
  }

  @FieldResolver(() => CompanyType, {
    nullable: true,
    description: 'The company this one was merged into (a duplicate): its data now lives there, and this one stays archived. Null unless merged.',
  })
  transferredTo(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.transferredTo(ctx, row);
  }

  @FieldResolver(() => AdviserType, { nullable: true, description: 'Who merged the company into transferredTo.' })
  transferredBy(@Root() row: CompanyRow, @Ctx() ctx: Context) {
    return refs.transferredBy(ctx, row);
  }

  @FieldResolver(() => CompanyConnection, { description: 'Companies whose global headquarters this is.' })
  subsidiaries(@Root() row: CompanyRow, @Args(() => CompanyListArgs) args: InstanceType<typeof CompanyListArgs>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, companyModel, 'global_headquarters_id', row, args, info);
  }

  @FieldResolver(() => Boolean, { description: 'The DUNS number equals the global ultimate DUNS number.' })
  isGlobalUltimate(@Root() row: CompanyRow) {
    return !!row.dunsNumber && row.dunsNumber === row.globalUltimateDunsNumber;
  }
}
