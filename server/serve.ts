import type { Config } from './config.ts';
import { createContext } from './context.ts';
import { buildApp } from './http/app.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startOutboxDeliverer } from './modules/outbox/index.ts';
import { ensureWebBuild, webDist } from './web-build.ts';

export async function serve(config: Config, options: { buildWeb: boolean }): Promise<void> {
  const ctx = await createContext(config);
  if (options.buildWeb) ensureWebBuild(ctx.logger);
  await ctx.database.migrate();
  const deliverer = startOutboxDeliverer(ctx);
  ctx.kickOutbox = deliverer.kick;
  const scheduler = startScheduler(ctx);
  const app = await buildApp(ctx, { webDist });

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    ctx.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      ctx.logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app.close();
      await scheduler.stop();
      await deliverer.stop();
      await ctx.database.close();
      ctx.logger.info('stopped');
      process.exit(0);
    } catch (error) {
      ctx.logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  ctx.logger.info(
    { url: config.publicUrl, database: config.database.kind },
    `Mutual is running at ${config.publicUrl} (${config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL server'})`,
  );
}
