import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli.js';
import type { TestApp } from './app.js';

/**
 * `npm run cli` against a test app's database: the server database when there is one, else a data dir of its
 * own (the embedded CLI opens its own PGlite). `cli(...argv)` gives the exit code, the lines printed and the
 * error text; `remove()` deletes the data dir.
 */
export function cliOf(app: TestApp, prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = app.databaseUrl ? { DATABASE_URL: app.databaseUrl } : { DATA_DIR: dataDir };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    let err = '';
    const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t) });
    return { code, out, err };
  };
  return { cli, env, dataDir, remove: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
