import { z } from 'zod';
import {
  accountView,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  sessionView,
  signInInput,
  signUpInput,
} from '../../../contracts/accounts.ts';
import { errorResponses } from '../../../contracts/errors.ts';
import type { Context } from '../../context.ts';
import { clearSessionCookie, ensureCsrfToken, setSessionCookie } from '../../http/session-cookies.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { findAccountById, toAccountView } from './queries.ts';
import { closeSession, SESSION_DAYS } from './sessions.ts';
import { signIn } from './sign-in.ts';
import { signUp } from './sign-up.ts';

export async function accountsRoutes(
  app: App,
  ctx: Context,
  options: { authRateLimit: number },
): Promise<void> {
  const secure = ctx.config.publicUrl.startsWith('https://');
  const authLimit = { rateLimit: { max: options.authRateLimit, timeWindow: '1 minute' } };
  const tags = ['accounts'];

  app.get(
    '/api/session',
    { schema: { tags, summary: 'The current session and a CSRF token', response: { 200: sessionView } } },
    async (request, reply) => {
      const csrfToken = ensureCsrfToken(request, reply, secure);
      const actor = request.actor;
      const row = actor.kind === 'account' ? await findAccountById(ctx.db, actor.accountId) : undefined;
      return { account: row ? toAccountView(row) : null, csrfToken };
    },
  );

  app.get(
    '/api/me',
    { schema: { tags, summary: 'The signed-in account', response: { 200: accountView, ...errorResponses } } },
    async (request) => {
      const actor = request.actor;
      if (actor.kind !== 'account') throw notSignedIn();
      const row = await findAccountById(ctx.db, actor.accountId);
      if (!row) throw notSignedIn();
      return toAccountView(row);
    },
  );

  app.post(
    '/api/auth/sign-up',
    {
      config: authLimit,
      schema: {
        tags,
        summary: 'Create an account and sign in',
        body: signUpInput,
        response: { 201: sessionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await signUp(ctx, request.actor, request.body);
      setSessionCookie(reply, result.sessionSecret, secure, SESSION_DAYS);
      return reply
        .status(201)
        .send({ account: result.account, csrfToken: ensureCsrfToken(request, reply, secure) });
    },
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: authLimit,
      schema: {
        tags,
        summary: 'Sign in',
        body: signInInput,
        response: { 200: sessionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await signIn(ctx, request.actor, request.body);
      setSessionCookie(reply, result.sessionSecret, secure, SESSION_DAYS);
      return { account: result.account, csrfToken: ensureCsrfToken(request, reply, secure) };
    },
  );

  app.post(
    '/api/auth/sign-out',
    { schema: { tags, summary: 'Sign out of this browser', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await closeSession(ctx, request.sessionSecret);
      clearSessionCookie(reply, secure);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: authLimit,
      schema: {
        tags,
        summary: 'Email a password reset link (answers the same whether or not the account exists)',
        body: passwordResetRequestInput,
        response: { 202: z.object({ status: z.literal('sent-if-account-exists') }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.actor, request.body);
      return reply.status(202).send({ status: 'sent-if-account-exists' as const });
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      config: authLimit,
      schema: {
        tags,
        summary: 'Set a new password with the emailed token; signs out every session',
        body: passwordResetConfirmInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx, request.actor, request.body);
      return reply.status(204).send(null);
    },
  );
}

function notSignedIn(): AppError {
  return new AppError('unauthenticated', 'NOT_SIGNED_IN', 'Sign in first.');
}
