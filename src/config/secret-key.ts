import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, type Config } from './config.js';

/**
 * The secret that seals cursors: SECRET_KEY when set, which the api requires in production. In
 * development and the embedded quick start, one made on first start and kept in `dataDir/secret-key`
 * (readable by its owner only), so cursors outlive a restart without anyone having to set anything. Tests
 * (NODE_ENV=test) keep the process's own random key: nothing is written.
 */
export function secretKeyOf(config: Config): string | undefined {
  if (config.secretKey) return config.secretKey;
  if (config.env === 'production') {
    throw new ConfigError(['SECRET_KEY: required in production, at least 32 characters (e.g. `openssl rand -hex 32`)']);
  }
  if (config.env === 'test') return undefined;
  const file = path.join(config.dataDir, 'secret-key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const made = randomBytes(32).toString('hex');
  // wx: of two processes starting at once, one writes; the other reads what it wrote.
  try {
    fs.writeFileSync(file, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return made;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
}
