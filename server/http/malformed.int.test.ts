import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/http.ts';

// Throws a batch of malformed requests at every route in the OpenAPI document and checks that none
// answers 5xx and every error has the documented shape.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const payloads: { name: string; body: string; type: string }[] = [
  { name: 'malformed JSON', body: '{"a":', type: 'application/json' },
  { name: 'JSON array', body: '[1,2,3]', type: 'application/json' },
  { name: 'JSON string', body: '"hello"', type: 'application/json' },
  { name: 'null', body: 'null', type: 'application/json' },
  {
    name: 'wrong types',
    body: JSON.stringify({ email: 42, password: [], token: {}, displayName: null }),
    type: 'application/json',
  },
  { name: 'deep nesting', body: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' },
  {
    name: 'huge string',
    body: JSON.stringify({ email: `${'x'.repeat(100_000)}@a.test`, password: 'y'.repeat(100_000) }),
    type: 'application/json',
  },
  { name: 'form encoded', body: 'email=a&password=b', type: 'application/x-www-form-urlencoded' },
  { name: 'plain text', body: 'hello', type: 'text/plain' },
  {
    name: 'prototype pollution',
    body: '{"__proto__":{"isOperator":true},"email":"a@b.test","password":"x"}',
    type: 'application/json',
  },
];

it('never answers 5xx to malformed input on any route', async () => {
  const agent = server.agent();
  await agent.refreshSession();
  const doc = (await agent.get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const failures: string[] = [];
  let tried = 0;
  for (const [template, methods] of Object.entries(doc.paths)) {
    const urls = [
      template.replace(/\{[^}]+\}/g, 'x'),
      template.replace(/\{[^}]+\}/g, '%00%ff'),
      `${template.replace(/\{[^}]+\}/g, '1')}?limit=-1&from=zzz`,
    ];
    for (const method of Object.keys(methods)) {
      const verb = method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      for (const url of urls) {
        const cases = verb === 'GET' ? [payloads[0]!] : payloads;
        for (const p of cases) {
          const res = await agent.request(verb, url, verb === 'GET' ? undefined : p.body, {
            headers: { 'content-type': p.type },
          });
          tried++;
          const shapeOk =
            res.status < 400 || typeof (res.body as { error?: { code?: unknown } })?.error?.code === 'string';
          if (res.status >= 500 || !shapeOk)
            failures.push(`${verb} ${url} (${p.name}) → ${res.status} ${res.raw.slice(0, 200)}`);
        }
      }
    }
  }
  expect(tried).toBeGreaterThan(50);
  expect(failures).toEqual([]);
});
