import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createClient, type EventSummary, ProblemError } from 'syria-claims-api/client';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { seededDbFile } from './helpers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

t.test('src/client/schema.d.ts is what `npm run openapi` generates from the routes', async (t) => {
  const app = await buildApp({ dbFile: ':memory:' });
  await app.ready();
  const spec = app.swagger({ yaml: true });
  await app.close();
  const dir = mkdtempSync(join(tmpdir(), 'claims-client-types-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'openapi.yaml'), spec);
  await run(join(ROOT, 'node_modules/.bin/openapi-typescript'), [join(dir, 'openapi.yaml'), '-o', join(dir, 'schema.d.ts')], {
    timeout: 60_000,
  });
  const fresh = readFileSync(join(dir, 'schema.d.ts'), 'utf8');
  const committed = readFileSync(join(ROOT, 'src/client/schema.d.ts'), 'utf8');
  t.ok(fresh.includes('export interface paths'), 'openapi-typescript produced the types');
  t.equal(committed, fresh, 'the client types are up to date (run `npm run openapi` after changing a route)');
});

/** A real HTTP server for the answers this API never gives but a proxy or a broken server might. */
async function rogueServer(t: Test, answer: (url: URL) => { status: number; type: string; body: string }): Promise<string> {
  const server = createServer((request, response) => {
    const { status, type, body } = answer(new URL(request.url ?? '/', 'http://rogue.invalid'));
    response.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('the client against a live server', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const api = createClient({ baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/` });
  const inject = async (url: string) => (await app.inject({ url })).json();
  const everything = (await inject('/events?limit=500')).data as EventSummary[];
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

  t.test('get: the card query, and one event by id', async (t) => {
    const page = await api.get('/events', { query: { actor: 'ISIS', place: 'Deir ez-Zor' } });
    const expected = await inject('/events?actor=ISIS&place=Deir%20ez-Zor');
    t.ok(page.data.length > 0);
    t.same(ids(page.data), ids(expected.data), 'the same events as the API answers to the card query');
    t.equal(page.meta.total, expected.meta.total);
    const first = page.data[0] as EventSummary;
    const detail = await api.get('/events/{id}', { path: { id: first.id } });
    t.equal(detail.id, first.id);
    t.ok(detail.claims.length > 0 && detail.claims.every((c) => typeof c.quote === 'string'), 'the detail has its claims and quotes');
  });

  t.test('all and pages follow meta.next_cursor through every page', async (t) => {
    const pages = [];
    for await (const page of api.pages('/events', { limit: 7 })) pages.push(page);
    t.equal(pages.length, Math.ceil(everything.length / 7), 'one page per 7 events');
    t.ok(
      pages.slice(0, -1).every((p) => p.meta.next_cursor !== null),
      'every page but the last has a next_cursor',
    );
    t.equal(pages.at(-1)?.meta.next_cursor, null, 'the last has none');
    const items: EventSummary[] = [];
    for await (const event of api.all('/events', { limit: 7 })) items.push(event);
    t.same(ids(items), ids(everything), 'all() yields every event once, in order');
    const strikes: number[] = [];
    for await (const claim of api.all('/claims', { claim_type: 'casualty_report', limit: 3 })) strikes.push(claim.id);
    const expected = await inject('/claims?claim_type=casualty_report&limit=500');
    t.same(strikes, ids(expected.data), 'filters apply on every page (casualty_report claims)');
  });

  t.test('csv and geojson exports span every page', async (t) => {
    const csv = await api.csv('/events', { limit: 7, hxl: '1', bom: '1' });
    t.ok(csv.startsWith('\uFEFFevent_id_cnty,'), 'one BOM, then the header');
    t.equal(csv.match(/\uFEFF/g)?.length, 1, 'the later pages’ BOMs are dropped');
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    t.equal(rows[0]?.event_id, '#event+id', 'the HXL row once, under the header');
    t.same(
      rows.slice(1).map((r) => Number(r.event_id)),
      ids(everything),
      'one row per event, across pages, without repeated headers',
    );
    const geojson = await api.geojson('/events', { actor: 'ISIS', limit: 5 });
    const isis = (await inject('/events?actor=ISIS&limit=500')).data as EventSummary[];
    t.same(
      [...geojson.features.map((f) => f.id), ...geojson.unlocated.map((u) => u.id)].sort((a, b) => Number(a) - Number(b)),
      ids(isis).sort((a, b) => a - b),
      'every ISIS event is a feature or listed as unlocated',
    );
    const located = isis.filter((e) => e.location.lat !== null);
    t.equal(geojson.features.length, located.length);
    const sample = located[0] as EventSummary;
    const feature = geojson.features.find((f) => f.id === sample.id);
    t.same(feature?.geometry, { type: 'Point', coordinates: [sample.location.lon, sample.location.lat] }, 'a feature sits at its location');
  });

  t.test('failures are thrown as typed problems', async (t) => {
    const badDate = await api.get('/events', { query: { from: '2017-02-30' } }).catch((e: unknown) => e);
    t.ok(badDate instanceof ProblemError, 'a ProblemError');
    if (badDate instanceof ProblemError) {
      t.equal(badDate.status, 400);
      t.equal(badDate.problem.errors?.[0]?.param, 'from', 'it names the bad parameter');
      t.match(badDate.message, /^400 Invalid Parameter: .*from/);
    }
    const missing = await api.get('/events/{id}', { path: { id: 987654321 } }).catch((e: unknown) => e);
    t.ok(missing instanceof ProblemError && missing.problem.status === 404 && /987654321/.test(missing.problem.detail), '404 names the id');
    const pages = api.pages('/events', { cursor: 'not-a-cursor' });
    await t.rejects(pages.next(), { name: 'ProblemError', status: 400 }, 'a bad cursor is a 400 problem');
    const raw = await api.raw.GET('/events', { params: { query: { limit: 0 } } });
    t.equal(raw.response.status, 400);
    t.equal(raw.error?.errors?.[0]?.param, 'limit', 'the raw client gives the problem as `error`');
  });

  t.test('a body that is not a problem (a proxy page) still becomes a problem', async (t) => {
    const proxy = await rogueServer(t, () => ({ status: 502, type: 'text/html', body: '<h1>502 Bad Gateway</h1>' }));
    const error = await createClient({ baseUrl: proxy })
      .get('/events')
      .catch((e: unknown) => e);
    t.ok(error instanceof ProblemError);
    if (error instanceof ProblemError) {
      t.equal(error.problem.status, 502);
      t.match(error.problem.detail, /502 Bad Gateway/, 'the body becomes the detail');
    }
  });

  t.test('a server that repeats a cursor cannot loop the client', async (t) => {
    let requests = 0;
    const broken = await rogueServer(t, () => {
      requests++;
      return {
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ data: [{ id: 1 }], meta: { total: 1, limit: 1, next_cursor: 'same' } }),
      };
    });
    const seen: unknown[] = [];
    await t.rejects(
      (async () => {
        for await (const item of createClient({ baseUrl: broken }).all('/events')) seen.push(item);
      })(),
      /cursor same twice/,
    );
    t.ok(requests <= 3, `stopped after ${requests} requests`);
  });
});
