import { isDeepStrictEqual } from 'node:util';
import { ConstraintViolationException, type EntityClass, type EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import { AppError, badInput, conflict, notFound } from '../errors.js';
import { Adviser } from '../auth/adviser.entity.js';
import type { ArchivableEntity, TrackedEntity } from './base.entity.js';
import type { Sql } from './sql.js';
import { notifyWrite } from './write-scope.js';

/**
 * Constraints the database enforces as the last line of defence (services check first, but two requests
 * can race): each maps to the error a client would have got from the service's own check.
 */
const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  company_duns_number_unique: () => conflict('DUNS_TAKEN', 'Another company has this DUNS number.', ['dunsNumber']),
  company_duns_number_format: () => badInput(['dunsNumber'], 'INVALID_DUNS', 'A DUNS number is nine digits.'),
  company_export_country_company_country_unique: () =>
    conflict('EXPORT_COUNTRY_CHANGED', 'The export countries were changed by someone else at the same time; try again.', ['exportCountries']),
  contact_company_email_unique: () => conflict('EMAIL_TAKEN', 'Another contact of this company has this email.', ['email']),
  interaction_notes_length: () => badInput(['notes'], 'TOO_LONG', 'Notes are at most 10,000 characters.'),
  // Two updates at once can each name one record (a company, an interaction), together two; the database cannot say which.
  task_one_related_record: () =>
    badInput([], 'ONE_RELATED_RECORD', 'A task is about a company, an investment project or an interaction: give only one of them (another change named one at the same time).'),
};

function translate(error: unknown): unknown {
  if (!(error instanceof ConstraintViolationException)) return error;
  const name = /constraint "([^"]+)"/.exec(error.message)?.[1] ?? /index "([^"]+)"/.exec(error.message)?.[1];
  return name && CONSTRAINT_ERRORS[name] ? CONSTRAINT_ERRORS[name]() : error;
}

/**
 * Runs a write in one transaction: everything it does commits together or not at all, and a constraint
 * violation comes back as the coded error its service check would have given.
 */
export async function writeTransaction<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional(fn);
  } catch (error) {
    throw translate(error);
  }
}

/**
 * Runs one writing statement (insertStatement): in the caller's transaction when there is one, else atomic by
 * itself, with no `begin` or `commit` around it. A constraint violation comes back as its coded error, as from
 * writeTransaction, and the request's caches are told of the write as after a flush (src/db/write-scope.ts).
 */
export async function writeStatement(em: EntityManager, sql: Sql): Promise<void> {
  try {
    await em.getConnection().execute(sql.text, sql.params, 'run', em.getTransactionContext());
  } catch (error) {
    throw translate(em.getDriver().convertException(error as Error));
  }
  notifyWrite();
}

/**
 * The adviser a record names as its creator, modifier or archiver: the caller when it is an adviser. A
 * partner client's change names no adviser; the audit record says which client made it.
 */
export const adviserOf = (tx: EntityManager, viewer: Viewer): Adviser | null =>
  viewer.kind === 'adviser' ? tx.getReference(Adviser, viewer.adviserId) : null;

/** Stamps created/modified by and on from the caller; clients never set these. */
export function stampCreated(tx: EntityManager, entity: TrackedEntity, viewer: Viewer): void {
  const by = adviserOf(tx, viewer);
  entity.createdBy = by;
  entity.modifiedBy = by;
}

export function stampModified(tx: EntityManager, entity: TrackedEntity, viewer: Viewer): void {
  entity.modifiedBy = adviserOf(tx, viewer);
  entity.modifiedOn = new Date();
}

/** A reference to the record with this id, or null for none: what a many-to-one relation is set to. */
export const referenceOrNull = <T extends object>(tx: EntityManager, entity: new () => T, id: string | null): T | null => (id ? tx.getReference(entity, id as never) : null);

/**
 * Applies a change and tells whether it changed anything: a change to the values a record already has is no
 * change, so the caller writes nothing (no `modified_on` bump, no audit row, no search refresh).
 */
export function applyChange(tx: EntityManager, entity: object, apply: () => void): boolean {
  const before = tx.getComparator().prepareEntity(entity);
  apply();
  return !isDeepStrictEqual(before, tx.getComparator().prepareEntity(entity));
}

/** Archived records are read-only until they are unarchived. */
export function assertNotArchived(entity: ArchivableEntity, what: string): void {
  if (entity.archived) {
    throw conflict('ARCHIVED_READ_ONLY', `This ${what} is archived and cannot be changed; unarchive it first.`);
  }
}

/**
 * A record by id for a write, or NOT_FOUND (`what` is its name for people: "company"). With `visible`, a
 * record the caller's row rules hide is NOT_FOUND as well, before anything else is said about it.
 */
export async function loadForWrite<T extends object>(tx: EntityManager, entity: EntityClass<T>, id: string, what: string, visible?: (id: string) => Promise<boolean>): Promise<T> {
  const record = (await tx.findOne(entity, { id } as never)) as T | null;
  if (!record || (visible && !(await visible(id)))) throw notFound(what[0].toUpperCase() + what.slice(1), id);
  return record;
}

/** The archive and unarchive mutations of an archivable entity, each in one transaction. */
export function archiveActions(entity: EntityClass<ArchivableEntity>, what: string, visibleTo?: (tx: EntityManager, viewer: Viewer) => (id: string) => Promise<boolean>) {
  return {
    archive: (em: EntityManager, viewer: Viewer, id: string, reason: string): Promise<string> =>
      writeTransaction(em, async (tx) => {
        const record = await loadForWrite(tx, entity, id, what, visibleTo?.(tx, viewer));
        archiveRecord(tx, record, viewer, reason, what);
        await tx.flush();
        return record.id;
      }),
    unarchive: (em: EntityManager, viewer: Viewer, id: string): Promise<string> =>
      writeTransaction(em, async (tx) => {
        const record = await loadForWrite(tx, entity, id, what, visibleTo?.(tx, viewer));
        unarchiveRecord(tx, record, viewer, what);
        await tx.flush();
        return record.id;
      }),
  };
}

function archiveRecord(tx: EntityManager, entity: ArchivableEntity, viewer: Viewer, reason: string, what: string): void {
  const trimmed = reason.trim();
  if (!trimmed) throw badInput(['reason'], 'REQUIRED', 'A reason is required to archive.');
  if (trimmed.length > 1000) throw badInput(['reason'], 'TOO_LONG', 'The reason is at most 1,000 characters.');
  if (entity.archived) throw conflict('ALREADY_ARCHIVED', `This ${what} is already archived.`);
  entity.archived = true;
  entity.archivedOn = new Date();
  entity.archivedBy = adviserOf(tx, viewer);
  entity.archivedReason = trimmed;
  stampModified(tx, entity, viewer);
}

function unarchiveRecord(tx: EntityManager, entity: ArchivableEntity, viewer: Viewer, what: string): void {
  if (!entity.archived) throw conflict('NOT_ARCHIVED', `This ${what} is not archived.`);
  entity.archived = false;
  entity.archivedOn = null;
  entity.archivedBy = null;
  entity.archivedReason = null;
  stampModified(tx, entity, viewer);
}
