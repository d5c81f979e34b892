import type { EntityManager } from '@mikro-orm/core';
import { badInput, conflict } from '../../errors.js';
import { Adviser } from './adviser.entity.js';
import { Team } from './team.entity.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function findAdviserByEmail(em: EntityManager, email: string): Promise<Adviser | null> {
  // ilike with LIKE's wildcards escaped: a case-insensitive equality.
  return em.findOne(Adviser, { email: { $ilike: email.trim().replace(/[%_\\]/g, '\\$&') } });
}

/** Creates an adviser (the CLI's `adviser:create`); the email is the username, unique without regard to case. */
export async function createAdviser(
  em: EntityManager,
  input: { email: string; name: string; superuser?: boolean; teamId?: string | null },
): Promise<Adviser> {
  const email = input.email.trim();
  if (!EMAIL_RE.test(email)) throw badInput(['email'], 'INVALID_EMAIL', `Not an email address: ${email}`);
  const [firstName, ...rest] = input.name.trim().split(/\s+/);
  if (!firstName) throw badInput(['name'], 'REQUIRED', 'A name is required.');
  if (await findAdviserByEmail(em, email)) throw conflict('EMAIL_TAKEN', `An adviser with email ${email} already exists.`, ['email']);
  const team = input.teamId ? await em.findOne(Team, { id: input.teamId }) : null;
  if (input.teamId && !team) throw badInput(['team'], 'NOT_FOUND', `No team with id ${input.teamId}.`);
  const adviser = em.create(Adviser, {
    email,
    firstName,
    lastName: rest.join(' ') || firstName,
    isSuperuser: input.superuser ?? false,
    ditTeam: team,
  });
  await em.flush();
  return adviser;
}
