import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { currentAuditScope } from '../../audit/actor.js';
import { auditEventIn } from '../../audit/audit-event.entity.js';
import type { ArchivableEntity } from '../../db/base.entity.js';
import { Adviser } from '../adviser/index.js';

/**
 * The housekeeping jobs' writes, through the ORM in batches of BATCH records, each batch one transaction:
 * companies and contacts are audited records, so the audit subscriber records each one's archive as the job
 * (runJob runs the job as its actor), in the batch's own flush. A batch re-reads its records, so one archived
 * or deactivated by someone else meanwhile is left alone and not counted. The run's signal is checked
 * between batches: a run that lost its lock stops after the batch it is in.
 */
const BATCH = 200;

async function inBatches<T>(items: readonly T[], signal: AbortSignal | undefined, write: (batch: readonly T[]) => Promise<number>): Promise<number> {
  let changed = 0;
  for (let start = 0; start < items.length; start += BATCH) {
    signal?.throwIfAborted();
    changed += await write(items.slice(start, start + BATCH));
  }
  return changed;
}

/** Archives the records given, each with its reason, as no adviser (the audit names the job); how many it archived. */
export function archiveAll(em: EntityManager, entity: EntityClass<ArchivableEntity>, rows: readonly { id: string; reason: string }[], signal?: AbortSignal): Promise<number> {
  return inBatches(rows, signal, (batch) =>
    em.fork().transactional(async (tx) => {
      const reasons = new Map(batch.map((r) => [r.id, r.reason]));
      const records = await tx.find(entity, { id: { $in: [...reasons.keys()] }, archived: false } as never);
      const on = new Date();
      for (const record of records) Object.assign(record, { archived: true, archivedOn: on, archivedBy: null, archivedReason: reasons.get(record.id) });
      return records.length;
    }),
  );
}

/**
 * Deactivates the advisers given; how many it deactivated. An adviser is the access model's record, not one
 * the modules declare audited (declaring it would hold every adviser write anywhere to an audit scope), so
 * the subscriber does not see this change: each deactivation's audit row is written here instead, in the same
 * flush and shaped as the subscriber's (the scope's actor and operation, `update`, `isActive` true → false).
 */
export function deactivateAll(em: EntityManager, ids: readonly string[], signal?: AbortSignal): Promise<number> {
  const scope = currentAuditScope();
  if (!scope) throw new Error('advisers are deactivated only inside an audit scope (a job runs in its own: src/jobs/job-runs.ts)');
  return inBatches(ids, signal, (batch) =>
    em.fork().transactional(async (tx) => {
      const advisers = await tx.find(Adviser, { id: { $in: [...batch] }, isActive: true });
      const occurredOn = new Date();
      for (const adviser of advisers) {
        adviser.isActive = false;
        tx.persist(auditEventIn(scope, { occurredOn, entity: 'adviser', recordId: adviser.id, action: 'update', changes: { isActive: [true, false] } }));
      }
      return advisers.length;
    }),
  );
}
