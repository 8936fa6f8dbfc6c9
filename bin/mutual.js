#!/usr/bin/env node
// The `mutual` command. The server is TypeScript that Node 24 runs as is; this shim starts it with
// the project's own Node 24 (installed as a devDependency) when the Node on the PATH is older.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'server', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);
const bundled = join(root, 'node_modules', '.bin', 'node');
const node = major >= 24 || !existsSync(bundled) ? process.execPath : bundled;
const result = spawnSync(node, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
