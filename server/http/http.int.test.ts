import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from '../../test/http.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('operations endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    const agent = server.agent();
    expect((await agent.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await agent.get('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('tags every response with a request id', async () => {
    const res = await server.agent().get('/healthz');
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });
});

describe('OpenAPI', () => {
  it('publishes a valid OpenAPI 3.1 document that lists the routes', async () => {
    const res = await server.agent().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/sign-up', '/api/session', '/api/coops']),
    );
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves the API browser from local assets', async () => {
    const page = await server.agent().get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.raw).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });
});

describe('error shape', () => {
  it('answers unknown API routes with 404 in the error shape', async () => {
    const res = await server.agent().get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('names the field at fault on validation errors', async () => {
    const res = await server
      .agent()
      .post('/api/auth/sign-up', { email: 'not-an-email', displayName: 'X', password: 'long enough pw' });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' });
  });

  it('names an unknown field', async () => {
    const res = await server
      .agent()
      .post('/api/auth/sign-in', { email: 'a@b.test', password: 'x', isOperator: true });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'isOperator' });
  });

  it('refuses malformed JSON and oversized bodies with clear codes', async () => {
    const agent = server.agent();
    await agent.refreshSession();
    const bad = await agent.request('POST', '/api/auth/sign-in', '{"email":', {
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('MALFORMED_JSON');
    const big = await agent.request(
      'POST',
      '/api/auth/sign-in',
      JSON.stringify({ email: 'a'.repeat(2_000_000) }),
      {
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(big.status).toBe(413);
    expect(errorOf(big).code).toBe('BODY_TOO_LARGE');
  });
});
