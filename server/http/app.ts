import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Context } from '../context.ts';
import { accountsRoutes, resolveSession } from '../modules/accounts/index.ts';
import { coopsRoutes } from '../modules/coops/index.ts';
import { governanceRoutes } from '../modules/governance/index.ts';
import { ledgerRoutes } from '../modules/ledger/index.ts';
import { marketRoutes } from '../modules/market/index.ts';
import { membersRoutes } from '../modules/members/index.ts';
import { handleError, sendError } from './errors.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './session-cookies.ts';
import type { App } from './types.ts';

export type AppOptions = {
  /** Folder of the built web app; served at / when present. */
  webDist?: string | null;
  /** Per-IP request budget for sign-in and sign-up, per minute. */
  authRateLimit?: number;
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a URL that does not decode) get the same shape as all others.
    frameworkErrors: (error, _request, reply) => {
      const code = error.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : 'BAD_REQUEST';
      void sendError(reply, 400, { code, message: 'The request URL or headers are not valid.' });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mutual API',
        version: '1',
        description:
          'The open API of Mutual, the system platform cooperatives run on. Writes from a browser session need the x-csrf-token header (from GET /api/session).',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Who is asking, for every request; and the cross-site check for every write under /api.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionSecret', undefined);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = { kind: 'anonymous', ip: request.ip };
    if (!request.url.startsWith('/api/')) return;
    const secret = request.cookies[SESSION_COOKIE];
    request.sessionSecret = secret;
    const account = await resolveSession(ctx.db, ctx.clock(), secret);
    if (account) request.actor = { ...account, ip: request.ip };
    if (UNSAFE.has(request.method)) {
      const cookie = request.cookies[CSRF_COOKIE];
      const header = request.headers[CSRF_HEADER];
      if (!cookie || typeof header !== 'string' || header !== cookie) {
        return sendError(reply, 403, {
          code: 'CSRF_TOKEN_INVALID',
          message: 'Missing or wrong x-csrf-token header. Get one from GET /api/session.',
          field: CSRF_HEADER,
        });
      }
    }
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.database.ping();
      return { status: 'ready' };
    } catch {
      return sendError(reply, 503, {
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database does not answer.',
      });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) =>
    accountsRoutes(api as App, ctx, { authRateLimit: options.authRateLimit ?? 20 }),
  );
  await app.register(async (api) => coopsRoutes(api as App, ctx));
  await app.register(async (api) => ledgerRoutes(api as App, ctx));
  await app.register(async (api) => membersRoutes(api as App, ctx));
  await app.register(async (api) => marketRoutes(api as App, ctx));
  await app.register(async (api) => governanceRoutes(api as App, ctx));

  const webDist = options.webDist;
  const hasWeb = !!webDist && existsSync(join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, prefix: '/' });
    app.get('/assets/*', { schema: { hide: true } }, (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${path}`);
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (hasWeb && isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, 404, {
      code: 'NOT_FOUND',
      message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
    });
  });

  return app as unknown as App;
}
