import { AsyncLocalStorage } from 'node:async_hooks';
import type { Viewer } from '../auth/viewer.js';

export type ActorKind = 'adviser' | 'client' | 'job';

/** Who makes a change: an adviser or a partner client (by id), or a job (by name only). */
export type Actor = { kind: ActorKind; id: string | null; name: string };

/**
 * What every audited write runs inside: who makes it, under which operation (the GraphQL operation name,
 * or the job's name) and, for an API request, its request id. `operation` is mutable: the GraphQL
 * operation is only known once the request is parsed, after the scope was entered (see `setOperation`).
 */
export type AuditScope = { actor: Actor; operation: string; requestId?: string | null };

const storage = new AsyncLocalStorage<AuditScope>();

/** Runs `fn` with `scope` as the audit scope of everything it does, awaited or not. */
export function runAsActor<T>(scope: AuditScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope the current code runs in, if any. */
export function currentAuditScope(): AuditScope | undefined {
  return storage.getStore();
}

/** Names the operation of the current scope; a no-op outside one. */
export function setOperation(name: string): void {
  const scope = storage.getStore();
  if (scope) scope.operation = name;
}

/** The actor an API caller stands for. */
export function actorOf(viewer: Viewer): Actor {
  return viewer.kind === 'adviser'
    ? { kind: 'adviser', id: viewer.adviserId, name: viewer.name }
    : { kind: 'client', id: viewer.clientId, name: viewer.name };
}

/** A job's scope: the job's name is both the actor's name and the operation (e.g. `jobActor('seed:demo')`). */
export function jobActor(name: string): AuditScope {
  return { actor: { kind: 'job', id: null, name }, operation: name };
}

/** The operation an API request's scope has until its GraphQL operation is resolved. */
export const UNRESOLVED_OPERATION = 'graphql';

/**
 * Runs an API request's execution as its caller: every audited write `fn` makes records the viewer and the
 * request id. `auditOperationPlugin()` (src/audit/audit.plugin.ts) names the operation once it is parsed.
 */
export function withAuditScope<T>(viewer: Viewer, requestId: string, fn: () => T): T {
  return runAsActor({ actor: actorOf(viewer), operation: UNRESOLVED_OPERATION, requestId }, fn);
}
