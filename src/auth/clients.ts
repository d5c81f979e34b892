import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { AppError, conflict, Issues, notFound } from '../errors.js';
import { writeTransaction } from '../db/write.js';
import { Adviser } from './adviser.entity.js';
import { ApiClient, type AuthScheme } from './api-client.entity.js';
import { ApiToken } from './api-token.entity.js';
import { ipAllowlistProblems } from './client-ip.js';
import { allScopes, isScope } from './scopes.js';
import { credentialHint, hashToken } from './tokens.js';

/** Prefixes make a leaked credential recognisable in logs and to secret scanners. */
export const CLIENT_TOKEN_PREFIX = 'crm_cli_';
export const HAWK_ID_PREFIX = 'crm_hawk_';

export type NewClient = { name: string; scopes: string[]; ipAllowlist?: string[]; authScheme?: AuthScheme; createdById?: string | null };

/** Creates a partner client; every problem with the input is reported at once, with its field. */
export async function createClient(em: EntityManager, input: NewClient): Promise<ApiClient> {
  const name = input.name.trim();
  const issues = new Issues();
  if (!name) issues.add('name', 'REQUIRED', 'A client needs a name.');
  if (name.length > 100) issues.add('name', 'TOO_LONG', 'A name is at most 100 characters.');
  if (!input.scopes.length) issues.add('scopes', 'REQUIRED', `Give at least one scope: ${allScopes().join(', ')}.`);
  const unknown = input.scopes.filter((s) => !isScope(s));
  if (unknown.length) issues.add('scopes', 'UNKNOWN_SCOPE', `Unknown scope ${unknown.join(', ')}; the scopes are ${allScopes().join(', ')}.`);
  for (const problem of ipAllowlistProblems(input.ipAllowlist ?? [])) issues.add('ipAllowlist', 'INVALID_CIDR', problem);
  issues.throwIfAny();
  return writeTransaction(em, async (tx) => {
    if (await tx.count(ApiClient, { name })) throw conflict('NAME_TAKEN', `There is already a client named ${name}.`, ['name']);
    const client = tx.create(ApiClient, {
      name,
      scopes: [...new Set(input.scopes)].sort(),
      ipAllowlist: input.ipAllowlist ?? [],
      authScheme: input.authScheme ?? 'bearer',
      createdBy: input.createdById ? tx.getReference(Adviser, input.createdById) : null,
    });
    await tx.flush();
    return client;
  });
}

export async function findClientByName(em: EntityManager, name: string): Promise<ApiClient> {
  const client = await em.findOne(ApiClient, { name: name.trim() });
  if (!client) throw new AppError('NOT_FOUND', `No client named ${name}.`, { entity: 'ApiClient', name });
  return client;
}

/** A credential as issued: shown to its holder this once; only its hash (and a Hawk key) is kept. */
export type IssuedCredential = { id: string; expiresOn: Date } & ({ scheme: 'bearer'; token: string } | { scheme: 'hawk'; hawkId: string; hawkKey: string });

/** Issues a bearer token or a Hawk id and key for the client, by its scheme, valid for `days`. */
export async function issueClientCredential(em: EntityManager, client: ApiClient, options: { days: number; description?: string; now?: Date }): Promise<IssuedCredential> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 3650) {
    throw new AppError('BAD_USER_INPUT', 'days must be a whole number from 1 to 3650.', { field: ['days'], reason: 'OUT_OF_RANGE' });
  }
  const now = options.now ?? new Date();
  const expiresOn = new Date(now.getTime() + options.days * 86_400_000);
  const hawk = client.authScheme === 'hawk';
  // The Hawk id is looked up like a token (by its hash); the key must stay in clear to check MACs.
  const secretOrId = (hawk ? HAWK_ID_PREFIX : CLIENT_TOKEN_PREFIX) + randomBytes(hawk ? 18 : 32).toString('base64url');
  const hawkKey = hawk ? randomBytes(32).toString('base64url') : null;
  const row = em.create(ApiToken, {
    tokenHash: hashToken(secretOrId),
    client,
    hint: credentialHint(secretOrId),
    hawkKey,
    description: options.description ?? null,
    createdOn: now,
    expiresOn,
  });
  await em.flush();
  return hawk ? { id: row.id, expiresOn, scheme: 'hawk', hawkId: secretOrId, hawkKey: hawkKey! } : { id: row.id, expiresOn, scheme: 'bearer', token: secretOrId };
}

/**
 * Revokes a credential (an adviser's or a client's) by its id or by the token itself. Revoking twice is
 * harmless; the refusal takes effect within the auth cache's TTL.
 */
export async function revokeToken(em: EntityManager, by: { id?: string; token?: string }, now = new Date()): Promise<ApiToken> {
  const row = by.id ? await em.findOne(ApiToken, { id: by.id }) : by.token ? await em.findOne(ApiToken, { tokenHash: hashToken(by.token) }) : null;
  // For administrators (the CLI, manage_api_client): naming the token they asked about helps, and hides nothing.
  if (!row) throw new AppError('NOT_FOUND', `Token ${by.id ?? credentialHint(by.token ?? '')} was not found.`, { entity: 'Token' });
  row.revokedOn ??= now;
  await em.flush();
  return row;
}

/** Every client with its credentials (newest first), for `client:list` and the admin query. */
export async function listClients(em: EntityManager): Promise<Array<{ client: ApiClient; tokens: ApiToken[] }>> {
  const clients = await em.find(ApiClient, {}, { orderBy: { name: 'asc' } });
  const tokens = await em.find(ApiToken, { client: { $in: clients.map((c) => c.id) } }, { orderBy: { createdOn: 'desc' } });
  return clients.map((client) => ({ client, tokens: tokens.filter((t) => t.client?.id === client.id) }));
}
