import type { EntityManager } from '@mikro-orm/core';
import { groupNames, isGroupName, isPermission } from '../../auth/permissions.js';
import { badInput, conflict, notFound } from '../../errors.js';
import { escapeLike } from '../../db/filter.js';
import { Adviser } from '../../auth/adviser.entity.js';
import { Team } from './team.entity.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function findAdviserByEmail(em: EntityManager, email: string): Promise<Adviser | null> {
  // ilike with LIKE's wildcards escaped: a case-insensitive equality.
  return em.findOne(Adviser, { email: { $ilike: escapeLike(email.trim()) } });
}

/** Creates an adviser (the CLI's `adviser:create`); the email is the username, unique without regard to case. */
export async function createAdviser(
  em: EntityManager,
  input: { email: string; name: string; superuser?: boolean; teamId?: string | null; groups?: string[]; permissions?: string[] },
): Promise<Adviser> {
  const email = input.email.trim();
  if (!EMAIL_RE.test(email)) throw badInput(['email'], 'INVALID_EMAIL', `Not an email address: ${email}`);
  const [firstName, ...rest] = input.name.trim().split(/\s+/);
  if (!firstName) throw badInput(['name'], 'REQUIRED', 'A name is required.');
  if (await findAdviserByEmail(em, email)) throw conflict('EMAIL_TAKEN', `An adviser with email ${email} already exists.`, ['email']);
  const team = input.teamId ? await em.findOne(Team, { id: input.teamId }) : null;
  if (input.teamId && !team) throw badInput(['team'], 'NOT_FOUND', `No team with id ${input.teamId}.`);
  const groups = checkGroups(input.groups ?? []);
  const permissions = checkPermissions(input.permissions ?? []);
  const adviser = em.create(Adviser, {
    email,
    firstName,
    lastName: rest.join(' ') || firstName,
    isSuperuser: input.superuser ?? false,
    ditTeamId: team?.id ?? null,
    groups,
    permissions,
  });
  await em.flush();
  return adviser;
}

/** Known group names only, each once, sorted: a typo would otherwise grant nothing, silently. */
export function checkGroups(groups: readonly string[]): string[] {
  const unknown = groups.filter((g) => !isGroupName(g));
  if (unknown.length) throw badInput(['groups'], 'UNKNOWN_GROUP', `Unknown group(s): ${unknown.join(', ')}. Known: ${groupNames().join(', ')}.`);
  return [...new Set(groups)].sort();
}

/** Known permission codenames only, each once, sorted. */
export function checkPermissions(permissions: readonly string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length) throw badInput(['permissions'], 'UNKNOWN_PERMISSION', `Unknown permission(s): ${unknown.join(', ')}.`);
  return [...new Set(permissions)].sort();
}

/** Replaces an adviser's own groups (the CLI's `adviser:groups`); their team role's are not touched. */
export async function setAdviserGroups(em: EntityManager, email: string, groups: readonly string[]): Promise<Adviser> {
  const adviser = await findAdviserByEmail(em, email);
  if (!adviser) throw notFound('Adviser', email);
  adviser.groups = checkGroups(groups);
  await em.flush();
  return adviser;
}
