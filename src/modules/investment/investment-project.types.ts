import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Float, Info, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { idIn, sqlJoin, withEmbeds, type Embed, type RowOf, type Sql } from '../../db/read-model.js';
import { connectionType, listArgsFor, enumFilter } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { childConnection } from '../../graphql/list.js';
import { linkedRows, registerLinkedList, type LinkTable } from '../../graphql/links.js';
import { embeddedList, embeddedValue, manyToOne, registerEmbed } from '../../graphql/lookahead.js';
import { DateTimeScalar, LocalDateScalar } from '../../graphql/scalars.js';
import { adviserModel, AdviserType, ArchivableType } from '../adviser/index.js';
import { companyModel, CompanyType } from '../company/index.js';
import { ContactType } from '../contact/index.js';
import { CountryType, metadataModels, SectorType, UkRegionType } from '../metadata/index.js';
import { InvestmentProjectPriority, InvestmentProjectStatus } from './investment-project.entity.js';
import { listIdsSql, PROJECT_LINKS } from './investment-project.links.js';
import { investmentProjectModel, investmentProjectStageLogModel, investmentProjectTeamMemberModel, type InvestmentProjectRow } from './investment-project.model.js';
import { incompleteFields } from './investment-project.stages.js';
import type { InvestmentProjectLists, InvestmentProjectState } from './investment-project.state.js';
import { investmentReferenceModels as im } from './investment.model.js';
import {
  FdiTypeType,
  FdiValueType,
  InvestmentBusinessActivityType,
  InvestmentDeliveryPartnerType,
  InvestmentProjectStageType,
  InvestmentStrategicDriverType,
  InvestmentTypeType,
  InvestorTypeType,
  InvolvementType,
  LikelihoodToLandType,
  ProjectManagerRequestStatusType,
  ReferralSourceActivityType,
  ReferralSourceMarketingType,
  ReferralSourceWebsiteType,
  SalaryRangeType,
  SpecificProgrammeType,
} from './investment.reference-data.js';

/** `DHP-` and the zero-padded number the sequence gave (Data Hub's project code). */
export const projectCode = (codeNumber: string | number) => `DHP-${String(codeNumber).padStart(8, '0')}`;

@ObjectType('InvestmentProject', { simpleResolvers: true, description: 'A company\'s plan to invest in the UK, moved through Prospect → Assign PM → Active → Verify win → Won.' })
export class InvestmentProjectType extends ArchivableType {
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => InvestmentProjectStatus) status!: InvestmentProjectStatus;
  @Field(() => String, { nullable: true }) reasonDelayed!: string | null;
  @Field(() => String, { nullable: true }) reasonAbandoned!: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dateAbandoned!: string | null;
  @Field(() => String, { nullable: true }) reasonLost!: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) dateLost!: string | null;
  @Field(() => LocalDateScalar) estimatedLandDate!: string;
  @Field(() => LocalDateScalar, { nullable: true }) actualLandDate!: string | null;
  @Field(() => InvestmentProjectPriority, { nullable: true }) priority!: InvestmentProjectPriority | null;
  @Field(() => String, { nullable: true }) referralSourceActivityEvent!: string | null;
  @Field(() => String, { nullable: true }) otherBusinessActivity!: string | null;
  @Field(() => Boolean, { nullable: true }) clientCannotProvideTotalInvestment!: boolean | null;
  @Field(() => Float, { nullable: true, description: 'In pounds.' }) totalInvestment!: number | null;
  @Field(() => Boolean, { nullable: true }) clientCannotProvideForeignInvestment!: boolean | null;
  @Field(() => Float, { nullable: true, description: 'In pounds.' }) foreignEquityInvestment!: number | null;
  @Field(() => Boolean, { nullable: true }) governmentAssistance!: boolean | null;
  @Field(() => Int, { nullable: true }) numberNewJobs!: number | null;
  @Field(() => Int, { nullable: true }) numberSafeguardedJobs!: number | null;
  @Field(() => Boolean, { nullable: true }) rAndDBudget!: boolean | null;
  @Field(() => Boolean, { nullable: true }) nonFdiRAndDBudget!: boolean | null;
  @Field(() => Boolean, { nullable: true }) newTechToUk!: boolean | null;
  @Field(() => Boolean, { nullable: true }) exportRevenue!: boolean | null;
  @Field(() => Float, { nullable: true, description: "In pounds: the sector's latest GVA multiplier times the foreign equity investment (capital sectors) or the new jobs (labour sectors); FDI projects only." })
  grossValueAdded!: number | null;
  @Field(() => String, { nullable: true }) clientRequirements!: string | null;
  @Field(() => Boolean, { nullable: true }) clientConsideringOtherCountries!: boolean | null;
  @Field(() => Boolean, { nullable: true }) siteAddressIsCompanyAddress!: boolean | null;
  @Field(() => String, { nullable: true }) address1!: string | null;
  @Field(() => String, { nullable: true }) address2!: string | null;
  @Field(() => String, { nullable: true }) addressTown!: string | null;
  @Field(() => String, { nullable: true }) addressPostcode!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the first project manager was assigned.' }) projectManagerFirstAssignedOn!: Date | null;
}

@ObjectType('InvestmentProjectTeamMember', { simpleResolvers: true })
export class InvestmentProjectTeamMemberType {
  @Field({ description: 'Their role on the project, in words.' }) role!: string;
}

@ObjectType('InvestmentProjectStageLogEntry', { simpleResolvers: true, description: 'A stage the project entered, and when.' })
export class InvestmentProjectStageLogEntryType {
  @Field(() => DateTimeScalar) createdOn!: Date;
}

export const InvestmentProjectConnection = connectionType('InvestmentProject', InvestmentProjectType);
export const InvestmentProjectListArgs = listArgsFor(investmentProjectModel, {
  status: enumFilter(InvestmentProjectStatus, 'InvestmentProjectStatus'),
  priority: enumFilter(InvestmentProjectPriority, 'InvestmentProjectPriority'),
}).ListArgs;
type ListArgs = InstanceType<typeof InvestmentProjectListArgs>;

// Look-ahead: a page of projects comes with its linked rows in its own statement when they are asked for.
for (const [field, link] of Object.entries(PROJECT_LINKS)) registerLinkedList('InvestmentProject', field, link);

const TEAM_MEMBER_COLUMNS = `select t.id, t.investment_project_id as "investmentProjectId", t.adviser_id as "adviserId", t.role`;
const STAGE_LOG_COLUMNS = `select t.id, t.investment_project_id as "investmentProjectId", t.stage_id as "stageId", t.adviser_id as "adviserId", t.created_on as "createdOn"`;

/** The rows of a child table of projects (team members, stage log) of one project as a JSON array in `order`, with their embeds. */
function childList(columns: string, table: string, order: string): (parent: string, nested: Embed[]) => Sql {
  return (parent, nested) => {
    const inner: Sql = { text: `select c.*, row_number() over (order by ${order}) as "__rn" from (${columns} from "${table}" t where t.investment_project_id = ${parent}."id") c`, params: [] };
    return sqlJoin([`(select coalesce(json_agg(x order by x."__rn"), '[]'::json) from (`, withEmbeds(inner, nested), ') x)']);
  };
}

registerEmbed('InvestmentProject', 'teamMembers', { kind: 'list', sql: childList(TEAM_MEMBER_COLUMNS, 'investment_project_team_member', 'c.role, c.id'), nodeType: 'InvestmentProjectTeamMember' });
registerEmbed('InvestmentProject', 'stageLog', { kind: 'list', sql: childList(STAGE_LOG_COLUMNS, 'investment_project_stage_log', 'c."createdOn", c.id'), nodeType: 'InvestmentProjectStageLogEntry' });

registerEmbed('InvestmentProject', 'incompleteFields', { kind: 'value', sql: listIdsSql });

const refs = {
  investmentType: manyToOne('InvestmentProject', 'investmentType', im.investmentType, 'investmentTypeId'),
  fdiType: manyToOne('InvestmentProject', 'fdiType', im.fdiType, 'fdiTypeId'),
  stage: manyToOne('InvestmentProject', 'stage', im.investmentProjectStage, 'stageId'),
  countryLostTo: manyToOne('InvestmentProject', 'countryLostTo', metadataModels.country, 'countryLostToId'),
  likelihoodToLand: manyToOne('InvestmentProject', 'likelihoodToLand', im.likelihoodToLand, 'likelihoodToLandId'),
  investorCompany: manyToOne('InvestmentProject', 'investorCompany', companyModel, 'investorCompanyId'),
  intermediateCompany: manyToOne('InvestmentProject', 'intermediateCompany', companyModel, 'intermediateCompanyId'),
  ukCompany: manyToOne('InvestmentProject', 'ukCompany', companyModel, 'ukCompanyId'),
  countryInvestmentOriginatesFrom: manyToOne('InvestmentProject', 'countryInvestmentOriginatesFrom', metadataModels.country, 'countryInvestmentOriginatesFromId'),
  clientRelationshipManager: manyToOne('InvestmentProject', 'clientRelationshipManager', adviserModel, 'clientRelationshipManagerId'),
  referralSourceAdviser: manyToOne('InvestmentProject', 'referralSourceAdviser', adviserModel, 'referralSourceAdviserId'),
  referralSourceActivity: manyToOne('InvestmentProject', 'referralSourceActivity', im.referralSourceActivity, 'referralSourceActivityId'),
  referralSourceActivityMarketing: manyToOne('InvestmentProject', 'referralSourceActivityMarketing', im.referralSourceMarketing, 'referralSourceActivityMarketingId'),
  referralSourceActivityWebsite: manyToOne('InvestmentProject', 'referralSourceActivityWebsite', im.referralSourceWebsite, 'referralSourceActivityWebsiteId'),
  sector: manyToOne('InvestmentProject', 'sector', metadataModels.sector, 'sectorId'),
  averageSalary: manyToOne('InvestmentProject', 'averageSalary', im.salaryRange, 'averageSalaryId'),
  fdiValue: manyToOne('InvestmentProject', 'fdiValue', im.fdiValue, 'fdiValueId'),
  projectManager: manyToOne('InvestmentProject', 'projectManager', adviserModel, 'projectManagerId'),
  projectManagerFirstAssignedBy: manyToOne('InvestmentProject', 'projectManagerFirstAssignedBy', adviserModel, 'projectManagerFirstAssignedById'),
  projectAssuranceAdviser: manyToOne('InvestmentProject', 'projectAssuranceAdviser', adviserModel, 'projectAssuranceAdviserId'),
  projectManagerRequestStatus: manyToOne('InvestmentProject', 'projectManagerRequestStatus', im.projectManagerRequestStatus, 'projectManagerRequestStatusId'),
  investorType: manyToOne('InvestmentProject', 'investorType', im.investorType, 'investorTypeId'),
  levelOfInvolvement: manyToOne('InvestmentProject', 'levelOfInvolvement', im.involvement, 'levelOfInvolvementId'),
  teamMemberAdviser: manyToOne('InvestmentProjectTeamMember', 'adviser', adviserModel, 'adviserId'),
  stageLogStage: manyToOne('InvestmentProjectStageLogEntry', 'stage', im.investmentProjectStage, 'stageId'),
  stageLogAdviser: manyToOne('InvestmentProjectStageLogEntry', 'adviser', adviserModel, 'adviserId'),
};

const linked = (ctx: Context, row: InvestmentProjectRow, info: GraphQLResolveInfo, link: LinkTable) => embeddedList(row, info) ?? linkedRows(ctx, link, row.id);

/** A project's rows of a child table when its statement did not embed them: one statement per batch of projects. */
function childRows(ctx: Context, columns: string, table: string, order: string, projectId: string) {
  return ctx.loaders
    .byOwner(`child:${table}`, (ids) => {
      const match = idIn('t.investment_project_id', ids);
      return { text: `${columns}, t.investment_project_id as "__owner" from "${table}" t where ${match.text} order by ${order}`, params: match.params };
    })
    .load(projectId);
}

/** What the next stage still needs, from the row and its lists (embedded, or read for this project alone). */
async function incompleteOf(ctx: Context, row: InvestmentProjectRow, info: GraphQLResolveInfo): Promise<string[]> {
  const lists =
    embeddedValue<InvestmentProjectLists>(row, info) ??
    ((
      await ctx.loaders
        .byOwner('incompleteFields', (ids) => {
          const match = idIn('t.id', ids);
          return { text: `select ${listIdsSql('t').text} as "lists", t.id as "__owner" from investment_project t where ${match.text}`, params: match.params };
        })
        .load(row.id)
    )[0]?.lists as InvestmentProjectLists);
  return incompleteFields({ ...(row as unknown as InvestmentProjectState), ...lists });
}

@Resolver(() => InvestmentProjectType)
export class InvestmentProjectFields {
  @FieldResolver(() => String, { description: 'DHP- and eight digits, from a sequence: never reused. Its digits find it in search.' })
  projectCode(@Root() row: InvestmentProjectRow) {
    return projectCode(row.codeNumber);
  }

  @FieldResolver(() => [String], { description: 'The fields (input names) the next stage still needs, in form order; empty at Won.' })
  incompleteFields(@Root() row: InvestmentProjectRow, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return incompleteOf(ctx, row, info);
  }

  @FieldResolver(() => InvestmentTypeType) investmentType(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.investmentType(ctx, row); }
  @FieldResolver(() => FdiTypeType, { nullable: true }) fdiType(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.fdiType(ctx, row); }
  @FieldResolver(() => InvestmentProjectStageType) stage(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.stage(ctx, row); }
  @FieldResolver(() => CountryType, { nullable: true }) countryLostTo(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.countryLostTo(ctx, row); }
  @FieldResolver(() => LikelihoodToLandType, { nullable: true }) likelihoodToLand(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.likelihoodToLand(ctx, row); }
  @FieldResolver(() => CompanyType, { nullable: true }) investorCompany(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.investorCompany(ctx, row); }
  @FieldResolver(() => CompanyType, { nullable: true }) intermediateCompany(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.intermediateCompany(ctx, row); }
  @FieldResolver(() => CompanyType, { nullable: true }) ukCompany(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.ukCompany(ctx, row); }
  @FieldResolver(() => CountryType, { nullable: true, description: "The investor company's country, copied until the project is won." })
  countryInvestmentOriginatesFrom(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.countryInvestmentOriginatesFrom(ctx, row); }
  @FieldResolver(() => AdviserType, { nullable: true }) clientRelationshipManager(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.clientRelationshipManager(ctx, row); }
  @FieldResolver(() => AdviserType, { nullable: true }) referralSourceAdviser(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.referralSourceAdviser(ctx, row); }
  @FieldResolver(() => ReferralSourceActivityType, { nullable: true }) referralSourceActivity(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.referralSourceActivity(ctx, row); }
  @FieldResolver(() => ReferralSourceMarketingType, { nullable: true }) referralSourceActivityMarketing(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.referralSourceActivityMarketing(ctx, row); }
  @FieldResolver(() => ReferralSourceWebsiteType, { nullable: true }) referralSourceActivityWebsite(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.referralSourceActivityWebsite(ctx, row); }
  @FieldResolver(() => SectorType, { nullable: true }) sector(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.sector(ctx, row); }
  @FieldResolver(() => SalaryRangeType, { nullable: true }) averageSalary(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.averageSalary(ctx, row); }
  @FieldResolver(() => FdiValueType, { nullable: true }) fdiValue(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.fdiValue(ctx, row); }
  @FieldResolver(() => AdviserType, { nullable: true }) projectManager(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.projectManager(ctx, row); }
  @FieldResolver(() => AdviserType, { nullable: true }) projectManagerFirstAssignedBy(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.projectManagerFirstAssignedBy(ctx, row); }
  @FieldResolver(() => AdviserType, { nullable: true }) projectAssuranceAdviser(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.projectAssuranceAdviser(ctx, row); }
  @FieldResolver(() => ProjectManagerRequestStatusType, { nullable: true }) projectManagerRequestStatus(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.projectManagerRequestStatus(ctx, row); }
  @FieldResolver(() => InvestorTypeType, { nullable: true }) investorType(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.investorType(ctx, row); }
  @FieldResolver(() => InvolvementType, { nullable: true }) levelOfInvolvement(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context) { return refs.levelOfInvolvement(ctx, row); }

  @FieldResolver(() => [ContactType], { description: 'Contacts of the investor company.' })
  clientContacts(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.clientContacts); }
  @FieldResolver(() => [InvestmentBusinessActivityType])
  businessActivities(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.businessActivities); }
  @FieldResolver(() => [InvestmentStrategicDriverType])
  strategicDrivers(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.strategicDrivers); }
  @FieldResolver(() => [UkRegionType], { description: 'The UK regions the project might land in.' })
  ukRegionLocations(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.ukRegionLocations); }
  @FieldResolver(() => [UkRegionType], { description: 'The UK regions it landed in.' })
  actualUkRegions(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.actualUkRegions); }
  @FieldResolver(() => [InvestmentDeliveryPartnerType])
  deliveryPartners(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.deliveryPartners); }
  @FieldResolver(() => [SpecificProgrammeType])
  specificProgrammes(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.specificProgrammes); }
  @FieldResolver(() => [CountryType], { description: 'The other countries the client is considering.' })
  competitorCountries(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return linked(ctx, row, info, PROJECT_LINKS.competitorCountries); }

  @FieldResolver(() => [InvestmentProjectTeamMemberType], { description: 'The advisers on the project besides its manager and assurance adviser, by role.' })
  teamMembers(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return embeddedList(row, info) ?? childRows(ctx, TEAM_MEMBER_COLUMNS, 'investment_project_team_member', 't.role, t.id', row.id);
  }

  @FieldResolver(() => [InvestmentProjectStageLogEntryType], { description: 'Every stage the project entered, oldest first.' })
  stageLog(@Root() row: InvestmentProjectRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return embeddedList(row, info) ?? childRows(ctx, STAGE_LOG_COLUMNS, 'investment_project_stage_log', 't.created_on, t.id', row.id);
  }
}

@Resolver(() => InvestmentProjectTeamMemberType)
export class InvestmentProjectTeamMemberFields {
  @FieldResolver(() => AdviserType)
  adviser(@Root() row: RowOf<typeof investmentProjectTeamMemberModel>, @Ctx() ctx: Context) {
    return refs.teamMemberAdviser(ctx, row);
  }
}

@Resolver(() => InvestmentProjectStageLogEntryType)
export class InvestmentProjectStageLogFields {
  @FieldResolver(() => InvestmentProjectStageType)
  stage(@Root() row: RowOf<typeof investmentProjectStageLogModel>, @Ctx() ctx: Context) {
    return refs.stageLogStage(ctx, row);
  }

  @FieldResolver(() => AdviserType, { nullable: true, description: 'Who moved it; none for a partner client.' })
  adviser(@Root() row: RowOf<typeof investmentProjectStageLogModel>, @Ctx() ctx: Context) {
    return refs.stageLogAdviser(ctx, row);
  }
}

/** How a company's projects (as investor) are found. */
export const INVESTOR_LINK = 'investor_company_id';
registerEmbed('Company', 'investmentProjects', { kind: 'connection', model: investmentProjectModel, link: INVESTOR_LINK, nodeType: 'InvestmentProject' });

/** Company → investment projects lives here so the company module does not depend on investment. */
@Resolver(() => CompanyType)
export class CompanyInvestmentProjectsField {
  @FieldResolver(() => InvestmentProjectConnection, { nullable: true, description: 'The projects the company is the investor of, filtered and ordered (newest first by default).' })
  investmentProjects(@Root() row: RowOf<typeof companyModel>, @Args(() => InvestmentProjectListArgs) args: ListArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: Context) {
    return childConnection(ctx, investmentProjectModel, INVESTOR_LINK, row, args, info);
  }
}
