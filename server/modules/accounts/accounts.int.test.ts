import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, DEFAULT_PASSWORD } from '../../../test/factories.ts';
import { errorOf, startTestServer, type TestServer } from '../../../test/http.ts';
import { accounts, auditEvents, sessions } from '../../db/schema/index.ts';
import { SESSION_DAYS } from './sessions.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('sign up, sign in, sign out', () => {
  it('signs up, sets an HttpOnly session cookie, and knows who I am', async () => {
    const agent = server.agent();
    const res = await agent.post('/api/auth/sign-up', {
      email: '  Ada@Example.TEST ',
      displayName: 'Ada',
      password: 'a long enough password',
    });
    expect(res.status).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/mutual_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'ada@example.test', displayName: 'Ada', isOperator: false });
  });

  it('stores the password as argon2id and the session id only hashed', async () => {
    const agent = server.agent();
    await agent.post('/api/auth/sign-up', {
      email: 'bo@example.test',
      displayName: 'Bo',
      password: 'another password',
    });
    const [row] = await server.ctx.db.select().from(accounts).where(eq(accounts.email, 'bo@example.test'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const cookie = agent.cookies.get('mutual_session')!;
    const stored = await server.ctx.db.select().from(sessions).where(eq(sessions.accountId, row!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.idHash).not.toBe(cookie);
    expect(stored[0]!.idHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a duplicate email, whatever its case, with 409 and the field', async () => {
    await createAccount(server.ctx, { email: 'dup@example.test' });
    const res = await server.agent().post('/api/auth/sign-up', {
      email: 'DUP@example.test',
      displayName: 'Dup',
      password: 'a long enough password',
    });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'EMAIL_TAKEN', field: 'email' });
  });

  it('signs in with the right password and out again', async () => {
    await createAccount(server.ctx, { email: 'cy@example.test' });
    const agent = server.agent();
    const res = await agent.post('/api/auth/sign-in', {
      email: 'cy@example.test',
      password: DEFAULT_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect((await agent.get('/api/me')).status).toBe(200);
    expect((await agent.post('/api/auth/sign-out')).status).toBe(204);
    expect((await agent.get('/api/me')).status).toBe(401);
  });

  it('ends a session after its 30 days, and a forged cookie is nobody', async () => {
    await createAccount(server.ctx, { email: 'el@example.test' });
    const agent = server.agent();
    await agent.post('/api/auth/sign-in', { email: 'el@example.test', password: DEFAULT_PASSWORD });
    server.ctx.testClock.advance((SESSION_DAYS - 1) * 86_400_000);
    expect((await agent.get('/api/me')).status).toBe(200);
    server.ctx.testClock.advance(2 * 86_400_000);
    expect((await agent.get('/api/me')).status).toBe(401);
    agent.cookies.set('mutual_session', 'x'.repeat(43));
    expect((await agent.get('/api/me')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    await createAccount(server.ctx, { email: 'di@example.test' });
    const wrong = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'di@example.test', password: 'nope nope nope' });
    const unknown = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'nobody@example.test', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('slows down repeated failures for an address, existing or not, and audits the lock', async () => {
    const account = await createAccount(server.ctx, { email: 'ed@example.test' });
    const statuses: number[] = [];
    const ghost: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await server
            .agent()
            .post('/api/auth/sign-in', { email: 'ed@example.test', password: 'wrong password' })
        ).status,
      );
      ghost.push(
        (
          await server
            .agent()
            .post('/api/auth/sign-in', { email: 'ghost@example.test', password: 'wrong password' })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(ghost).toEqual(statuses);
    // Even the right password waits until the lock passes.
    const locked = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'ed@example.test', password: DEFAULT_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    server.ctx.testClock.advance(61_000);
    const ok = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'ed@example.test', password: DEFAULT_PASSWORD });
    expect(ok.status).toBe(200);
    const events = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(
        sql`${auditEvents.action} = 'account.sign_in_locked' and ${auditEvents.subjectId} = ${account.id}`,
      );
    expect(events).toHaveLength(1);
  });

  it('refuses writes without the CSRF header', async () => {
    const agent = server.agent();
    await agent.refreshSession();
    const res = await agent.request(
      'POST',
      '/api/auth/sign-in',
      { email: 'x@example.test', password: 'whatever' },
      {
        headers: { 'x-csrf-token': 'forged-token-forged-token' },
      },
    );
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe('CSRF_TOKEN_INVALID');
  });
});

describe('password reset', () => {
  it('emails a single-use link that sets a new password and ends every session', async () => {
    const account = await createAccount(server.ctx, { email: 'fi@example.test' });
    const oldAgent = server.agent();
    await oldAgent.post('/api/auth/sign-in', { email: 'fi@example.test', password: DEFAULT_PASSWORD });
    const before = server.ctx.sentEmails.length;

    const res = await server.agent().post('/api/auth/password-reset', { email: 'FI@example.test' });
    expect(res.status).toBe(202);
    // The email sits in the outbox until delivered after commit.
    const { deliverOutbox } = await import('../outbox/index.ts');
    await deliverOutbox(server.ctx);
    const email = server.ctx.sentEmails.at(-1)!;
    expect(server.ctx.sentEmails.length).toBe(before + 1);
    expect(email.to).toBe('fi@example.test');
    const token = decodeURIComponent(/token=([^\s]+)/.exec(email.text)![1]!);

    const confirm = await server
      .agent()
      .post('/api/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(confirm.status).toBe(204);
    expect((await oldAgent.get('/api/me')).status).toBe(401);
    const again = await server
      .agent()
      .post('/api/auth/password-reset/confirm', { token, password: 'yet another password' });
    expect(again.status).toBe(422);
    expect(errorOf(again)).toMatchObject({ code: 'RESET_TOKEN_INVALID', field: 'token' });

    const signIn = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'fi@example.test', password: 'a brand new password' });
    expect(signIn.status).toBe(200);
    const changed = await server.ctx.db
      .select()
      .from(auditEvents)
      .where(
        sql`${auditEvents.action} = 'account.password_changed' and ${auditEvents.subjectId} = ${account.id}`,
      );
    expect(changed).toHaveLength(1);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = server.ctx.sentEmails.length;
    const res = await server.agent().post('/api/auth/password-reset', { email: 'unknown@example.test' });
    expect(res.status).toBe(202);
    const { deliverOutbox } = await import('../outbox/index.ts');
    await deliverOutbox(server.ctx);
    expect(server.ctx.sentEmails.length).toBe(before);
  });

  it('refuses an expired token', async () => {
    await createAccount(server.ctx, { email: 'gu@example.test' });
    await server.agent().post('/api/auth/password-reset', { email: 'gu@example.test' });
    const { deliverOutbox } = await import('../outbox/index.ts');
    await deliverOutbox(server.ctx);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(server.ctx.sentEmails.at(-1)!.text)![1]!);
    server.ctx.testClock.advance(61 * 60_000);
    const res = await server
      .agent()
      .post('/api/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(res.status).toBe(422);
  });
});
