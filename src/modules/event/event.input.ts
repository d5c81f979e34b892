import { Field, InputType } from 'type-graphql';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { AddressInput } from '../company/index.js';

/** The fields an event's create and update share; on update every field is optional and null clears it. */
@InputType('EventFieldsBaseInput')
abstract class EventFieldsInput {
  @Field(() => UUIDScalar, { nullable: true })
  locationTypeId?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'Where it takes place; in the UK a postcode is required too.' })
  address?: AddressInput | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Required for an event in the UK; only for one there.' })
  ukRegionId?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'An adviser.' })
  organiserId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'One of `teamIds`.' })
  leadTeamId?: string | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'The teams running it, the lead team among them; replaces the list.' })
  teamIds?: string[] | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list.' })
  relatedProgrammeIds?: string[] | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'A service without sub-services.' })
  serviceId?: string | null;
}

@InputType('EventCreateInput')
export class EventCreateInput extends EventFieldsInput {
  @Field()
  name!: string;

  @Field(() => UUIDScalar)
  eventTypeId!: string;

  @Field(() => LocalDateScalar)
  startDate!: string;

  @Field(() => LocalDateScalar, { description: 'On or after the start date.' })
  endDate!: string;
}

@InputType('EventUpdateInput', { description: 'Only the fields given change; null clears a field.' })
export class EventUpdateInput extends EventFieldsInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  eventTypeId?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  endDate?: string | null;
}
