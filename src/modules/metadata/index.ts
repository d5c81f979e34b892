import { defineModule } from '../../module.js';
import { metadataReasons as reasons } from './metadata.reasons.js';
import * as entities from './metadata.entities.js';
import { metadataPermissions as rules } from './metadata.permissions.js';
import { MetadataResolver as Root } from './metadata.resolver.js';
import { AdministrativeAreaFields, CountryFields, SectorFields, ServiceFields, ServiceQuestionFields } from './metadata.types.js';
export { metadataModels, referenceModel, type MetadataTable } from './metadata.models.js';
export { listReference, listReferenceRows, servicesInContexts, servicesWithChildren } from './metadata.service.js';
export { referenceList } from './metadata.lists.js';
export { servicesInContextsList } from './metadata.service.js';
export { checkReference, checkReferenceRow, checkReferenceRows, checkReferences, loadReferences, loadWithReferences, namesAny, type ReferenceIds, type References } from './metadata.references.js';
export * from './metadata.types.js';
export { MetadataResolver, referenceListFields, type ReferenceListField } from './metadata.resolver.js';
// Its entities (the ORM's write side), for the other modules' relations to reference rows, and REF's stable ids.
export * from './metadata.entities.js';
export { metadataPermissions } from './metadata.permissions.js';
/** Reference data: Data Hub's reference tables, read by everyone who may (src/module.ts). */
export const metadataModule = defineModule({
  name: 'metadata',
  entities: [
    entities.ReferenceEntity,
    entities.OrderedReferenceEntity,
    entities.OverseasRegion,
    entities.Country,
    entities.UkRegion,
    entities.AdministrativeArea,
    entities.Sector,
    entities.BusinessType,
    entities.EmployeeRange,
    entities.TurnoverRange,
    entities.HeadquarterType,
    entities.OneListTier,
    entities.TeamRole,
    entities.Title,
    entities.Service,
    entities.ServiceQuestion,
    entities.ServiceAnswerOption,
    entities.CommunicationChannel,
    entities.PolicyArea,
    entities.PolicyIssueType,
    entities.ServiceDeliveryStatus,
  ],
  resolvers: [Root, CountryFields, AdministrativeAreaFields, SectorFields, ServiceFields, ServiceQuestionFields],
  rules,
  reasons,
});
