import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Args, Ctx, Field, FieldResolver, Float, Info, ObjectType, Resolver, Root } from 'type-graphql';
import type { RowOf } from '../../db/read-model.js';
import { connectionType, listArgsFor } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { childConnection, related } from '../../graphql/list.js';
import { embeddedList, embeddedValue, manyToOne } from '../../graphql/lookahead.js';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { adviserModel, AdviserType, ArchivableType, teamModel, TeamType } from '../adviser/index.js';
import { companyModel, CompanyType, ExportCountryStatus } from '../company/index.js';
import { contactModel, ContactType } from '../contact/index.js';
import { investmentProjectModel, InvestmentProjectType, type InvestmentProjectRow } from '../investment/index.js';
import {
  CommunicationChannelType,
  CountryType,
  metadataModels,
  PolicyAreaType,
  PolicyIssueTypeType,
  ServiceDeliveryStatusType,
  ServiceType,
} from '../metadata/index.js';
import { interactionEnumFilters, InteractionKind, InteractionStatus, InteractionTheme } from './interaction.enums.js';
import { linkedRows, type LinkTable } from '../../graphql/links.js';
import { exportCountryRows, latestInteractionDate, participantRows, type InteractionCountryRow, type ParticipantRow } from './interaction.loaders.js';
import { interactionModel, type InteractionRow } from './interaction.model.js';

@ObjectType('InteractionParticipant', { simpleResolvers: true, description: 'An adviser who took part, with the team they were in when added.' })
export class InteractionParticipantType {
  @Field(() => UUIDScalar)
  id!: string;
}

@ObjectType('InteractionExportCountry', { simpleResolvers: true, description: "A country discussed, with the company's status there as recorded on the interaction." })
export class InteractionExportCountryType {
  @Field(() => UUIDScalar)
  id!: string;

  @Field(() => ExportCountryStatus)
  status!: ExportCountryStatus;
}

@ObjectType('Interaction', { simpleResolvers: true, description: 'An interaction with a company, or a service delivered to it.' })
export class InteractionType extends ArchivableType {
  @Field(() => InteractionKind)
  kind!: InteractionKind;

  @Field(() => InteractionStatus)
  status!: InteractionStatus;

  @Field(() => InteractionTheme, { nullable: true })
  theme!: InteractionTheme | null;

  @Field(() => LocalDateScalar)
  date!: string;

  @Field()
  subject!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: '{ questionId: { answerOptionId: {} } }.' })
  serviceAnswers!: unknown;

  @Field(() => Float, { nullable: true, description: 'Service deliveries only.' })
  grantAmountOffered!: number | null;

  @Field(() => Float, { nullable: true, description: 'Service deliveries only.' })
  netCompanyReceipt!: number | null;

  @Field()
  wasPolicyFeedbackProvided!: boolean;

  @Field(() => String, { nullable: true })
  policyFeedbackNotes!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether export countries were discussed (EXPORT and OTHER themes); null when not asked.' })
  wereCountriesDiscussed!: boolean | null;
}

export const InteractionConnection = connectionType('Interaction', InteractionType);
export const InteractionListArgs = listArgsFor(interactionModel, interactionEnumFilters).ListArgs;
type ListArgs = InstanceType<typeof InteractionListArgs>;

const LINKS = {
  companies: { table: 'interaction_company', owner: 'interaction_id', target: 'company_id', model: companyModel },
  contacts: { table: 'interaction_contact', owner: 'interaction_id', target: 'contact_id', model: contactModel },
  policyAreas: { table: 'interaction_policy_area', owner: 'interaction_id', target: 'policy_area_id', model: metadataModels.policyArea },
  policyIssueTypes: { table: 'interaction_policy_issue_type', owner: 'interaction_id', target: 'policy_issue_type_id', model: metadataModels.policyIssueType },
} satisfies Record<string, LinkTable>;

const refs = {
  company: manyToOne('Interaction', 'company', companyModel, 'companyId'),
  investmentProject: manyToOne('Interaction', 'investmentProject', investmentProjectModel, 'investmentProjectId'),
  service: manyToOne('Interaction', 'service', metadataModels.service, 'serviceId'),
  communicationChannel: manyToOne('Interaction', 'communicationChannel', metadataModels.communicationChannel, 'communicationChannelId'),
  serviceDeliveryStatus: manyToOne('Interaction', 'serviceDeliveryStatus', metadataModels.serviceDeliveryStatus, 'serviceDeliveryStatusId'),
};

@Resolver(() => InteractionType)
export class InteractionFields {
  @FieldResolver(() => InvestmentProjectType, { nullable: true, description: 'The investment project it is about (investment theme only).' })
  investmentProject(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return refs.investmentProject(ctx, row);
  }

  @FieldResolver(() => CompanyType, { description: 'The company (legacy single link; mirrored in `companies`).' })
  company(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return refs.company(ctx, row);
  }

  @FieldResolver(() => [CompanyType])
  companies(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return linkedRows(ctx, LINKS.companies, row.id);
  }

  @FieldResolver(() => [ContactType])
  contacts(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return linkedRows(ctx, LINKS.contacts, row.id);
  }

  @FieldResolver(() => [InteractionParticipantType])
  participants(@Root() row: InteractionRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (embeddedList(row, info) as ParticipantRow[] | undefined) ?? participantRows(ctx, row.id);
  }

  @FieldResolver(() => ServiceType, { nullable: true })
  service(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return refs.service(ctx, row);
  }

  @FieldResolver(() => CommunicationChannelType, { nullable: true })
  communicationChannel(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return refs.communicationChannel(ctx, row);
  }

  @FieldResolver(() => ServiceDeliveryStatusType, { nullable: true })
  serviceDeliveryStatus(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return refs.serviceDeliveryStatus(ctx, row);
  }

  @FieldResolver(() => [InteractionExportCountryType], { description: 'The countries discussed (see wereCountriesDiscussed), by country name.' })
  exportCountries(@Root() row: InteractionRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return embeddedList(row, info) ?? exportCountryRows(ctx, row.id);
  }

  @FieldResolver(() => [PolicyAreaType])
  policyAreas(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return linkedRows(ctx, LINKS.policyAreas, row.id);
  }

  @FieldResolver(() => [PolicyIssueTypeType])
  policyIssueTypes(@Root() row: InteractionRow, @Ctx() ctx: Context) {
    return linkedRows(ctx, LINKS.policyIssueTypes, row.id);
  }
}

@Resolver(() => InteractionExportCountryType)
export class InteractionExportCountryFields {
  @FieldResolver(() => CountryType)
  country(@Root() row: InteractionCountryRow, @Ctx() ctx: Context) {
    return related(ctx, row, 'country', metadataModels.country, row.countryId);
  }
}

// Embedded inside the participants' list of their interaction's statement, with their selected columns only.
const participantRefs = {
  adviser: manyToOne('InteractionParticipant', 'adviser', adviserModel, 'adviserId'),
  team: manyToOne('InteractionParticipant', 'team', teamModel, 'teamId'),
};

@Resolver(() => InteractionParticipantType)
export class InteractionParticipantFields {
  @FieldResolver(() => AdviserType)
  adviser(@Root() row: ParticipantRow, @Ctx() ctx: Context) {
    return participantRefs.adviser(ctx, row);
  }

  @FieldResolver(() => TeamType, { nullable: true, description: "The adviser's team when they were added." })
  team(@Root() row: ParticipantRow, @Ctx() ctx: Context) {
    return participantRefs.team(ctx, row);
  }
}

/** Company → interactions lives here so the company module does not depend on interactions. */
@Resolver(() => CompanyType)
export class CompanyInteractionFields {
  @FieldResolver(() => InteractionConnection, {
    description: "The interactions the company is one of the companies of (`companies`), filtered and ordered (latest first by default).",
  })
  interactions(@Root() row: RowOf<typeof companyModel>, @Args(() => InteractionListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, interactionModel, COMPANY_LINK, row, args, info);
  }

  @FieldResolver(() => LocalDateScalar, { nullable: true, description: 'The date of its latest interaction that is not archived.' })
  latestInteractionDate(@Root() row: RowOf<typeof companyModel>, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    const embedded = embeddedValue<string | null>(row, info);
    return embedded !== undefined ? embedded : latestInteractionDate(ctx, row.id);
  }
}

/** Contact → interactions, through the interaction_contact link table; here so contacts do not depend on interactions. */
@Resolver(() => ContactType)
export class ContactInteractionFields {
  @FieldResolver(() => InteractionConnection, { description: 'The interactions the contact took part in, filtered and ordered (latest first by default).' })
  interactions(@Root() row: RowOf<typeof contactModel>, @Args(() => InteractionListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, interactionModel, { through: 'interaction_contact', key: 'interaction_id', parent: 'contact_id' }, row, args, info);
  }
}

/** How a company's interactions are found: through `companies` (the legacy company is always one of them). */
export const COMPANY_LINK = { through: 'interaction_company', key: 'interaction_id', parent: 'company_id' };

/** How an adviser's interactions are found: through the participants' link table. */
export const ADVISER_LINK = { through: 'interaction_dit_participant', key: 'interaction_id', parent: 'adviser_id' };

/**
 * Adviser → interactions, through the participants (interaction_dit_participant); here so the adviser
 * module does not depend on interactions. A dashboard's "my interactions" is `viewer { adviser { interactions } }`.
 */
@Resolver(() => AdviserType)
export class AdviserInteractionFields {
  @FieldResolver(() => InteractionConnection, {
    nullable: true,
    description:
      'The interactions the adviser took part in (a participant), filtered and ordered (latest first by default): e.g. their drafts with ' +
      '`filter: { status: { eq: DRAFT } }`. Null, with a FORBIDDEN error, for a caller who may not read interactions.',
  })
  interactions(@Root() row: RowOf<typeof adviserModel>, @Args(() => InteractionListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, interactionModel, ADVISER_LINK, row, args, info);
  }
}

/** How an investment project's interactions are found: by the interaction's own column. */
export const INVESTMENT_PROJECT_LINK = 'investment_project_id';

/** Investment project → interactions lives here: interactions depend on projects, not the reverse. */
@Resolver(() => InvestmentProjectType)
export class InvestmentProjectInteractionFields {
  @FieldResolver(() => InteractionConnection, { nullable: true, description: 'The interactions about the project, filtered and ordered (latest first by default).' })
  interactions(@Root() row: InvestmentProjectRow, @Args(() => InteractionListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, interactionModel, INVESTMENT_PROJECT_LINK, row, args, info);
  }
}
