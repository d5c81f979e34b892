import { defineReadModel, type FieldSpec, type ReadModel } from '../../db/read-model.js';

const base = { id: 'id', name: 'name', disabledOn: 'disabled_on' };
const baseFields: Record<string, FieldSpec> = {
  id: { column: 'id', type: 'id', sort: true },
  name: { column: 'name', type: 'string', sort: true },
  disabledOn: { column: 'disabled_on', type: 'datetime' },
};

/** A read model of a reference table: id, name, disabledOn, plus its own columns. */
function reference(name: string, table: string, extra: Record<string, string> = {}, ordered = false): ReadModel {
  const columns = { ...base, ...(ordered ? { order: 'order' } : {}), ...extra };
  const fields: Record<string, FieldSpec> = { ...baseFields };
  if (ordered) fields.order = { column: 'order', type: 'float', sort: true };
  return defineReadModel({
    name,
    table,
    columns,
    fields,
    defaultOrder: ordered ? [{ field: 'order', direction: 'ASC' }, { field: 'name', direction: 'ASC' }] : [{ field: 'name', direction: 'ASC' }],
  });
}

export const metadataModels = {
  country: reference('Country', 'metadata_country', { isoAlpha2Code: 'iso_alpha2_code', overseasRegionId: 'overseas_region_id' }),
  overseasRegion: reference('OverseasRegion', 'metadata_overseas_region'),
  ukRegion: reference('UkRegion', 'metadata_uk_region'),
  administrativeArea: reference('AdministrativeArea', 'metadata_administrative_area', { areaCode: 'area_code', countryId: 'country_id' }),
  sector: reference('Sector', 'metadata_sector', { segment: 'segment', parentId: 'parent_id' }),
  businessType: reference('BusinessType', 'metadata_business_type'),
  employeeRange: reference('EmployeeRange', 'metadata_employee_range', {}, true),
  turnoverRange: reference('TurnoverRange', 'metadata_turnover_range', {}, true),
  headquarterType: reference('HeadquarterType', 'metadata_headquarter_type'),
  oneListTier: reference('OneListTier', 'metadata_one_list_tier', {}, true),
  teamRole: reference('TeamRole', 'metadata_team_role', { groups: 'groups' }),
  title: reference('Title', 'metadata_title'),
  service: reference('Service', 'metadata_service', { segment: 'segment', parentId: 'parent_id', contexts: 'contexts' }, true),
  serviceQuestion: reference('ServiceQuestion', 'metadata_service_question', { serviceId: 'service_id' }, true),
  serviceAnswerOption: reference('ServiceAnswerOption', 'metadata_service_answer_option', { questionId: 'question_id' }, true),
  communicationChannel: reference('CommunicationChannel', 'metadata_communication_channel'),
  policyArea: reference('PolicyArea', 'metadata_policy_area', {}, true),
  policyIssueType: reference('PolicyIssueType', 'metadata_policy_issue_type', {}, true),
  serviceDeliveryStatus: reference('ServiceDeliveryStatus', 'metadata_service_delivery_status', {}, true),
} satisfies Record<string, ReadModel>;

export type MetadataTable = keyof typeof metadataModels;
