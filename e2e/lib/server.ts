import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = join(import.meta.dirname, '..', '..');

export type LoggedEmail = { to: string; subject: string; text: string };

export type RunningServer = {
  url: string;
  /** Every line the server printed on stdout, in order. */
  lines: string[];
  /** Waits for the server to log an email to `to` (sent after `since` lines), and returns it. */
  waitForEmail(to: string, options?: { since?: number; timeoutMs?: number }): Promise<LoggedEmail>;
  /** The last lines of output, to explain a failure. */
  tail(count?: number): string;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function emailOf(line: string): LoggedEmail | null {
  if (!line.startsWith('{')) return null;
  try {
    const entry = JSON.parse(line) as { email?: Partial<LoggedEmail> };
    const email = entry.email;
    if (email && typeof email.to === 'string' && typeof email.text === 'string') {
      return { to: email.to, subject: String(email.subject ?? ''), text: email.text };
    }
  } catch {
    // Not a log entry (e.g. build output); ignore.
  }
  return null;
}

const children = new Set<ChildProcess>();

// Whatever ends this process (a failed assertion, Ctrl-C, an uncaught error), no server is left behind.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });
}

export type StartOptions = {
  /**
   * Settings for this server only (e.g. MUTUAL_CLOCK_FILE, SCHEDULER_TICK_MS), on top of this
   * process's environment; the address, data directory and log settings below always win.
   */
  env?: Record<string, string>;
};

/** Starts `mutual serve` on a free port with an empty embedded database, and waits until it is ready. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mutual-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    MUTUAL_DATA_DIR: dataDir,
    PUBLIC_URL: url,
    LOG_LEVEL: 'info',
  };
  // The journeys need the embedded database and the logged emails, whatever the shell has set.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;

  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'node'), ['server/main.ts', 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);

  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.length > 0));
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  let exited: number | string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown';
      children.delete(child);
      resolve();
    }),
  );

  const tail = (count = 30) => lines.slice(-count).join('\n');

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const finished = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!finished) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`the server exited (${exited}) before it was ready:\n${tail()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready after 90 s:\n${tail()}`);
    }
    await sleep(250);
  }

  const waitForEmail = async (to: string, options: { since?: number; timeoutMs?: number } = {}) => {
    const until = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      for (const line of lines.slice(options.since ?? 0)) {
        const email = emailOf(line);
        if (email && email.to === to) return email;
      }
      if (Date.now() > until) throw new Error(`no email to ${to} in the server log:\n${tail()}`);
      await sleep(200);
    }
  };

  return { url, lines, waitForEmail, tail, stop };
}
