import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, InputType } from 'type-graphql';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';

@InputType('InteractionParticipantInput', { description: 'An adviser taking part; the team is copied from the adviser when added.' })
export class InteractionParticipantInput {
  @Field(() => UUIDScalar)
  adviserId!: string;
}

/** The fields an interaction's create and update share; on update every field is optional and null clears it. */
@InputType('InteractionFieldsBaseInput')
abstract class InteractionFieldsInput {
  @Field(() => InteractionTheme, { nullable: true, description: 'Cannot be cleared once set; investment is only for interactions.' })
  theme?: InteractionTheme | null;

  @Field(() => String, { nullable: true, description: 'At most 10,000 characters.' })
  notes?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'A leaf of the service tree; required when complete.' })
  serviceId?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: '{ questionId: { answerOptionId: {} } }: one option for each question of the service.' })
  serviceAnswers?: unknown;

  @Field(() => UUIDScalar, { nullable: true, description: 'Interactions only; required when a complete interaction.' })
  communicationChannelId?: string | null;

  @Field(() => UUIDScalar, { nullable: true, description: 'Service deliveries only.' })
  serviceDeliveryStatusId?: string | null;

  @Field(() => Float, { nullable: true, description: 'Service deliveries only.' })
  grantAmountOffered?: number | null;

  @Field(() => Float, { nullable: true, description: 'Service deliveries only.' })
  netCompanyReceipt?: number | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'At least one when policy feedback was provided; none otherwise.' })
  policyAreaIds?: string[] | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'At least one when policy feedback was provided; none otherwise.' })
  policyIssueTypeIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Required exactly when policy feedback was provided.' })
  policyFeedbackNotes?: string | null;
}

@InputType('InteractionCreateInput')
export class InteractionCreateInput extends InteractionFieldsInput {
  @Field(() => InteractionKind)
  kind!: InteractionKind;

  @Field(() => InteractionStatus, { nullable: true, description: 'Complete unless given.' })
  status?: InteractionStatus | null;

  @Field(() => LocalDateScalar)
  date!: string;

  @Field({ description: 'At most 255 characters.' })
  subject!: string;

  @Field(() => UUIDScalar, { description: 'Not archived; `companies` mirrors it.' })
  companyId!: string;

  @Field(() => [UUIDScalar], { description: 'At least one, all of the company.' })
  contactIds!: string[];

  @Field(() => [InteractionParticipantInput], { description: 'At least one adviser.' })
  participants!: InteractionParticipantInput[];

  @Field(() => Boolean, { nullable: true, description: 'False unless given.' })
  wasPolicyFeedbackProvided?: boolean | null;
}

@InputType('InteractionUpdateInput', { description: 'Only the fields given change; null clears a field; a list given replaces the list.' })
export class InteractionUpdateInput extends InteractionFieldsInput {
  @Field(() => InteractionKind, { nullable: true })
  kind?: InteractionKind | null;

  @Field(() => InteractionStatus, { nullable: true, description: 'Draft may become complete, never the reverse.' })
  status?: InteractionStatus | null;

  @Field(() => LocalDateScalar, { nullable: true })
  date?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => UUIDScalar, { nullable: true })
  companyId?: string | null;

  @Field(() => [UUIDScalar], { nullable: true })
  contactIds?: string[] | null;

  @Field(() => [InteractionParticipantInput], { nullable: true, description: 'Advisers kept keep their team; new ones get their current team.' })
  participants?: InteractionParticipantInput[] | null;

  @Field(() => Boolean, { nullable: true })
  wasPolicyFeedbackProvided?: boolean | null;
}
