import { defineReadModel, float, text, textArray, timestamp, uuid, type ColumnSpecs, type FieldSpec, type ReadModel, type RowOf, type RowOfColumns } from '../../db/read-model.js';

const base = { id: uuid('id'), name: text('name'), disabledOn: timestamp('disabled_on').orNull() };
const baseFields = {
  id: { column: 'id', type: 'id', sort: true },
  name: { column: 'name', type: 'string', sort: true },
  disabledOn: { column: 'disabled_on', type: 'datetime' },
} as const satisfies Record<string, FieldSpec>;

/** What every reference row has: an id, a name, and when it was disabled (null while it may be chosen). */
export type ReferenceRow = RowOfColumns<typeof base>;

/** The row of a reference table with these columns of its own, `order` too when it is ordered. */
export type ReferenceRowOf<Extra extends ColumnSpecs, Ordered extends boolean> = ReferenceRow & (Ordered extends true ? { order: number } : unknown) & RowOfColumns<Extra>;

/** A read model of a reference table: id, name, disabledOn, plus its own columns (other modules' own reference tables too). */
export function referenceModel<const Extra extends ColumnSpecs = {}, Ordered extends boolean = false>(
  name: string,
  table: string,
  extra: Extra = {} as Extra,
  ordered: Ordered = false as Ordered,
): ReadModel<ReferenceRowOf<Extra, Ordered>> {
  const columns = { ...base, ...(ordered ? { order: float('order') } : {}), ...extra };
  const fields: Record<string, FieldSpec> = { ...baseFields };
  if (ordered) fields.order = { column: 'order', type: 'float', sort: true };
  // Typed by the return type below: `columns` has `order` exactly when `ordered` is true, which its own type
  // cannot say, and the fields are checked against the columns by test/unit/read-model-columns.test.ts.
  const model = defineReadModel({
    name,
    table,
    columns: columns as ColumnSpecs,
    fields,
    defaultOrder: ordered ? [{ field: 'order', direction: 'ASC' }, { field: 'name', direction: 'ASC' }] : [{ field: 'name', direction: 'ASC' }],
  });
  return model as ReadModel<ReferenceRowOf<Extra, Ordered>>;
}

export const metadataModels = {
  country: referenceModel('Country', 'metadata_country', { isoAlpha2Code: text('iso_alpha2_code').orNull(), overseasRegionId: uuid('overseas_region_id').orNull() }),
  overseasRegion: referenceModel('OverseasRegion', 'metadata_overseas_region'),
  ukRegion: referenceModel('UkRegion', 'metadata_uk_region'),
  administrativeArea: referenceModel('AdministrativeArea', 'metadata_administrative_area', { areaCode: text('area_code').orNull(), countryId: uuid('country_id') }),
  sector: referenceModel('Sector', 'metadata_sector', { segment: text('segment'), parentId: uuid('parent_id').orNull() }),
  businessType: referenceModel('BusinessType', 'metadata_business_type'),
  employeeRange: referenceModel('EmployeeRange', 'metadata_employee_range', {}, true),
  turnoverRange: referenceModel('TurnoverRange', 'metadata_turnover_range', {}, true),
  headquarterType: referenceModel('HeadquarterType', 'metadata_headquarter_type'),
  oneListTier: referenceModel('OneListTier', 'metadata_one_list_tier', {}, true),
  teamRole: referenceModel('TeamRole', 'metadata_team_role', { groups: textArray('groups') }),
  title: referenceModel('Title', 'metadata_title'),
  service: referenceModel('Service', 'metadata_service', { segment: text('segment'), parentId: uuid('parent_id').orNull(), contexts: textArray('contexts') }, true),
  serviceQuestion: referenceModel('ServiceQuestion', 'metadata_service_question', { serviceId: uuid('service_id') }, true),
  serviceAnswerOption: referenceModel('ServiceAnswerOption', 'metadata_service_answer_option', { questionId: uuid('question_id') }, true),
  communicationChannel: referenceModel('CommunicationChannel', 'metadata_communication_channel'),
  policyArea: referenceModel('PolicyArea', 'metadata_policy_area', {}, true),
  policyIssueType: referenceModel('PolicyIssueType', 'metadata_policy_issue_type', {}, true),
  serviceDeliveryStatus: referenceModel('ServiceDeliveryStatus', 'metadata_service_delivery_status', {}, true),
} satisfies Record<string, ReadModel>;

export type MetadataTable = keyof typeof metadataModels;

/** A row of a metadata table: `MetadataRow<'country'>` has `isoAlpha2Code` and `overseasRegionId`. */
export type MetadataRow<T extends MetadataTable> = RowOf<(typeof metadataModels)[T]>;
