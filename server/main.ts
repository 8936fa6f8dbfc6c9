import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { seedDemo } from './demo/seed.ts';
import { createOperator } from './modules/accounts/index.ts';
import { listChains, verifyChain } from './modules/audit/index.ts';
import { findCoopIdBySlug } from './modules/coops/index.ts';
import { tallyCommand } from './modules/tally/cli.ts';
import { serve } from './serve.ts';

const help = `mutual — the system a platform cooperative runs on

Usage: mutual <command> [options]

Commands:
  serve [--build-web]           serve the web app and the API (PORT, default 8080)
  migrate                       apply database migrations and exit
  admin create --email EMAIL [--name NAME]
                                make an account the deployment's operator (creates it if needed)
  demo                          seed four demo co-ops (one per sector template) with fictional members
  audit verify [--coop SLUG]    re-compute the audit hash chains and report the first broken link
  tally ...                     re-count a contest from its files (mutual tally --help)

Configuration comes from the environment: see README.md.`;

const out = {
  stdout: (t: string) => process.stdout.write(t),
  stderr: (t: string) => process.stderr.write(t),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.stdout(`${help}\n`);
    return command ? 0 : 2;
  }
  if (command === 'tally') return tallyCommand(rest, out);

  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { 'build-web': { type: 'boolean', default: false } },
      });
      await serve(config, { buildWeb: values['build-web'] ?? false });
      return -1;
    }
    case 'migrate': {
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      await ctx.database.migrate();
      await ctx.database.close();
      out.stdout('migrations applied\n');
      return 0;
    }
    case 'admin': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { email: { type: 'string' }, name: { type: 'string' } },
      });
      if (positionals[0] !== 'create' || !values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
        out.stderr('usage: mutual admin create --email EMAIL [--name NAME]\n');
        return 2;
      }
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      await ctx.database.migrate();
      const result = await createOperator(ctx, {
        email: values.email,
        ...(values.name ? { displayName: values.name } : {}),
      });
      await ctx.database.close();
      if (result.temporaryPassword) {
        out.stdout(
          `created operator account ${values.email}\ntemporary password: ${result.temporaryPassword}\nSign in and change it, or use "Forgot password".\n`,
        );
      } else {
        out.stdout(`${values.email} is now an operator of this deployment\n`);
      }
      return 0;
    }
    case 'demo': {
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      await ctx.database.migrate();
      try {
        await seedDemo(ctx, (line) => out.stdout(`${line}\n`));
      } finally {
        await ctx.database.close();
      }
      return 0;
    }
    case 'audit': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { coop: { type: 'string' } },
      });
      if (positionals[0] !== 'verify') {
        out.stderr('usage: mutual audit verify [--coop SLUG]\n');
        return 2;
      }
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      await ctx.database.migrate();
      try {
        return await auditVerify(ctx, values.coop);
      } finally {
        await ctx.database.close();
      }
    }
    default:
      out.stderr(`unknown command "${command}"\n\n${help}\n`);
      return 2;
  }
}

async function auditVerify(
  ctx: Awaited<ReturnType<typeof createContext>>,
  slug: string | undefined,
): Promise<number> {
  let chains: string[];
  if (slug) {
    const id = await findCoopIdBySlug(ctx.db, slug);
    if (!id) {
      out.stderr(`no co-op with slug "${slug}"\n`);
      return 2;
    }
    chains = [id];
  } else {
    chains = await listChains(ctx.db);
  }
  let failed = 0;
  for (const coopId of chains) {
    const report = await verifyChain(ctx.db, coopId);
    if (report.ok)
      out.stdout(`ok      chain ${coopId}: ${report.events} events, head ${report.head.slice(0, 16)}…\n`);
    else {
      failed++;
      out.stdout(
        `BROKEN  chain ${coopId}: event ${report.brokenAt}: ${report.reason} (${report.events} events verified before it)\n`,
      );
    }
  }
  if (chains.length === 0) out.stdout('no audit events yet\n');
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`mutual: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
