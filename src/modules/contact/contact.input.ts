import { Field, InputType } from 'type-graphql';
import { UUIDScalar } from '../../graphql/scalars.js';
import { AddressInput } from '../company/index.js';

@InputType('ContactFieldsBaseInput')
abstract class ContactFieldsInput {
  @Field(() => UUIDScalar, { nullable: true })
  titleId?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => Boolean, { nullable: true })
  primary?: boolean | null;

  @Field(() => String, { nullable: true, description: 'International format, starting with +.' })
  fullTelephoneNumber?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Use the company's address; then give no `address`." })
  addressSameAsCompany?: boolean | null;

  @Field(() => AddressInput, { nullable: true, description: 'The manual address, when not the same as the company.' })
  address?: AddressInput | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@InputType('ContactCreateInput')
export class ContactCreateInput extends ContactFieldsInput {
  @Field(() => UUIDScalar)
  companyId!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field({ description: 'Stored lowercased; unique within the company.' })
  email!: string;
}

@InputType('ContactUpdateInput', { description: 'Only the fields given change; null clears a field.' })
export class ContactUpdateInput extends ContactFieldsInput {
  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;
}
