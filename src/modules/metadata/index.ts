export { metadataModels, type MetadataTable } from './metadata.models.js';
export { checkReference, checkReferences, listReference, servicesWithChildren } from './metadata.service.js';
export * from './metadata.types.js';
export { MetadataResolver } from './metadata.resolver.js';
export { metadataPermissions } from './metadata.permissions.js';
