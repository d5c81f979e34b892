import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

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
