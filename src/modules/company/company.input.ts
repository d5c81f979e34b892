import { Field, Float, InputType, Int } from 'type-graphql';
import { UUIDScalar } from '../../graphql/scalars.js';

@InputType('AddressInput', { description: 'A whole address: line 1, town and country are required; area and postcode too for the US and Canada.' })
export class AddressInput {
  @Field()
  line1!: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field()
  town!: string;

  @Field(() => String, { nullable: true })
  county?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'An administrative area of the country.' })
  areaId?: string | null;

  @Field(() => UUIDScalar)
  countryId!: string;
}

/** The fields a company's create and update share; on update every field is optional and null clears it. */
@InputType('CompanyFieldsBaseInput')
abstract class CompanyFieldsInput {
  @Field(() => [String], { nullable: true })
  tradingNames?: string[] | null;

  @Field(() => String, { nullable: true })
  companyNumber?: string | null;

  @Field(() => String, { nullable: true })
  vatNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Nine digits, unique.' })
  dunsNumber?: string | null;

  @Field(() => String, { nullable: true })
  globalUltimateDunsNumber?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Required (unless the company already has none).' })
  businessTypeId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Required (unless the company already has none).' })
  sectorId?: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  employeeRangeId?: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  turnoverRangeId?: string | null;

  @Field(() => Int, { nullable: true })
  numberOfEmployees?: number | null;

  @Field(() => Float, { nullable: true })
  turnover?: number | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  website?: string | null;

  @Field(() => AddressInput, { nullable: true })
  registeredAddress?: AddressInput | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Required when the country is the UK; only for UK companies.' })
  ukRegionId?: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  headquarterTypeId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'A company whose headquarter type is ghq; not the company itself.' })
  globalHeadquartersId?: string | null;
}

@InputType('CompanyCreateInput')
export class CompanyCreateInput extends CompanyFieldsInput {
  @Field()
  name!: string;

  @Field(() => AddressInput)
  address!: AddressInput;
}

@InputType('CompanyUpdateInput', { description: 'Only the fields given change; null clears a field.' })
export class CompanyUpdateInput extends CompanyFieldsInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => AddressInput, { nullable: true })
  address?: AddressInput | null;
}
