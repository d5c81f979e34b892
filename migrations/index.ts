import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000Initial } from './Migration20261123000000Initial.js';
import { Migration20261126000001Permissions } from './Migration20261126000001Permissions.js';
import { Migration20261126000002ApiClients } from './Migration20261126000002ApiClients.js';
import { Migration20261126000003AuditEvents } from './Migration20261126000003AuditEvents.js';
import { Migration20261126000004SearchDocuments } from './Migration20261126000004SearchDocuments.js';
import { Migration20261126000005SearchOutbox } from './Migration20261126000005SearchOutbox.js';
import { Migration20261126000006UserEvents } from './Migration20261126000006UserEvents.js';
import { Migration20261126000007CompanyExportCountries } from './Migration20261126000007CompanyExportCountries.js';
import { Migration20261126000008SearchIndexKeys } from './Migration20261126000008SearchIndexKeys.js';
import { Migration20261126000009SearchDependencies } from './Migration20261126000009SearchDependencies.js';
import { Migration20261126000010HawkNonces } from './Migration20261126000010HawkNonces.js';
import { Migration20261126000011SearchGuardedText } from './Migration20261126000011SearchGuardedText.js';
import { Migration20261126000012SearchCompanyArchived } from './Migration20261126000012SearchCompanyArchived.js';
import { Migration20261204000013Events } from './Migration20261204000013Events.js';

/**
 * Every migration, in order. Listed here rather than found by a glob so that the same list runs from
 * compiled JavaScript, from the tests' TypeScript and from a bundle. Add each new migration at the end.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261126000001Permissions', class: Migration20261126000001Permissions },
  { name: 'Migration20261126000002ApiClients', class: Migration20261126000002ApiClients },
  { name: 'Migration20261126000003AuditEvents', class: Migration20261126000003AuditEvents },
  { name: 'Migration20261126000004SearchDocuments', class: Migration20261126000004SearchDocuments },
  { name: 'Migration20261126000005SearchOutbox', class: Migration20261126000005SearchOutbox },
  { name: 'Migration20261126000006UserEvents', class: Migration20261126000006UserEvents },
  { name: 'Migration20261126000007CompanyExportCountries', class: Migration20261126000007CompanyExportCountries },
  { name: 'Migration20261126000008SearchIndexKeys', class: Migration20261126000008SearchIndexKeys },
  { name: 'Migration20261126000009SearchDependencies', class: Migration20261126000009SearchDependencies },
  { name: 'Migration20261126000010HawkNonces', class: Migration20261126000010HawkNonces },
  { name: 'Migration20261126000011SearchGuardedText', class: Migration20261126000011SearchGuardedText },
  { name: 'Migration20261126000012SearchCompanyArchived', class: Migration20261126000012SearchCompanyArchived },
  { name: 'Migration20261204000013Events', class: Migration20261204000013Events },
];
