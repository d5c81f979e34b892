import { defineReadModel, type FieldSpec, type ReadModel } from '../../db/read-model.js';

const base = { id: 'id', name: 'name', disabledOn: 'disabled_on' };
const baseFields: Record<string, FieldSpec> = {
  id: { column: 'id', type: 'id', sort: true },
  name: { column: 'name', type: 'string', sort: true },
  disabledOn: { column: 'disabled_on', type: 'datetime' },
};

/** A read model of a reference table: id, name, disabledOn, plus its own columns (other modules' own reference tables too). */
export function referenceModel(name: string, table: string, extra: Record<string, string> = {}, ordered = false): ReadModel {
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
  country: referenceModel('Country', 'metadata_country', { isoAlpha2Code: 'iso_alpha2_code', overseasRegionId: 'overseas_region_id' }),
  overseasRegion: referenceModel('OverseasRegion', 'metadata_overseas_region'),
  ukRegion: referenceModel('UkRegion', 'metadata_uk_region'),
  administrativeArea: referenceModel('AdministrativeArea', 'metadata_administrative_area', { areaCode: 'area_code', countryId: 'country_id' }),
  sector: referenceModel('Sector', 'metadata_sector', { segment: 'segment', parentId: 'parent_id' }),
  businessType: referenceModel('BusinessType', 'metadata_business_type'),
  employeeRange: referenceModel('EmployeeRange', 'metadata_employee_range', {}, true),
  turnoverRange: referenceModel('TurnoverRange', 'metadata_turnover_range', {}, true),
  headquarterType: referenceModel('HeadquarterType', 'metadata_headquarter_type'),
  oneListTier: referenceModel('OneListTier', 'metadata_one_list_tier', {}, true),
  teamRole: referenceModel('TeamRole', 'metadata_team_role', { groups: 'groups' }),
  title: referenceModel('Title', 'metadata_title'),
  service: referenceModel('Service', 'metadata_service', { segment: 'segment', parentId: 'parent_id', contexts: 'contexts' }, true),
  serviceQuestion: referenceModel('ServiceQuestion', 'metadata_service_question', { serviceId: 'service_id' }, true),
  serviceAnswerOption: referenceModel('ServiceAnswerOption', 'metadata_service_answer_option', { questionId: 'question_id' }, true),
  communicationChannel: referenceModel('CommunicationChannel', 'metadata_communication_channel'),
  policyArea: referenceModel('PolicyArea', 'metadata_policy_area', {}, true),
  policyIssueType: referenceModel('PolicyIssueType', 'metadata_policy_issue_type', {}, true),
  serviceDeliveryStatus: referenceModel('ServiceDeliveryStatus', 'metadata_service_delivery_status', {}, true),
} satisfies Record<string, ReadModel>;

export type MetadataTable = keyof typeof metadataModels;
