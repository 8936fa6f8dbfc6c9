import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rules of docs/ARCHITECTURE.md, checked on every import in the tree.
const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx)$/.test(entry)) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2])!);
}

const rel = (f: string) => relative(root, f);

describe('dependency rules', () => {
  it('web/ never imports server/', () => {
    const bad = files(join(root, 'web'))
      .filter((f) => imports(f).some((i) => i.includes('/server/') || i.startsWith('server/')))
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('contracts/ uses no Node, DOM or server code', () => {
    const bad = files(join(root, 'contracts'))
      .filter((f) =>
        imports(f).some((i) => i.startsWith('node:') || i.includes('/server/') || i.includes('/web/')),
      )
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('inside server/modules, only routes.ts files import Fastify', () => {
    const bad = files(join(root, 'server', 'modules'))
      .filter((f) => !f.endsWith('routes.ts') && !f.endsWith('.test.ts'))
      .filter((f) =>
        imports(f).some((i) => i === 'fastify' || i.startsWith('@fastify/') || i.startsWith('fastify-')),
      )
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('a module uses another module only through its index.ts', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'server', 'modules'))) {
      const own = relative(join(root, 'server', 'modules'), f).split('/')[0];
      for (const i of imports(f)) {
        const m = /^\.\.\/(?:\.\.\/)*([a-z-]+)\/(.+)$/.exec(i);
        if (!m || !i.startsWith('../')) continue;
        // Resolve the import against the file's folder and look at the module it lands in.
        const target = relative(join(root, 'server', 'modules'), join(f, '..', i));
        const [targetModule, ...rest] = target.split('/');
        if (target.startsWith('..') || targetModule === own) continue;
        if (rest.join('/') !== 'index.ts') bad.push(`${rel(f)} → ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('modules depend only on lower modules, and the pure cores on none', () => {
    // Lower first; a module may import only modules listed before it (and pure cores, which import none).
    const order = ['audit', 'outbox', 'accounts', 'coops', 'ledger', 'members', 'market', 'governance'];
    const pure = ['tally', 'dispatch'];
    const bad: string[] = [];
    for (const f of files(join(root, 'server', 'modules')).filter((f) => !f.endsWith('.test.ts'))) {
      const own = relative(join(root, 'server', 'modules'), f).split('/')[0]!;
      for (const i of imports(f)) {
        if (!i.startsWith('.')) continue;
        const target = relative(join(root, 'server', 'modules'), join(f, '..', i)).split('/')[0]!;
        if (target.startsWith('..') || target === own) continue;
        const allowed = pure.includes(own)
          ? false
          : pure.includes(target) ||
            (order.includes(own) && order.indexOf(target) >= 0 && order.indexOf(target) < order.indexOf(own));
        if (!allowed) bad.push(`${rel(f)} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('pure cores (tally) touch no database, HTTP or clock', () => {
    const bad = files(join(root, 'server', 'modules', 'tally'))
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => imports(f).some((i) => /db\/|drizzle|fastify|context\.ts|^pg$/.test(i)))
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('only server/config.ts reads process.env', () => {
    const bad = files(join(root, 'server'))
      .filter((f) => !f.endsWith('config.ts') && !f.endsWith('.test.ts'))
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });
});
