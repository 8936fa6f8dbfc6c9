import type { InjectOptions } from 'fastify';
import { buildApp } from '../server/http/app.ts';
import type { App } from '../server/http/types.ts';
import { createTestContext, type TestContext } from './db.ts';
import { DEFAULT_PASSWORD } from './factories.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Reply = { status: number; body: unknown; headers: Record<string, unknown>; raw: string };

/** A browser-like client over app.inject: keeps cookies and sends the CSRF header on writes. */
export class Agent {
  readonly app: App;
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(app: App) {
    this.app = app;
  }

  async request(
    method: Method,
    url: string,
    payload?: unknown,
    extra: Partial<InjectOptions> = {},
  ): Promise<Reply> {
    if (method !== 'GET' && this.csrfToken === null) await this.refreshSession();
    const headers: Record<string, string> = { ...(extra.headers as Record<string, string> | undefined) };
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in headers))
      headers['x-csrf-token'] = this.csrfToken;
    const res = await this.app.inject({
      ...extra,
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let body: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers, raw: res.body };
  }

  async refreshSession(): Promise<Reply> {
    const res = await this.request('GET', '/api/session');
    this.csrfToken = (res.body as { csrfToken: string }).csrfToken;
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload);
  }
}

export type TestServer = { ctx: TestContext; app: App; agent: () => Agent; close: () => Promise<void> };

export async function startTestServer(): Promise<TestServer> {
  const ctx = await createTestContext();
  const app = await buildApp(ctx, { webDist: null, authRateLimit: 1000 });
  await app.ready();
  return {
    ctx,
    app,
    agent: () => new Agent(app),
    close: async () => {
      await app.close();
      await ctx.database.close();
    },
  };
}

/** A person who signed up through the API, with their own cookie jar. */
export type Person = { agent: Agent; id: string; name: string; email: string };

export async function signUpPerson(server: TestServer, name: string): Promise<Person> {
  const agent = server.agent();
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const res = await agent.post('/api/auth/sign-up', { email, displayName: name, password: DEFAULT_PASSWORD });
  if (res.status !== 201) throw new Error(`sign-up of ${name} answered ${res.status}: ${res.raw}`);
  return { agent, id: (res.body as { account: { id: string } }).account.id, name, email };
}

/** Sessions last weeks, not months: after moving the clock far, people sign in again. */
export async function signInAgain(people: Person[]): Promise<void> {
  for (const p of people) {
    const res = await p.agent.post('/api/auth/sign-in', { email: p.email, password: DEFAULT_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in of ${p.email} answered ${res.status}: ${res.raw}`);
  }
}

export function errorOf(reply: Reply): { code: string; message: string; field?: string } {
  return (reply.body as { error: { code: string; message: string; field?: string } }).error;
}
