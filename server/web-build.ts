import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './lib/logger.ts';

const root = join(import.meta.dirname, '..');
export const webDist = join(root, 'web', 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the web app when its build is missing or older than its sources; otherwise serves it as is. */
export function ensureWebBuild(logger: Logger): void {
  const built = join(webDist, 'index.html');
  const sources = [join(root, 'web', 'src'), join(root, 'web', 'index.html'), join(root, 'contracts')];
  const vite = join(root, 'node_modules', '.bin', 'vite');
  if (!sources.every(existsSync) || !existsSync(vite)) {
    if (!existsSync(built))
      logger.warn('web app is not built and cannot be built here; serving the API only');
    return;
  }
  const sourceTime = Math.max(...sources.map(newestMtime));
  if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) return;
  logger.info('building the web app (first start or sources changed)…');
  const result = spawnSync(
    vite,
    ['build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('the web app build failed');
}
