import {
  ChangeSetType,
  ReferenceKind,
  type ChangeSet,
  type Collection,
  type EntityManager,
  type EntityMetadata,
  type EntityProperty,
  type EventSubscriber,
  type FlushEventArgs,
  type Platform,
} from '@mikro-orm/core';
import type { AuditedChild, AuditedEntity } from '../module.js';
import { newRecordValues } from '../db/insert-statement.js';
import { currentAuditScope, jobActor, type AuditScope } from './actor.js';
import { auditEventIn, type AuditAction, type AuditChanges, type AuditEvent } from './audit-event.entity.js';

/**
 * What is recorded. `audited`: the CRM records the modules declare (their manifests' `audited`), whose every
 * change is recorded, always with a declared actor; `children`: records whose changes are folded into their
 * parent's event (an interaction's participants). `access`: partner clients and credentials (issued,
 * revoked), recorded too, but the CLI and the quick start declare themselves as jobs, and a change made with
 * no actor at all (a test fixture, the benchmark's setup) is recorded as the `unattributed` job rather than
 * refused.
 */
export type AuditedRecords = { audited: readonly AuditedEntity[]; children: readonly AuditedChild[]; access: readonly Function[] };

const UNATTRIBUTED = jobActor('unattributed');

/**
 * Fields never recorded: bookkeeping (the audit row itself says who and when; `id` is its `record_id`) and
 * secrets (a token's hash, a Hawk key).
 */
const SKIPPED = new Set(['id', 'createdOn', 'createdBy', 'modifiedOn', 'modifiedBy', 'tokenHash', 'hawkKey']);

type Audited = { id: string };

/** How a to-many link is named in `changes`: by default the linked records' ids (a manifest's `linkKeys`). */
type LinkKeys = ReadonlyMap<string, (item: any) => unknown>;

/** A JSON-safe value: dates as ISO strings, the rest as the ORM's snapshot has it (relations by id). */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A property's value as the ORM's snapshot holds it (custom types in their database form), as JSON. */
function valueOf(prop: EntityProperty<any>, value: unknown, platform: Platform): unknown {
  if (value != null && prop.customType) {
    try {
      value = prop.customType.convertToJSValue(value, platform);
    } catch {
      // Keep the database form: still a faithful value.
    }
  }
  return plain(value);
}

const columnPropsCache = new WeakMap<EntityMetadata<any>, EntityProperty<any>[]>();
const linkPropsCache = new WeakMap<EntityMetadata<any>, EntityProperty<any>[]>();

function cached(cache: WeakMap<EntityMetadata<any>, EntityProperty<any>[]>, meta: EntityMetadata<any>, pick: (p: EntityProperty<any>) => boolean) {
  let props = cache.get(meta);
  if (!props) cache.set(meta, (props = meta.props.filter(pick)));
  return props;
}

/** The properties stored in the record's own row (scalars and owned to-one relations), bookkeeping left out. */
function columnProps(meta: EntityMetadata<any>): EntityProperty<any>[] {
  return cached(
    columnPropsCache,
    meta,
    (p) =>
      p.persist !== false &&
      !SKIPPED.has(p.name) &&
      (p.kind === ReferenceKind.SCALAR ||
        p.kind === ReferenceKind.EMBEDDED ||
        p.kind === ReferenceKind.MANY_TO_ONE ||
        (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)),
  );
}

/** The to-many links of the record (owned many-to-many, and one-to-many children folded into it). */
function linkProps(meta: EntityMetadata<any>): EntityProperty<any>[] {
  return cached(linkPropsCache, meta, (p) => (p.kind === ReferenceKind.MANY_TO_MANY && p.owner) || p.kind === ReferenceKind.ONE_TO_MANY);
}

function fieldChanges(
  linkKeys: LinkKeys,
  cs: ChangeSet<any> | undefined,
  entity: object,
  action: AuditAction,
  originalData: Record<string, unknown> | undefined,
  meta: EntityMetadata<any>,
  platform: Platform,
): AuditChanges {
  const changes: AuditChanges = {};
  for (const prop of columnProps(meta)) {
    let before: unknown = null;
    let after: unknown = null;
    if (action === 'create') {
      if (!cs || !(prop.name in cs.payload)) continue;
      after = valueOf(prop, cs.payload[prop.name], platform);
    } else if (action === 'update') {
      if (!cs || !(prop.name in cs.payload)) continue;
      before = valueOf(prop, cs.originalEntity?.[prop.name], platform);
      after = valueOf(prop, cs.payload[prop.name], platform);
    } else {
      before = valueOf(prop, originalData?.[prop.name], platform);
    }
    if (!same(before, after)) changes[prop.name] = [before, after];
  }
  if (action === 'delete') return changes;
  for (const prop of linkProps(meta)) {
    const collection = (entity as Record<string, unknown>)[prop.name] as Collection<any> | undefined;
    if (!collection?.isInitialized() || (action === 'update' && !collection.isDirty())) continue;
    const key = linkKeys.get(`${meta.className}.${prop.name}`) ?? ((item: any) => item.id ?? null);
    const ids = (items: readonly any[]) => items.map(key).sort() as unknown[];
    const snapshot = collection.getSnapshot();
    const before = action === 'create' ? [] : snapshot ? ids(snapshot) : null;
    const after = ids(collection.getItems(false));
    if (!same(before, after)) changes[prop.name] = [before, after];
  }
  return changes;
}

const ACTIONS: Record<ChangeSetType, AuditAction> = {
  [ChangeSetType.CREATE]: 'create',
  [ChangeSetType.UPDATE]: 'update',
  [ChangeSetType.UPDATE_EARLY]: 'update',
  [ChangeSetType.DELETE]: 'delete',
  [ChangeSetType.DELETE_EARLY]: 'delete',
};

/**
 * Records every change to an audited record (the modules' manifests declare them: companies, their export
 * countries, contacts, interactions) as an `AuditEvent` in the same flush, so in the same transaction: the
 * audit row commits or rolls back with the change. Who made it comes from the audit scope
 * (src/audit/actor.ts); a flush of an audited record with none is refused, so every writer (API request, job,
 * seed) must declare its actor. A child record (an interaction's participant) and a record's many-to-many
 * links are folded into its parent's event as sorted id lists. Raw SQL (bulk seeding, src/db/bulk.ts) makes
 * no change sets and is not audited.
 */
export class AuditSubscriber implements EventSubscriber {
  private readonly strict: ReadonlySet<Function>;
  private readonly all: ReadonlySet<Function>;
  private readonly parents: ReadonlyMap<Function, AuditedChild['parent']>;
  private readonly linkKeys: LinkKeys;

  constructor(records: AuditedRecords) {
    this.strict = new Set(records.audited.map((a) => a.entity));
    this.all = new Set([...this.strict, ...records.access]);
    this.parents = new Map(records.children.map((c) => [c.entity, c.parent]));
    this.linkKeys = new Map(records.audited.flatMap((a) => Object.entries(a.linkKeys ?? {}).map(([prop, key]) => [`${a.entity.name}.${prop}`, key] as const)));
  }

  private isAudited(entity: object): entity is Audited {
    return this.all.has(entity.constructor);
  }

  /**
   * The scope the changes to these records are recorded under: the declared one, else (for access records
   * only) the `unattributed` job; a change to an audited CRM record outside a scope is refused.
   */
  private scopeFor(entities: Iterable<Audited>): AuditScope {
    const declared = currentAuditScope();
    if (declared) return declared;
    for (const entity of entities) {
      if (!this.strict.has(entity.constructor)) continue;
      throw new Error(
        `${entity.constructor.name} ${entity.id} was written outside an audit scope: every writer of audited records must declare its actor ` +
          `(withAuditScope for API requests, runAsActor(jobActor('name'), ...) for jobs; src/audit/actor.ts).`,
      );
    }
    return UNATTRIBUTED;
  }

  /**
   * The event onFlush would record for `entity`, new with its links and children, when it is written by one
   * statement instead of a flush (src/db/insert-statement.ts); null for a record that is not audited.
   */
  creationEvent(em: EntityManager, entity: object): AuditEvent | null {
    if (!this.isAudited(entity)) return null;
    const meta = em.getMetadata().get(entity.constructor as never) as EntityMetadata<any>;
    // A flush's change set of a new record has the values newRecordValues gives.
    const created = { payload: newRecordValues(em, entity) } as ChangeSet<any>;
    const changes = fieldChanges(this.linkKeys, created, entity, 'create', undefined, meta, em.getPlatform());
    return auditEventIn(this.scopeFor([entity]), { occurredOn: new Date(), entity: meta.tableName, recordId: entity.id, action: 'create', changes });
  }

  onFlush({ em, uow }: FlushEventArgs): void {
    // Each audited record touched by this flush: its own change set if it has one, else it changed only
    // through its links (a participant added or removed, a many-to-many collection set).
    const touched = new Map<Audited, ChangeSet<any> | undefined>();
    for (const cs of uow.getChangeSets()) {
      if (this.isAudited(cs.entity)) touched.set(cs.entity, cs);
      else {
        const parent = this.parents.get(cs.entity.constructor)?.(cs.entity);
        if (parent && !touched.has(parent)) touched.set(parent, undefined);
      }
    }
    for (const collection of uow.getCollectionUpdates()) {
      const owner = collection.owner as object;
      if (this.isAudited(owner) && !touched.has(owner)) touched.set(owner, undefined);
    }
    if (touched.size === 0) return;

    const scope = this.scopeFor(touched.keys());
    const occurredOn = new Date();
    for (const [entity, cs] of touched) {
      const meta = (cs?.meta ?? em.getMetadata().find(entity.constructor as never)) as EntityMetadata<any>;
      const action = cs ? ACTIONS[cs.type] : 'update';
      const changes = fieldChanges(this.linkKeys, cs, entity, action, uow.getOriginalEntityData(entity) as Record<string, unknown> | undefined, meta, em.getPlatform());
      // A write that only re-stamped the record (modified on/by) is still recorded, with no changes: the row
      // did change, and for a partner client the audit is the only place that says who touched it.
      if (!cs && Object.keys(changes).length === 0) continue;
      const event = auditEventIn(scope, { occurredOn, entity: meta.tableName, recordId: entity.id, action, changes });
      em.persist(event);
      uow.computeChangeSet(event);
    }
  }
}

/**
 * The audit row of a new record written by one statement (src/db/insert-statement.ts) rather than a flush,
 * for that statement to write too: what the ORM's audit subscriber would have recorded. Null when the
 * record is not audited.
 */
export function auditCreation(em: EntityManager, entity: object): AuditEvent | null {
  const subscriber = [...em.getEventManager().getSubscribers()].find((s): s is AuditSubscriber => s instanceof AuditSubscriber);
  if (!subscriber) throw new Error('No audit subscriber is registered: a new record could not be audited.');
  return subscriber.creationEvent(em, entity);
}
