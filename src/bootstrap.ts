import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { jobActor, runAsActor } from './audit/actor.js';
import { createAdviserToken, hashToken } from './auth/tokens.js';
import { ApiToken } from './auth/api-token.entity.js';
import type { Config } from './config/config.js';
import { assertNoPendingMigrations, migrateUp } from './db/migrations.js';
import { databaseTarget, type Orm } from './db/orm.js';
import type { Logger } from './logger.js';
import { Adviser, createAdviser, findAdviserByEmail } from './modules/adviser/index.js';
import { seedMetadata } from '../seeds/metadata.seed.js';
import { seedDemo } from '../seeds/demo.seed.js';
import { openOrm } from './system.js';

export const DEMO_ADMIN_EMAIL = 'demo.admin@example.gov.uk';

/**
 * Opens the database for the api. The server is never migrated from here (several instances could race):
 * it refuses to start on pending migrations. The embedded quick start migrates itself. `phase` is told when the
 * database is open and when its migrations are checked (the api's start-up phases).
 */
export async function openDatabase(config: Config, logger: Logger, phase: (name: 'open' | 'migrations') => void = () => {}): Promise<Orm> {
  const target = databaseTarget(config);
  const orm = await openOrm(target);
  phase('open');
  if (target.kind === 'server') {
    await assertNoPendingMigrations(orm);
  } else {
    const applied = await migrateUp(orm);
    if (applied.length) logger.info('embedded database migrated', { applied });
  }
  phase('migrations');
  return orm;
}

function demoTokenFile(config: Config): string {
  return path.join(config.dataDir, 'demo-token');
}

async function tokenStillValid(em: EntityManager, token: string): Promise<boolean> {
  const row = await em.findOne(ApiToken, { tokenHash: hashToken(token) }, { populate: ['adviser'] });
  return !!row?.adviser && !row.revokedOn && row.expiresOn > new Date() && row.adviser.isActive;
}

/**
 * The embedded quick start's first run: reference data, a demo admin, demo data, and a token written to
 * <DATA_DIR>/demo-token. Later runs reuse the token while it is valid, and make a new one when it is not.
 */
export async function ensureDemo(orm: Orm, config: Config, logger: Logger): Promise<string> {
  const em = orm.em.fork();
  const file = demoTokenFile(config);
  let admin = await findAdviserByEmail(em, DEMO_ADMIN_EMAIL);
  if (!admin) {
    logger.info('first start: loading reference data and demo data (a few seconds)');
    await seedMetadata(em);
    admin = await createAdviser(em, { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', superuser: true });
    const counts = await seedDemo(em.fork(), { scale: 'small', seed: 1 });
    logger.info('demo data loaded', counts);
  }
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (await tokenStillValid(em, token)) return token;
  }
  const adviser = em.getReference(Adviser, admin.id);
  const { token } = await runAsActor(jobActor('quick-start'), () => createAdviserToken(em, adviser, { days: config.tokenDays, description: 'demo token' }));
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
