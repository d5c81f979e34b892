import { AuditEvent } from '../audit/audit-event.entity.js';
import { ApiClient } from '../auth/api-client.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import type { AuditedChild, AuditedEntity } from '../module.js';
import { MODULES } from '../modules/index.js';
import { ArchivableEntity, TrackedEntity } from './base.entity.js';

/** Every entity the ORM knows: the bases, the access model's and the audit's, and each module's. */
export const entities = [TrackedEntity, ArchivableEntity, ...MODULES.flatMap((m) => m.entities ?? []), ApiClient, ApiToken, AuditEvent];

/** What the audit records (src/audit/audit.subscriber.ts): the modules' records, and the access model's. */
export const auditedRecords = {
  audited: MODULES.flatMap((m): readonly AuditedEntity[] => m.audited ?? []),
  children: MODULES.flatMap((m): readonly AuditedChild[] => m.auditedChildren ?? []),
  access: [ApiClient, ApiToken] as readonly Function[],
};
