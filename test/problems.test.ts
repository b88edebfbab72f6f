import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededApp, seededDbFile } from './helpers.js';

type Json = Record<string, any>;

/**
 * Every kind of error has its own problem `type`, so a client can tell a bad
 * value from an unknown parameter or a stale cursor without reading `detail`;
 * each type is documented in openapi.yaml.
 */
const BASE = 'https://syria-claims.example/problems/';
const SPEC = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

const cases: {
  kind: string;
  status: number;
  request: { method?: 'GET' | 'POST' | 'PUT'; url: string; headers?: Record<string, string> };
}[] = [
  { kind: 'bad-parameter', status: 400, request: { url: '/events?from=2017-02-30' } },
  { kind: 'bad-parameter', status: 400, request: { url: '/events?q=%21%21%21' } },
  { kind: 'unknown-parameter', status: 400, request: { url: '/events?colour=red' } },
  { kind: 'bad-cursor', status: 400, request: { url: '/events?cursor=not*base64' } },
  { kind: 'bad-cursor', status: 400, request: { url: `/claims?cursor=${Buffer.from('["events","2017-01-01",1]').toString('base64url')}` } },
  { kind: 'malformed-request', status: 400, request: { url: '/events/%E0%A4%A' } },
  { kind: 'not-found', status: 404, request: { url: '/events/987654321' } },
  { kind: 'not-found', status: 404, request: { url: '/no-such-resource' } },
  { kind: 'method-not-allowed', status: 405, request: { method: 'PUT', url: '/events' } },
  { kind: 'not-acceptable', status: 406, request: { url: '/events', headers: { accept: 'image/png' } } },
  { kind: 'too-large', status: 414, request: { url: `/events?q=${'x'.repeat(9000)}` } },
];

t.test('each kind of error answers with its own documented problem type', async (t) => {
  const app = await seededApp(t);
  for (const { kind, status, request } of cases) {
    const res = await app.inject({ method: request.method ?? 'GET', url: request.url, headers: request.headers });
    const label = `${request.method ?? 'GET'} ${request.url.slice(0, 60)}`;
    t.equal(res.statusCode, status, `${label}: ${status}`);
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${label}: problem+json`);
    const body = res.json() as Json;
    t.equal(body.type, `${BASE}${kind}`, `${label}: type ${kind}`);
    t.equal(body.status, status, `${label}: the body repeats the status`);
    t.ok(SPEC.includes(`${BASE}${kind}`), `${kind} is documented in openapi.yaml`);
  }
});

t.test('bad values and unknown names are told apart, and errors name the parameter', async (t) => {
  const app = await seededApp(t);
  const unknown = (await app.inject({ url: '/events?colour=red&limit=5' })).json() as Json;
  t.same(unknown.errors, [{ param: 'colour', message: 'is not a parameter of this endpoint' }]);
  const bad = (await app.inject({ url: '/events?limit=0' })).json() as Json;
  t.equal(bad.type, `${BASE}bad-parameter`);
  t.equal(bad.errors[0].param, 'limit');
  const cursor = (await app.inject({ url: '/actors?cursor=AAAA' })).json() as Json;
  t.equal(cursor.type, `${BASE}bad-cursor`);
  t.same(
    cursor.errors.map((e: Json) => e.param),
    ['cursor'],
  );
  for (const payload of ['{"name":', '']) {
    const body = await app.inject({ method: 'POST', url: '/actors', headers: { 'content-type': 'application/json' }, payload });
    t.equal(body.statusCode, 400, `a body of ${JSON.stringify(payload)}: 400`);
    t.same(
      (body.json() as Json).errors?.map((e: Json) => e.param),
      ['body'],
      'naming the body',
    );
  }
});

t.test('a client over its rate limit gets the rate-limited type', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile(), rateLimit: { max: 1, timeWindowMs: 60_000 } });
  t.teardown(() => app.close());
  t.equal((await app.inject({ url: '/actors?limit=1', remoteAddress: '203.0.113.5' })).statusCode, 200);
  const limited = await app.inject({ url: '/actors?limit=1', remoteAddress: '203.0.113.5' });
  t.equal(limited.statusCode, 429);
  t.equal((limited.json() as Json).type, `${BASE}rate-limited`);
});
