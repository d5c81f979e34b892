import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, InputType } from 'type-graphql';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { ExportCountryStatus } from '../company/index.js';
import { InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';

@InputType('InteractionParticipantInput', { description: 'An adviser taking part; the team is copied from the adviser when added.' })
export class InteractionParticipantInput {
  @Field(() => UUIDScalar)
  adviserId!: string;
}

@InputType('InteractionExportCountryInput', { description: "A country discussed, with the company's status there." })
export class InteractionExportCountryInput {
  @Field(() => UUIDScalar)
  countryId!: string;

  @Field(() => ExportCountryStatus)
  status!: ExportCountryStatus;
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

  @Field(() => UUIDScalar, {
    nullable: true,
    description: "The investment project it is about: investment theme only. Required, and one of the caller's team's projects, for a caller who records only such interactions (add_associated_investmentproject_interaction).",
  })
  investmentProjectId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether export countries were discussed: asked of the EXPORT and OTHER themes (required when creating one), refused on the others.',
  })
  wereCountriesDiscussed?: boolean | null;

  @Field(() => [InteractionExportCountryInput], {
    nullable: true,
    description:
      "The countries discussed, each once: at least one when wereCountriesDiscussed is true, none otherwise (EXPORT and OTHER themes only). A list given replaces the interaction's; " +
      "the countries it adds are merged into the company's export countries (a new country added, a known one's status changed when the interaction is newer than it), with history.",
  })
  exportCountries?: InteractionExportCountryInput[] | null;
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

  @Field(() => UUIDScalar, { nullable: true, description: 'The legacy single company: the same as `companyIds: [companyId]`. Give this or companyIds, not both.' })
  companyId?: string | null;

  @Field(() => [UUIDScalar], {
    nullable: true,
    description: 'The companies, none archived; the first is the legacy `company`. Give this or companyId (one of them is required), not both.',
  })
  companyIds?: string[] | null;

  @Field(() => [UUIDScalar], { description: "At least one, each of one of the interaction's companies." })
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

  @Field(() => UUIDScalar, { nullable: true, description: 'Replaces the companies with this one.' })
  companyId?: string | null;

  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the companies; the first is the legacy `company`.' })
  companyIds?: string[] | null;

  @Field(() => [UUIDScalar], { nullable: true })
  contactIds?: string[] | null;

  @Field(() => [InteractionParticipantInput], { nullable: true, description: 'Advisers kept keep their team; new ones get their current team.' })
  participants?: InteractionParticipantInput[] | null;

  @Field(() => Boolean, { nullable: true })
  wasPolicyFeedbackProvided?: boolean | null;
}
