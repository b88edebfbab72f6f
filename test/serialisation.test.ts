import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededDbFile } from './helpers.js';

type Json = Record<string, any>;

/**
 * Every JSON answer goes through its route's compiled zod response schema, not
 * a bare JSON.stringify: a field the schema does not name never reaches the
 * client, and a value of the wrong type is a 500 problem, never a malformed
 * body. A test hook slips such values into the payload after the handler.
 */

const LEAK = 'internal_only';

async function appWithTamperHook(t: { teardown(fn: () => Promise<void> | void): void }): Promise<FastifyInstance> {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  app.addHook('preSerialization', async (request, _reply, payload: unknown) => {
    const how = request.headers['x-tamper'];
    if (!how || typeof payload !== 'object' || payload === null) return payload;
    const body = payload as Json;
    const item: Json | undefined = Array.isArray(body.data) ? body.data[0] : body;
    if (how === 'extra') {
      body[LEAK] = 'top level';
      if (item) item[LEAK] = 'in an item';
      if (body.meta) body.meta[LEAK] = 'in meta';
    }
    if (how === 'wrong-type') {
      if (body.meta) body.meta.total = 'many';
      else body.id = 'not a number';
    }
    return body;
  });
  return app;
}

t.test('fields the response schema does not name are stripped, on every kind of JSON answer', async (t) => {
  const app = await appWithTamperHook(t);
  const first = async (path: string) => ((await app.inject({ url: `${path}?limit=1` })).json() as Json).data[0].id as number;
  const urls = [
    '/events?limit=3',
    `/events/${await first('/events')}`,
    '/events?q=%D8%A7%D9%84%D8%B1%D9%82%D8%A9&limit=3',
    '/claims?limit=3',
    `/claims/${await first('/claims')}`,
    '/casualty-reports?limit=3',
    '/actors?limit=3',
    `/actors/${await first('/actors')}`,
    '/locations?limit=3',
    `/locations/${await first('/locations')}`,
    '/articles?limit=3',
    `/articles/${await first('/articles')}`,
    '/health',
  ];
  for (const url of urls) {
    const plain = await app.inject({ url });
    const tampered = await app.inject({ url, headers: { 'x-tamper': 'extra' } });
    t.equal(tampered.statusCode, 200, `${url}: still answers`);
    t.notMatch(tampered.body, LEAK, `${url}: the extra field is not sent`);
    t.same(tampered.json(), plain.json(), `${url}: the body is what the schema allows, unchanged otherwise`);
  }
});

t.test('a value of the wrong type is a problem, not a malformed body', async (t) => {
  const app = await appWithTamperHook(t);
  for (const url of ['/events?limit=2', '/claims?limit=2', `/events/${(await app.inject({ url: '/events?limit=1' })).json().data[0].id}`]) {
    const res = await app.inject({ url, headers: { 'x-tamper': 'wrong-type' } });
    t.equal(res.statusCode, 500, `${url}: 500`);
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: as problem+json`);
    t.notMatch(res.body, /many|not a number/, `${url}: the bad value is not sent`);
  }
});
