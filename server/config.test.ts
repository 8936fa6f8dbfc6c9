import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('defaults to the embedded database under ./data on port 8080', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database.kind).toBe('pglite');
    expect(c.database.kind === 'pglite' && c.database.dataDir).toMatch(/data\/db$/);
    expect(c.publicUrl).toBe('http://localhost:8080');
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_POOL_SIZE: '5' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db', poolSize: 5 });
  });

  it('moves the clock only on test servers', () => {
    expect(loadConfig({ NODE_ENV: 'test', MUTUAL_CLOCK_FILE: '/tmp/clock' }).clockFile).toBe('/tmp/clock');
    expect(() => loadConfig({ MUTUAL_CLOCK_FILE: '/tmp/clock' })).toThrow(/only allowed with NODE_ENV=test/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });
});
