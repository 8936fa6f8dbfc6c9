import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';

// The operator's commands, run as a real process on a real embedded database.
const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'mutual-cli-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'server', 'main.ts'), ...args], {
    env: { PATH: process.env.PATH, MUTUAL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('mutual CLI', () => {
  it('lists its commands', () => {
    const res = run('--help');
    expect(res.status).toBe(0);
    for (const command of ['serve', 'migrate', 'admin create', 'audit verify', 'tally'])
      expect(res.stdout).toContain(command);
  });

  it('refuses an unknown command with usage', () => {
    const res = run('frobnicate');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('unknown command');
  });

  it('migrates, creates an operator, and verifies the audit chain', () => {
    expect(run('migrate').status).toBe(0);
    const created = run('admin', 'create', '--email', 'Operator@Example.test');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/temporary password: \S{12,}/);
    const verified = run('audit', 'verify');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^ok .*1 events/m);
  });

  it('reports a tampered audit log and exits 1', async () => {
    const db = await PGlite.create({ dataDir: join(dataDir, 'db') });
    await db.exec(`
      alter table audit_events disable trigger audit_events_append_only;
      update audit_events set actor_id = '00000000-0000-0000-0000-0000000000aa' where seq = 1;
      alter table audit_events enable trigger audit_events_append_only;`);
    await db.close();
    const verified = run('audit', 'verify');
    expect(verified.status).toBe(1);
    expect(verified.stdout).toMatch(/BROKEN .*event 1: event content does not match its hash/);
  });

  it('rejects bad configuration listing every problem', () => {
    const res = spawnSync(process.execPath, [join(root, 'server', 'main.ts'), 'migrate'], {
      env: { PATH: process.env.PATH, PORT: 'x', DATABASE_URL: 'nope' },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/PORT/);
    expect(res.stderr).toMatch(/DATABASE_URL/);
  });
});
