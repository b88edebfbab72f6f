import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { generateSynthetic } from '../src/synth/generate.js';
import { seededApp } from './helpers.js';

// Promises the README makes about the HTTP API, each checked as a client would see it.

type Json = Record<string, any>;

t.test('X-Request-Id: a short one the client sends is echoed, otherwise the server makes one', async (t) => {
  const app = await seededApp(t);
  const mine = await app.inject({ url: '/health', headers: { 'x-request-id': 'client-42.a:b' } });
  t.equal(mine.headers['x-request-id'], 'client-42.a:b', 'the client’s id comes back');
  const first = await app.inject({ url: '/health' });
  const second = await app.inject({ url: '/health' });
  t.ok(first.headers['x-request-id'], 'without one, the answer still carries an id');
  t.not(first.headers['x-request-id'], second.headers['x-request-id'], 'a different one per request');
  const long = await app.inject({ url: '/health', headers: { 'x-request-id': 'x'.repeat(500) } });
  t.ok(long.headers['x-request-id'], 'an over-long id is replaced by one of the server’s');
  t.not(long.headers['x-request-id'], 'x'.repeat(500), 'and not echoed into the logs');
  const problem = await app.inject({ url: '/events/987654321', headers: { 'x-request-id': 'lost-one' } });
  t.equal(problem.statusCode, 404);
  t.equal(problem.headers['x-request-id'], 'lost-one', 'errors carry it too');
});

t.test('HEAD answers with the headers of GET and no body', async (t) => {
  const app = await seededApp(t);
  for (const url of ['/events?limit=5', '/events/1', '/actors', '/health', '/events?format=csv&limit=3']) {
    const get = await app.inject({ method: 'GET', url });
    const head = await app.inject({ method: 'HEAD', url });
    t.equal(head.statusCode, get.statusCode, `HEAD ${url}: same status`);
    t.equal(head.body, '', `HEAD ${url}: no body`);
    t.equal(head.headers['content-type'], get.headers['content-type'], `HEAD ${url}: same content type`);
    t.equal(head.headers['content-length'], get.headers['content-length'], `HEAD ${url}: the length GET would send`);
    t.equal(head.headers.etag, get.headers.etag, `HEAD ${url}: same ETag`);
  }
});

t.test('lists hold 50 items unless limit says otherwise', async (t) => {
  const app = await seededApp(t);
  for (const path of ['/events', '/claims', '/locations']) {
    const whole = (await app.inject({ url: `${path}?limit=500` })).json();
    t.ok(whole.data.length > 50, `${path}: the seed has more than 50 (${whole.data.length})`);
    const page = (await app.inject({ url: path })).json();
    t.equal(page.data.length, 50, `${path}: 50 by default`);
    t.equal(page.meta.limit, 50);
    t.ok(page.meta.next_cursor, `${path}: and a cursor to the rest`);
    t.same(
      page.data.map((x: Json) => x.id),
      whole.data.slice(0, 50).map((x: Json) => x.id),
      `${path}: the first 50 of the list`,
    );
  }
});

t.test('paging through q= results by cursor gives the whole result once', async (t) => {
  const app = await seededApp(t);
  for (const [path, q] of [
    ['/events', 'الرقة'],
    ['/events', 'ISIS'],
    ['/claims', 'غارات'],
  ] as const) {
    const query = `q=${encodeURIComponent(q)}`;
    const whole = (await app.inject({ url: `${path}?${query}&limit=500` })).json();
    t.ok(whole.data.length > 6, `${path}?q=${q}: ${whole.data.length} hits, enough for several pages`);
    const seen: number[] = [];
    let url: string | null = `${path}?${query}&limit=4`;
    let pages = 0;
    while (url) {
      const body: Json = (await app.inject({ url })).json();
      t.equal(body.meta.total, whole.meta.total, `${path}?q=${q}: the total is the same on every page`);
      seen.push(...body.data.map((x: Json) => x.id));
      pages++;
      url = body.meta.next_cursor ? `${path}?${query}&limit=4&cursor=${body.meta.next_cursor}` : null;
    }
    t.equal(pages, Math.ceil(whole.data.length / 4), `${path}?q=${q}: ${pages} pages`);
    t.equal(new Set(seen).size, seen.length, `${path}?q=${q}: no hit twice`);
    t.same(
      seen,
      whole.data.map((x: Json) => x.id),
      `${path}?q=${q}: the pages join to the whole result, in its order`,
    );
  }
});

t.test('the default total stops counting past 10,000 matches and says so; total=exact counts them all, with the same pages', async (t) => {
  // The seed has 70 events, too few to reach the cap; a generated file of 12,000 has enough.
  const dir = mkdtempSync(join(tmpdir(), 'claims-capped-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'synth.db');
  await generateSynthetic(file, { events: 12_000, seed: 11, actors: 60, locations: 400 });
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const exact = (await app.inject({ url: '/events?limit=100&total=exact' })).json();
  const capped = (await app.inject({ url: '/events?limit=100' })).json();
  t.ok(exact.meta.total > 12_000, `the file holds ${exact.meta.total} events`);
  t.equal(exact.meta.total_exact, true, 'total=exact counts every match');
  t.equal(capped.meta.total_exact, false, 'by default the total says it is not exact');
  t.ok(capped.meta.total >= 10_000 && capped.meta.total < exact.meta.total, `and gives at least 10,000 (${capped.meta.total})`);
  t.same(
    capped.data.map((e: Json) => e.id),
    exact.data.map((e: Json) => e.id),
    'the page itself is the same',
  );
  const next = (await app.inject({ url: `/events?limit=100&cursor=${capped.meta.next_cursor}` })).json();
  const nextExact = (await app.inject({ url: `/events?limit=100&total=exact&cursor=${exact.meta.next_cursor}` })).json();
  t.same(
    next.data.map((e: Json) => e.id),
    nextExact.data.map((e: Json) => e.id),
    'and so is the next one',
  );
  const few = (await app.inject({ url: '/events?limit=5&from=2011-01-01&to=2011-01-03' })).json();
  const fewExact = (await app.inject({ url: '/events?limit=5&total=exact&from=2011-01-01&to=2011-01-03' })).json();
  t.ok(fewExact.meta.total < 10_000, `a narrow filter matches ${fewExact.meta.total} events`);
  t.equal(few.meta.total_exact, true, 'below the cap the default total is exact');
  t.equal(few.meta.total, fewExact.meta.total, 'and the same as total=exact');
});
