import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver, type ClassType } from 'type-graphql';
import type { ReadModel } from '../../db/read-model.js';
import type { Context } from '../../graphql/context.js';
import { readReferenceData, type RuleTree } from '../../graphql/rules.js';
import { referenceList } from './metadata.lists.js';
import { metadataModels } from './metadata.models.js';
import * as t from './metadata.types.js';

/** A reference list as a root field (`countries(includeDisabled)`): its name, read model, GraphQL type and description. */
export type ReferenceListField = [field: string, model: ReadModel, type: ClassType, description: string];

/**
 * The root fields of reference lists, with their rule: the metadata module's and other modules' own reference
 * tables alike. Every list reads the same way: the lists a request asks for, with the related rows their
 * selections ask for, come from one statement (metadata.lists.ts), and every one is readable by every adviser
 * and by partner clients with the `metadata` scope.
 */
export function referenceListFields(lists: readonly ReferenceListField[]): { resolver: ClassType; rules: RuleTree } {
  @Resolver()
  class ReferenceListResolver {}

  // One method per list, added to the resolver class.
  for (const [field, model, type, description] of lists) {
    const method = function (this: unknown, includeDisabled: boolean, ctx: Context, info: GraphQLResolveInfo) {
      return referenceList(ctx, model, includeDisabled, info);
    };
    Object.defineProperty(ReferenceListResolver.prototype, field, { value: method, writable: true, configurable: true });
    Arg('includeDisabled', () => Boolean, { defaultValue: false, description: 'Include disabled rows (kept on old records).' })(ReferenceListResolver.prototype, field, 0);
    Ctx()(ReferenceListResolver.prototype, field, 1);
    Info()(ReferenceListResolver.prototype, field, 2);
    Query(() => [type], { name: field, description })(ReferenceListResolver.prototype, field, Object.getOwnPropertyDescriptor(ReferenceListResolver.prototype, field)!);
  }
  return { resolver: ReferenceListResolver, rules: { Query: Object.fromEntries(lists.map(([field]) => [field, readReferenceData])) } };
}

const m = metadataModels;

/** The shared reference lists, one root field per table. */
export const metadataLists = referenceListFields([
  ['countries', m.country, t.CountryType, 'Countries.'],
  ['overseasRegions', m.overseasRegion, t.OverseasRegionType, 'DIT overseas regions.'],
  ['ukRegions', m.ukRegion, t.UkRegionType, 'UK regions.'],
  ['administrativeAreas', m.administrativeArea, t.AdministrativeAreaType, 'US states, Canadian provinces and similar.'],
  ['sectors', m.sector, t.SectorType, 'The sector tree, every node.'],
  ['businessTypes', m.businessType, t.BusinessTypeType, 'Business types.'],
  ['employeeRanges', m.employeeRange, t.EmployeeRangeType, 'Employee ranges.'],
  ['turnoverRanges', m.turnoverRange, t.TurnoverRangeType, 'Turnover ranges.'],
  ['headquarterTypes', m.headquarterType, t.HeadquarterTypeType, 'Headquarter types.'],
  ['oneListTiers', m.oneListTier, t.OneListTierType, 'One List tiers.'],
  ['teamRoles', m.teamRole, t.TeamRoleType, 'Team roles.'],
  ['titles', m.title, t.TitleType, 'Titles.'],
  ['services', m.service, t.ServiceType, 'The service tree, every node; only leaves may be chosen.'],
  ['communicationChannels', m.communicationChannel, t.CommunicationChannelType, 'Communication channels.'],
  ['policyAreas', m.policyArea, t.PolicyAreaType, 'Policy areas.'],
  ['policyIssueTypes', m.policyIssueType, t.PolicyIssueTypeType, 'Policy issue types.'],
  ['serviceDeliveryStatuses', m.serviceDeliveryStatus, t.ServiceDeliveryStatusType, 'Service delivery statuses.'],
]);

export const MetadataResolver = metadataLists.resolver;
