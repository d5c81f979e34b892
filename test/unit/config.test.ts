import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { secretKeyOf } from '../../src/config/secret-key.js';

describe('loadConfig', () => {
  it('has defaults for the embedded quick start', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, databaseUrl: undefined, poolSize: 10, maxPageSize: 100, demoData: true });
  });

  it('lists every problem at once instead of falling back silently', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEBUG_SQL: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'DEBUG_SQL']));
    }
  });
});

describe('the secret key (it seals cursors)', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('is required in production, at least 32 characters; earlier keys are a comma-separated list', () => {
    // The api asks for it; the worker and the CLI start without one.
    expect(problems({ NODE_ENV: 'production' })).toEqual([]);
    expect(() => secretKeyOf(loadConfig({ NODE_ENV: 'production' }))).toThrow(/SECRET_KEY: required in production/);
    expect(problems({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toEqual([expect.stringMatching(/^SECRET_KEY: at least 32 characters/)]);
    const c = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(32), SECRET_KEY_PREVIOUS: ' a-key , b-key ' });
    expect(c).toMatchObject({ secretKey: 'k'.repeat(32), previousSecretKeys: ['a-key', 'b-key'] });
    expect(secretKeyOf(c)).toBe('k'.repeat(32));
  });

  it('is made once and kept in DATA_DIR, readable by its owner only, when unset outside production', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-secret-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      const made = secretKeyOf(config);
      expect(made).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(path.join(dir, 'secret-key')).mode & 0o777).toBe(0o600);
      expect(secretKeyOf(loadConfig({ DATA_DIR: dir }))).toBe(made);
      // Tests keep the process's own random key and write nothing.
      expect(secretKeyOf(loadConfig({ NODE_ENV: 'test', DATA_DIR: path.join(dir, 'test') }))).toBeUndefined();
      expect(fs.existsSync(path.join(dir, 'test'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CORS_ORIGINS (the browser origins that may call the API)', () => {
  it('lets local dev servers in by default outside production, and no origin in production', () => {
    expect(loadConfig({}).cors).toEqual({ origins: [], localhost: true });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/crm' }).cors).toEqual({ origins: [], localhost: true });
    expect(loadConfig({ NODE_ENV: 'production' }).cors).toEqual({ origins: [], localhost: false });
  });

  it('is exactly the origins listed when set, and empty means none', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://app.example.com , http://localhost:5173 ' }).cors).toEqual({
      origins: ['https://app.example.com', 'http://localhost:5173'],
      localhost: false,
    });
    expect(loadConfig({ CORS_ORIGINS: '' }).cors).toEqual({ origins: [], localhost: false });
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://crm.example.com:8443' }).cors.origins).toEqual(['https://crm.example.com:8443']);
  });

  it('names each entry that is not an origin', () => {
    for (const bad of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com', 'https://App.example.com', '*']) {
      try {
        loadConfig({ CORS_ORIGINS: `https://ok.example.com,${bad}` });
        expect.unreachable(bad);
      } catch (e) {
        expect(e, bad).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).problems).toEqual([`CORS_ORIGINS: not an origin (scheme://host[:port], lower case, no path or trailing slash): ${bad}`]);
      }
    }
  });
});

describe('EMAIL_RETENTION_DAYS (how long a finished email stays in the outbox)', () => {
  const problems = (value: string) => {
    try {
      loadConfig({ EMAIL_RETENTION_DAYS: value });
      return [];
    } catch (e) {
      expect(e, value).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems;
    }
  };

  it('is 90 days unless set, and any whole number from 31 to 3650', () => {
    expect(loadConfig({}).email.retentionDays).toBe(90);
    expect(loadConfig({ EMAIL_RETENTION_DAYS: '31' }).email.retentionDays).toBe(31);
    expect(loadConfig({ EMAIL_RETENTION_DAYS: ' 365 ' }).email.retentionDays).toBe(365);
    expect(loadConfig({ EMAIL_RETENTION_DAYS: '3650' }).email.retentionDays).toBe(3650);
  });

  it('refuses fewer days than a dedupe key needs, a fraction, no number, and more than ten years, each with why', () => {
    const tooFew = /^EMAIL_RETENTION_DAYS: at least 31 days: a removed email frees its dedupe key/;
    for (const value of ['30', '0', '-90', '']) expect(problems(value), value).toEqual([expect.stringMatching(tooFew)]);
    expect(problems('90.5')).toEqual(['EMAIL_RETENTION_DAYS: a whole number of days']);
    expect(problems('ninety')).toEqual([expect.stringMatching(/^EMAIL_RETENTION_DAYS: /)]);
    expect(problems('3651')).toEqual(['EMAIL_RETENTION_DAYS: at most 3650 days']);
  });
});

describe('JOB_CATCH_UP_HOURS (how far back a starting worker runs the slots it missed)', () => {
  it('is 12 hours unless set; 0 turns it off; at most 48, in whole hours', () => {
    expect(loadConfig({}).jobs.catchUpHours).toBe(12);
    expect(loadConfig({ JOB_CATCH_UP_HOURS: '0' }).jobs.catchUpHours).toBe(0);
    expect(loadConfig({ JOB_CATCH_UP_HOURS: '48' }).jobs.catchUpHours).toBe(48);
    for (const bad of ['-1', '49', '1.5', 'soon']) expect(() => loadConfig({ JOB_CATCH_UP_HOURS: bad }), bad).toThrow(/JOB_CATCH_UP_HOURS/);
  });
});
