import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';
import type { ActorKind, AuditScope } from './actor.js';

export type AuditAction = 'create' | 'update' | 'delete';

/** `{ field: [old, new] }`; relations by id, link tables as sorted id lists, dates as ISO strings. */
export type AuditChanges = Record<string, [unknown, unknown]>;

/**
 * One change to one audited record, written in the same flush (so the same transaction) as the change:
 * who made it, when, under which operation, and which fields changed from what to what. Written only by
 * the audit subscriber (src/audit/audit.subscriber.ts); never updated or deleted by the gateway.
 */
@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  [OptionalProps]?: 'id' | 'occurredOn' | 'requestId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'timestamptz' })
  occurredOn: Date = new Date();

  @Property({ type: 'text' })
  actorKind!: ActorKind;

  /** The adviser's or the client's id; null for a job. */
  @Property({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The actor's name at the time (advisers and clients can be renamed later). */
  @Property({ type: 'text' })
  actorName!: string;

  /** The GraphQL operation name (or the mutation's root field when anonymous), or the job's name. */
  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  /** The audited entity's table: 'company', 'contact', 'interaction', 'api_client', 'api_token'. */
  @Property({ type: 'text' })
  entity!: string;

  @Property({ type: 'uuid' })
  recordId!: string;

  @Property({ type: 'text' })
  action!: AuditAction;

  @Property({ type: 'json' })
  changes!: AuditChanges;
}

/** An audit row for one change, made under `scope` (its actor, operation and request). */
export function auditEventIn(
  scope: AuditScope,
  change: { occurredOn: Date; entity: string; recordId: string; action: AuditAction; changes: AuditChanges },
): AuditEvent {
  return Object.assign(new AuditEvent(), {
    actorKind: scope.actor.kind,
    actorId: scope.actor.id,
    actorName: scope.actor.name,
    operation: scope.operation,
    requestId: scope.requestId ?? null,
    ...change,
  });
}
