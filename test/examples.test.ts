import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';
import { seededDbFile, tempDbFile } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const execFileAsync = promisify(execFile);

type Json = Record<string, any>;

/** Runs an example the way the README says, from the project directory; its stdout. */
async function example(command: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

t.test('the examples, run against a live server', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const card = (await app.inject({ url: '/events?actor=ISIS&place=Deir%20ez-Zor&limit=500' })).json();
  const cardIds: number[] = card.data.map((e: Json) => e.id);
  t.ok(cardIds.length > 0, `the card query finds ${cardIds.length} events`);

  t.test('card-query.sh: curl prints the events of the card query', async (t) => {
    const body = JSON.parse(await example('bash', ['examples/card-query.sh', baseUrl]));
    t.same(
      body.data.map((e: Json) => e.id),
      cardIds,
    );
    t.same(body.meta.matched.actor.ISIS[0].name, 'Islamic State', 'ISIS was matched to the Islamic State');
  });

  t.test('card-query.ts: the typed client prints a table of those events', async (t) => {
    const out = await example(TSX, ['examples/card-query.ts', baseUrl]);
    const lines = out.split('\n');
    t.match(lines[0], /^id +\| date +\| sub_event_type +\| location +\| actor1 +\| actor2 +\| killed \| claims$/, 'a header row');
    const rows = lines.filter((l) => /^\d+ +\|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
    t.same(
      rows.map((r) => Number(r[0])),
      cardIds,
      'one row per event, in the API’s order',
    );
    const first = card.data[0] as Json;
    t.equal(rows[0]?.[2], first.sub_event_type, 'with its sub-event type');
    t.ok(first.location.name.startsWith((rows[0]?.[3] ?? '').replace(/…$/, '')), 'and its location');
    t.match(out, new RegExp(`\\n${cardIds.length} events involving ISIS in Deir ez-Zor\\n`));
  });

  t.test('export.ts: writes the filtered CSV and GeoJSON files', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-export-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const out = await example(TSX, ['examples/export.ts', baseUrl, dir]);
    t.match(out, `isis-deir-ez-zor.csv: ${cardIds.length} events`);

    const csv = readFileSync(join(dir, 'isis-deir-ez-zor.csv'), 'utf8');
    t.ok(csv.startsWith('\uFEFF'), 'the CSV starts with a byte-order mark for spreadsheet programs');
    const rows = parse(csv, { columns: true, bom: true }) as Json[];
    t.same(
      rows.map((r) => Number(r.event_id)),
      cardIds,
      'one CSV row per event of the card query',
    );
    const withArabic = rows.find((r) => r.location_ar);
    t.ok(withArabic && /[\u0600-\u06FF]/.test(withArabic.location_ar), 'Arabic place names survive');

    const geojson = JSON.parse(readFileSync(join(dir, 'isis-deir-ez-zor.geojson'), 'utf8'));
    t.equal(geojson.type, 'FeatureCollection');
    const located = card.data.filter((e: Json) => e.location.lat !== null && e.location.lon !== null);
    t.same(
      geojson.features.map((f: Json) => f.id),
      located.map((e: Json) => e.id),
      'a feature per located event',
    );
    t.same(
      geojson.features.map((f: Json) => f.geometry.coordinates),
      located.map((e: Json) => [e.location.lon, e.location.lat]),
      'at the event’s coordinates, longitude first',
    );
    t.equal(geojson.features.length + geojson.unlocated.length, cardIds.length, 'events without coordinates are listed, not dropped');
    t.match(out, `${geojson.features.length} located events, ${geojson.unlocated.length} without coordinates`);
  });

  t.test('page-through.ts: follows next_cursor through every page', async (t) => {
    const all = (await app.inject({ url: '/events?limit=500' })).json();
    const total = all.meta.total as number;
    const out = await example(TSX, ['examples/page-through.ts', baseUrl, '9']);
    const pages = out.split('\n').filter((l) => l.startsWith('page '));
    t.equal(pages.length, Math.ceil(total / 9), `${Math.ceil(total / 9)} pages of 9`);
    t.match(pages[0], new RegExp(`^page 1: 9 events, ids ${all.data[0].id}\\.\\.${all.data[8].id}, `));
    t.match(pages.at(-1), /\(last page\)$/);
    t.match(out, `${total} events in ${pages.length} pages; meta.total = ${total}`);
  });

  t.test('code-an-article.ts: a coder writes, an editor publishes, the event is public', async (t) => {
    // Its own file: the shared seeded one is only read by the other examples.
    const dbFile = tempDbFile(t);
    await prepareDatabase(dbFile);
    const database = openDatabase(dbFile);
    const env = {
      ...process.env,
      CODER_KEY: createKey(database.db, 'coder1', 'coder'),
      EDITOR_KEY: createKey(database.db, 'editor1', 'editor'),
    };
    database.close();
    const writable = await buildApp({ dbFile });
    t.teardown(() => writable.close());
    await writable.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(writable.server.address() as AddressInfo).port}`;
    const { stdout } = await execFileAsync(TSX, ['examples/code-an-article.ts', url], { cwd: ROOT, timeout: 60_000, env });
    t.match(stdout, /claim \d+: quote at \[\d+, \d+\)/);
    t.match(stdout, /fatalities \{"low":5,"high":5\}, 1 claim\(s\)/);
    t.match(stdout, 'in /events: true');
    t.match(stdout, 'in /changes: published');
    t.match(stdout, /history: v1 created by coder1; v2 published by editor1/);
  });

  t.test('errors.ts: prints the problems the API answers', async (t) => {
    const out = await example(TSX, ['examples/errors.ts', baseUrl]);
    t.match(out, /a date that does not exist: 400 Invalid Parameter: .*from\n {2}from: /);
    t.match(out, 'an unknown event id: 404 Not Found: No event with id 987654321');
    t.match(out, 'an unknown actor name: 0 events; meta.unmatched = {"actor":["Atlantis Liberation Front"]}');
  });
});
