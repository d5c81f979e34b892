import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar, UUIDScalar } from '../../graphql/scalars.js';
import { InvestmentProjectPriority, InvestmentProjectStatus } from './investment-project.entity.js';

// The TypeScript enums' values are the database's ('1_low'), so GraphQL's LOW maps to the stored value both ways.
registerEnumType(InvestmentProjectStatus, { name: 'InvestmentProjectStatus', description: 'Where a project stands besides its stage; WON comes only with the Won stage.' });
registerEnumType(InvestmentProjectPriority, { name: 'InvestmentProjectPriority' });

/**
 * The fields a project's create and update share; on update every field is optional and null clears it.
 * Which fields a stage needs is `incompleteFields` on the project (investment-project.stages.ts).
 */
@InputType('InvestmentProjectFieldsBaseInput')
abstract class InvestmentProjectFieldsInput {
  @Field(() => UUIDScalar, { nullable: true, description: 'Required for an FDI project, and only for one.' })
  fdiTypeId?: string | null;

  @Field(() => InvestmentProjectStatus, { nullable: true, description: 'DELAYED needs reasonDelayed; LOST reasonLost and dateLost; ABANDONED reasonAbandoned and dateAbandoned.' })
  status?: InvestmentProjectStatus | null;

  @Field(() => String, { nullable: true }) reasonDelayed?: string | null;
  @Field(() => String, { nullable: true }) reasonAbandoned?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dateAbandoned?: string | null;
  @Field(() => String, { nullable: true }) reasonLost?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dateLost?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) countryLostToId?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Required from Verify win.' }) actualLandDate?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required from Active.' }) likelihoodToLandId?: string | null;
  @Field(() => InvestmentProjectPriority, { nullable: true }) priority?: InvestmentProjectPriority | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required. Its country becomes countryInvestmentOriginatesFrom until the project is won.' })
  investorCompanyId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) intermediateCompanyId?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required from Verify win.' }) ukCompanyId?: string | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Required: contacts of the investor company. Replaces the list.' }) clientContactIds?: string[] | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required: an active adviser.' }) clientRelationshipManagerId?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required: an active adviser.' }) referralSourceAdviserId?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required. Event, Marketing and Website need the field of their own below.' }) referralSourceActivityId?: string | null;
  @Field(() => String, { nullable: true }) referralSourceActivityEvent?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) referralSourceActivityMarketingId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) referralSourceActivityWebsiteId?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Required.' }) sectorId?: string | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Required (at least one); Other needs otherBusinessActivity. Replaces the list.' }) businessActivityIds?: string[] | null;
  @Field(() => String, { nullable: true }) otherBusinessActivity?: string | null;
  @Field(() => Boolean, { nullable: true }) clientCannotProvideTotalInvestment?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'In pounds.' }) totalInvestment?: number | null;
  @Field(() => Boolean, { nullable: true }) clientCannotProvideForeignInvestment?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'In pounds.' }) foreignEquityInvestment?: number | null;
  @Field(() => Boolean, { nullable: true }) governmentAssistance?: boolean | null;
  @Field(() => Int, { nullable: true }) numberNewJobs?: number | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'A salary range; required when there are new jobs, from Verify win.' }) averageSalaryId?: string | null;
  @Field(() => Int, { nullable: true }) numberSafeguardedJobs?: number | null;
  @Field(() => Boolean, { nullable: true }) rAndDBudget?: boolean | null;
  @Field(() => Boolean, { nullable: true }) nonFdiRAndDBudget?: boolean | null;
  @Field(() => Boolean, { nullable: true }) newTechToUk?: boolean | null;
  @Field(() => Boolean, { nullable: true }) exportRevenue?: boolean | null;
  @Field(() => UUIDScalar, { nullable: true }) fdiValueId?: string | null;
  @Field(() => String, { nullable: true }) clientRequirements?: string | null;
  @Field(() => Boolean, { nullable: true }) clientConsideringOtherCountries?: boolean | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'The other countries the client is considering. Replaces the list.' }) competitorCountryIds?: string[] | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Possible UK regions. Replaces the list.' }) ukRegionLocationIds?: string[] | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list.' }) actualUkRegionIds?: string[] | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list.' }) strategicDriverIds?: string[] | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list.' }) deliveryPartnerIds?: string[] | null;
  @Field(() => [UUIDScalar], { nullable: true, description: 'Replaces the list.' }) specificProgrammeIds?: string[] | null;
  @Field(() => Boolean, { nullable: true }) siteAddressIsCompanyAddress?: boolean | null;
  @Field(() => String, { nullable: true }) address1?: string | null;
  @Field(() => String, { nullable: true }) address2?: string | null;
  @Field(() => String, { nullable: true }) addressTown?: string | null;
  @Field(() => String, { nullable: true }) addressPostcode?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'An active adviser; the first one is stamped with who assigned them and when.' }) projectManagerId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) projectAssuranceAdviserId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) projectManagerRequestStatusId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) investorTypeId?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) levelOfInvolvementId?: string | null;
}

@InputType('InvestmentProjectCreateInput', { description: 'A new project starts at Prospect, ongoing; its code comes from a sequence.' })
export class InvestmentProjectCreateInput extends InvestmentProjectFieldsInput {
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => UUIDScalar) investmentTypeId!: string;
  @Field(() => LocalDateScalar) estimatedLandDate!: string;
}

@InputType('InvestmentProjectUpdateInput', {
  description: 'Only the fields given change; null clears a field. Giving stageId moves the project and checks every field that stage needs; otherwise only the fields given are checked.',
})
export class InvestmentProjectUpdateInput extends InvestmentProjectFieldsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => UUIDScalar, { nullable: true }) investmentTypeId?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) estimatedLandDate?: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'A stage: forward to Verify win only by the PM or PAA, to Won only with change_to_any_stage_investmentproject.' })
  stageId?: string | null;
}

@InputType('InvestmentProjectTeamMemberInput')
export class InvestmentProjectTeamMemberInput {
  @Field(() => UUIDScalar) adviserId!: string;
  @Field({ description: 'Their role on the project, in words.' }) role!: string;
}
