import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { Adviser } from './adviser.entity.js';
import { ApiToken } from './api-token.entity.js';

/** Prefixed so a leaked token is recognisable in logs and by secret scanners. */
export const ADVISER_TOKEN_PREFIX = 'crm_adv_';

/** A credential's first characters (its prefix and a few more) to tell it apart in listings; never enough to use it. */
export const credentialHint = (secretOrId: string): string => `${secretOrId.slice(0, 12)}…`;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for the adviser and returns it: the only time it exists in clear. */
export async function createAdviserToken(
  em: EntityManager,
  adviser: Adviser,
  options: { days: number; description?: string; now?: Date },
): Promise<{ token: string; expiresOn: Date }> {
  const token = ADVISER_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const now = options.now ?? new Date();
  const expiresOn = new Date(now.getTime() + options.days * 86_400_000);
  em.create(ApiToken, {
    tokenHash: hashToken(token),
    adviser,
    hint: credentialHint(token),
    description: options.description ?? null,
    createdOn: now,
    expiresOn,
  });
  await em.flush();
  return { token, expiresOn };
}
