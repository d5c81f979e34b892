import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver, type ClassType } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { referenceList } from './metadata.lists.js';
import { metadataModels, type MetadataTable } from './metadata.models.js';
import * as t from './metadata.types.js';

/** Root field name → table and GraphQL type: one list query per reference table. */
const LISTS: Array<[field: string, table: MetadataTable, type: ClassType, description: string]> = [
  ['countries', 'country', t.CountryType, 'Countries.'],
  ['overseasRegions', 'overseasRegion', t.OverseasRegionType, 'DIT overseas regions.'],
  ['ukRegions', 'ukRegion', t.UkRegionType, 'UK regions.'],
  ['administrativeAreas', 'administrativeArea', t.AdministrativeAreaType, 'US states, Canadian provinces and similar.'],
  ['sectors', 'sector', t.SectorType, 'The sector tree, every node.'],
  ['businessTypes', 'businessType', t.BusinessTypeType, 'Business types.'],
  ['employeeRanges', 'employeeRange', t.EmployeeRangeType, 'Employee ranges.'],
  ['turnoverRanges', 'turnoverRange', t.TurnoverRangeType, 'Turnover ranges.'],
  ['headquarterTypes', 'headquarterType', t.HeadquarterTypeType, 'Headquarter types.'],
  ['oneListTiers', 'oneListTier', t.OneListTierType, 'One List tiers.'],
  ['teamRoles', 'teamRole', t.TeamRoleType, 'Team roles.'],
  ['titles', 'title', t.TitleType, 'Titles.'],
  ['services', 'service', t.ServiceType, 'The service tree, every node; only leaves may be chosen.'],
  ['communicationChannels', 'communicationChannel', t.CommunicationChannelType, 'Communication channels.'],
  ['policyAreas', 'policyArea', t.PolicyAreaType, 'Policy areas.'],
  ['policyIssueTypes', 'policyIssueType', t.PolicyIssueTypeType, 'Policy issue types.'],
  ['serviceDeliveryStatuses', 'serviceDeliveryStatus', t.ServiceDeliveryStatusType, 'Service delivery statuses.'],
];

/** The root fields of the reference lists (each gets the same permission rule). */
export const REFERENCE_LIST_FIELDS: readonly string[] = LISTS.map(([field]) => field);

@Resolver()
export class MetadataResolver {}

// One method per list, added to the resolver class so every list reads the same way: the lists a request asks
// for, with the related rows their selections ask for, come from one statement (metadata.lists.ts).
for (const [field, table, type, description] of LISTS) {
  const method = function (this: unknown, includeDisabled: boolean, ctx: Context, info: GraphQLResolveInfo) {
    return referenceList(ctx, metadataModels[table], includeDisabled, info);
  };
  Object.defineProperty(MetadataResolver.prototype, field, { value: method, writable: true, configurable: true });
  Arg('includeDisabled', () => Boolean, { defaultValue: false, description: 'Include disabled rows (kept on old records).' })(MetadataResolver.prototype, field, 0);
  Ctx()(MetadataResolver.prototype, field, 1);
  Info()(MetadataResolver.prototype, field, 2);
  Query(() => [type], { name: field, description })(MetadataResolver.prototype, field, Object.getOwnPropertyDescriptor(MetadataResolver.prototype, field)!);
}
