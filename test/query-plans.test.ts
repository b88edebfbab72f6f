import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { COUNT_CAP, encodeCursor } from '../src/query/pagination.js';
import { generateSynthetic } from '../src/synth/generate.js';
import { seededDbFile, tempDbFile } from './helpers.js';
import { BIG_TABLES, brief, fullScans, recordStatements, subtree, syntheticDbFile } from './query-plan-helpers.js';

type Json = Record<string, any>;

/**
 * Guards for speed that do not time anything: every statement the API runs for
 * the contract's filters reads events and claims through an index (EXPLAIN
 * QUERY PLAN), on the hand-coded seed and on a generated file of realistic
 * shape; actor and place filters read ordered ranges of the read model's
 * closure tables; and the planner in src/query/events/, whichever way it reads
 * a page, returns exactly what a plain query returns.
 */

/** The contract's filters, with values that exist in the file. */
function contractQueries(db: Database.Database): { label: string; url: string }[] {
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const actor = one<{ id: number; name: string }>(
    'SELECT a.id, a.name FROM actors a JOIN event_actors ea ON ea.actor_id = a.id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1',
  );
  const rareActor = one<{ id: number }>('SELECT actor_id AS id FROM event_actors GROUP BY actor_id ORDER BY count(*), actor_id LIMIT 1');
  const place = one<{ id: number; name: string }>(
    'SELECT l.id, l.name FROM locations l JOIN events e ON e.location_id = l.id GROUP BY l.id ORDER BY count(*) DESC LIMIT 1',
  );
  const region = one<{ id: number }>("SELECT id FROM locations WHERE kind = 'governorate' ORDER BY id DESC LIMIT 1");
  const claimant = one<{ id: number }>('SELECT claimant_id AS id FROM claims GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1');
  const article = one<{ id: number }>('SELECT id FROM articles ORDER BY id LIMIT 1');
  const event = one<{ id: number; date_start: string }>('SELECT id, date_start FROM events ORDER BY date_start, id LIMIT 1 OFFSET 10');
  const word = place.name.split(' ')[0] as string;
  const cursor = encodeCursor('events', { sort: event.date_start, id: event.id });
  const e = encodeURIComponent;
  return [
    { label: 'unfiltered', url: '/events' },
    { label: 'actor (popular, by name)', url: `/events?actor=${e(actor.name)}` },
    { label: 'actor (rare, by id)', url: `/events?actor=${rareActor.id}` },
    { label: 'actor exact, role', url: `/events?actor=${actor.id}&actor_scope=exact&actor_role=actor1` },
    { label: 'place (popular)', url: `/events?place=${e(place.name)}` },
    { label: 'place (governorate tree)', url: `/events?place=${region.id}` },
    { label: 'actor + place', url: `/events?actor=${actor.id}&place=${place.id}` },
    { label: 'actor + governorate', url: `/events?actor=${actor.id}&place=${region.id}` },
    { label: 'from', url: '/events?from=2016-06-01' },
    { label: 'to', url: '/events?to=2012-06-01' },
    { label: 'from + to', url: '/events?from=2016-06-01&to=2016-06-30' },
    { label: 'actor + from + to', url: `/events?actor=${actor.id}&from=2015-01-01&to=2015-12-31` },
    { label: 'event_type', url: '/events?event_type=Battles' },
    { label: 'sub_event_type + from', url: '/events?sub_event_type=Air%2Fdrone%20strike&from=2017-01-01' },
    { label: 'claimant', url: `/events?claimant=${claimant.id}` },
    { label: 'article', url: `/events?article=${article.id}` },
    { label: 'q', url: `/events?q=${e(word)}` },
    { label: 'q + actor', url: `/events?q=${e(word)}&actor=${actor.id}` },
    { label: 'cursor', url: `/events?cursor=${cursor}` },
    { label: 'total=exact', url: `/events?place=${place.id}&total=exact` },
    { label: 'one event', url: `/events/${event.id}` },
    { label: 'stats by month, actor + place', url: `/events/stats?group_by=month&actor=${actor.id}&place=${place.id}` },
    { label: 'stats by admin1, actor', url: `/events/stats?group_by=admin1&actor=${e(actor.name)}` },
    { label: 'stats by actor, place tree', url: `/events/stats?group_by=actor&place=${region.id}` },
    { label: 'stats by type, claimant', url: `/events/stats?group_by=event_type&claimant=${claimant.id}` },
    { label: 'claims by article', url: `/claims?article=${article.id}` },
    { label: 'claims by claimant', url: `/claims?claimant=${claimant.id}` },
    { label: 'claims by event', url: `/claims?event=${event.id}` },
    { label: 'claims by claim_type', url: '/claims?claim_type=casualty_report' },
    { label: 'casualty reports by event', url: `/casualty-reports?event=${event.id}` },
    { label: 'casualty reports by place', url: `/casualty-reports?place=${place.id}` },
    { label: 'casualty reports by claimant', url: `/casualty-reports?claimant=${claimant.id}` },
    { label: 'casualty reports by outcome', url: '/casualty-reports?outcome=killed' },
  ];
}

async function checkPlans(t: any, file: string) {
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  for (const { label, url } of contractQueries(db)) {
    let status = 0;
    let shown = 0;
    const statements = await recordStatements(app, async () => {
      const res = await app.inject({ method: 'GET', url });
      status = res.statusCode;
      shown = res.json().data?.length ?? 0;
    });
    t.equal(status, 200, `${label}: ${url} answers`);
    if (/^\/events(\?|$)/.test(url) && shown > 0) {
      t.ok(
        statements.some((s) => s.sql.includes('"event_summaries"')),
        `${label}: the page's rows (prepared once per connection) are among the statements checked`,
      );
    }
    const scans = statements.flatMap((s) => fullScans(db, s).map((d) => `${d} in: ${brief(s)}`));
    t.same(scans, [], `${label}: no full scan of ${BIG_TABLES.join(', ')} in ${statements.length} statements`);
  }
}

t.test('the generated file: valid, deterministic, served by the API unchanged', async (t) => {
  const file = await syntheticDbFile();
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.prepare("SELECT count(*) FROM events WHERE key LIKE 'synth:%'").pluck().get(), 20_000, 'as many events as asked');
  const claims = db.prepare("SELECT count(*) FROM claims WHERE key LIKE 'synth:%'").pluck().get() as number;
  t.ok(claims > 2.5 * 20_000 && claims < 3.5 * 20_000, `about 3 claims per event (${claims})`);
  const reports = db.prepare("SELECT count(*) FROM casualty_reports WHERE key LIKE 'synth:%'").pluck().get() as number;
  t.ok(reports > 0.8 * 20_000 && reports < 1.2 * 20_000, `about 1 casualty report per event (${reports})`);
  t.same(db.pragma('foreign_key_check'), [], 'every reference resolves');
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check, CHECK constraints included, passes');
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'left in WAL mode like every API file');
  const precisions = db.prepare('SELECT DISTINCT date_precision FROM events').pluck().all();
  t.ok(precisions.length >= 5, `mixed date precisions (${precisions.join(', ')})`);
  const scripts = db.prepare('SELECT lang, count(*) AS n FROM location_aliases GROUP BY lang ORDER BY lang').all() as {
    lang: string;
    n: number;
  }[];
  t.same(
    scripts.map((s) => s.lang),
    ['ar', 'en'],
    'place aliases in both scripts',
  );

  // Zipf-like: the busiest place has far more events than the median place with events.
  const perPlace = db.prepare('SELECT count(*) AS n FROM events GROUP BY location_id ORDER BY n DESC').pluck().all() as number[];
  t.ok((perPlace[0] as number) > 20 * (perPlace[Math.floor(perPlace.length / 2)] as number), 'place popularity is skewed');

  const schema = (f: string) => {
    const d = new Database(f, { readonly: true });
    try {
      return d.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all();
    } finally {
      d.close();
    }
  };
  t.same(schema(file), schema(await seededDbFile()), 'the same schema as a file made by the migrations');

  const again = tempDbFile(t);
  await generateSynthetic(again, { events: 300, seed: 11, actors: 120, locations: 500 });
  const third = tempDbFile(t);
  await generateSynthetic(third, { events: 300, seed: 11, actors: 120, locations: 500 });
  const other = tempDbFile(t);
  await generateSynthetic(other, { events: 300, seed: 12, actors: 120, locations: 500 });
  const digest = (f: string) => {
    const d = new Database(f, { readonly: true });
    try {
      const h = createHash('sha256');
      for (const table of [
        'actors',
        'actor_aliases',
        'locations',
        'location_aliases',
        'events',
        'event_actors',
        'articles',
        'claims',
        'claim_events',
        'casualty_reports',
      ]) {
        for (const row of d.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().iterate()) h.update(JSON.stringify(row));
      }
      return h.digest('hex');
    } finally {
      d.close();
    }
  };
  t.equal(digest(again), digest(third), 'the same seed gives the same rows');
  t.not(digest(again), digest(other), 'another seed gives other rows');

  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const place = db
    .prepare(
      "SELECT l.id, l.name, l.name_ar FROM locations l JOIN events e ON e.location_id = l.id WHERE l.key LIKE 'synth:%' GROUP BY l.id ORDER BY count(*) DESC LIMIT 1",
    )
    .get() as {
    id: number;
    name: string;
    name_ar: string;
  };
  const byEnglish = (await app.inject({ url: `/events?place=${encodeURIComponent(place.name)}&limit=5` })).json();
  const byArabic = (await app.inject({ url: `/events?place=${encodeURIComponent(place.name_ar)}&limit=5` })).json();
  t.ok(byEnglish.data.length > 0, 'a place name finds its events');
  t.same(
    byArabic.data.map((e: Json) => e.id),
    byEnglish.data.map((e: Json) => e.id),
    'and its Arabic name finds the same ones',
  );
  const word = place.name.split(' ').find((w) => w.length > 3) as string;
  const search = (await app.inject({ url: `/events?q=${encodeURIComponent(word)}&limit=5` })).json();
  t.ok(search.data.length > 0, `full text finds "${word}" in the generated summaries and quotes`);
  const detail = (await app.inject({ url: `/events/${byEnglish.data[0].id}` })).json();
  t.ok(detail.claims.length > 0, 'an event has its claims');
  for (const c of detail.claims) {
    const article = (await app.inject({ url: `/articles/${c.article_id}` })).json();
    t.equal(article.text.slice(c.quote_start, c.quote_end), c.quote, `claim ${c.id}: the quote is the article text at its offsets`);
  }
});

t.test('the scan detector sees a full scan', async (t) => {
  const db = new Database(await seededDbFile(), { readonly: true });
  t.teardown(() => db.close());
  t.same(fullScans(db, { sql: 'SELECT e.id FROM events e WHERE e.event_type = ?', params: ['Battles'] }), [], 'an index search is fine');
  t.equal(
    fullScans(db, { sql: 'SELECT e.id FROM events e WHERE e.summary_en LIKE ?', params: ['%a%'] }).length,
    1,
    'a scan of events is caught',
  );
  t.equal(fullScans(db, { sql: 'SELECT count(*) FROM claims WHERE quote LIKE ?', params: ['%a%'] }).length, 1, 'so is one of claims');
});

t.test('the recorder sees statements prepared before it started, each execution once', async (t) => {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  const runs: string[][] = [];
  for (let i = 0; i < 3; i++) {
    const statements = await recordStatements(app, async () => {
      await app.inject({ url: '/events?limit=5' });
    });
    runs.push(statements.map((s) => s.sql));
  }
  t.ok(
    runs[0]?.some((sql) => sql.includes('"event_summaries"')),
    'the page statement of src/query/events/rows.ts is recorded',
  );
  t.same(runs[2], runs[1], 'a repeated request records the same statements, once each');
  const statement = app.database.sqlite.prepare('SELECT 1');
  t.equal(Object.hasOwn(statement, 'all'), false, 'no wrapper is left on a statement');
  t.equal(statement.pluck().get(), 1, 'statements run as before once recording ends');
});

t.test('no full scan of a big table for any contract filter: the hand-coded seed', async (t) => {
  await checkPlans(t, await seededDbFile());
});

t.test('no full scan of a big table for any contract filter: a generated file', async (t) => {
  await checkPlans(t, await syntheticDbFile());
});

/** The statement that reads a page of events from ranges of an index (not a count, not the rows of the page). */
const pageStatement = (statements: { sql: string; params: unknown[] }[]) =>
  statements.find((s) => /ORDER BY 2, 1 LIMIT \?$/.test(s.sql.trim()) && !/^SELECT count\(\*\)/.test(s.sql.trim()));

/**
 * Actor and place filters read the read model's closure tables: the page is
 * one ordered range of a closure's read index per matched id (SEARCH on its
 * leading column, no sort), every other filter is an index seek per entry,
 * and no statement of the request scans a big table or sorts what an index
 * already holds in order.
 */
async function checkRanges(t: any, file: string) {
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const actor = one<{ id: number; name: string }>(
    'SELECT a.id, a.name FROM actors a JOIN event_actors ea ON ea.actor_id = a.id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1',
  );
  const region = one<{ id: number; name: string }>(
    "SELECT l.id, l.name FROM locations l JOIN event_place_closure p ON p.place_id = l.id WHERE l.kind = 'governorate' GROUP BY l.id ORDER BY count(*) DESC LIMIT 1",
  );
  const place = one<{ id: number }>('SELECT location_id AS id FROM events GROUP BY location_id ORDER BY count(*) DESC LIMIT 1');
  const middle = one<{ id: number; date_start: string }>('SELECT id, date_start FROM events ORDER BY date_start, id LIMIT 1 OFFSET 20');
  const cursor = encodeCursor('events', { sort: middle.date_start, id: middle.id });
  const earliest = (db.prepare('SELECT min(date_start) FROM events').pluck().get() as string).slice(0, 10);
  const e = encodeURIComponent;
  const actorRange = /SEARCH da USING COVERING INDEX event_actor_closure_actor_idx \(actor_id=\?/;
  const placeRange = /SEARCH dp USING COVERING INDEX event_place_closure_place_idx \(place_id=\?/;
  const eitherRange = new RegExp(`${actorRange.source}|${placeRange.source}`);
  const seek = /SEARCH (ac|pc) EXISTS USING (COVERING INDEX|PRIMARY KEY|INDEX) \w+ \(event_id=\? AND (actor|place)_id=\?/;
  const cases: { label: string; url: string; range: RegExp; checks?: RegExp }[] = [
    { label: 'actor alone, by name', url: `/events?actor=${e(actor.name)}`, range: actorRange },
    { label: 'actor alone, a page further', url: `/events?actor=${actor.id}&cursor=${cursor}`, range: actorRange },
    { label: 'actor, one side, exactly', url: `/events?actor=${actor.id}&actor_scope=exact&actor_role=actor2`, range: actorRange },
    { label: 'place alone (a governorate and every place inside)', url: `/events?place=${e(region.name)}`, range: placeRange },
    { label: 'actor + place', url: `/events?actor=${actor.id}&place=${region.id}`, range: eitherRange, checks: seek },
    {
      label: 'actor + place, a page further',
      url: `/events?actor=${actor.id}&place=${region.id}&cursor=${cursor}`,
      range: eitherRange,
      checks: seek,
    },
    { label: 'place + dates', url: `/events?place=${region.id}&from=2016-01-01&to=2016-06-30`, range: placeRange },
    { label: 'place + to', url: `/events?place=${region.id}&to=2016-06-30`, range: placeRange },
    {
      label: 'place + from, a page further (the cursor is the seek)',
      url: `/events?place=${region.id}&from=${earliest}&cursor=${cursor}`,
      range: /SEARCH dp USING COVERING INDEX event_place_closure_place_idx \(place_id=\? AND \(date_start,event_id\)>\(\?,\?\)/,
    },
    {
      label: 'actor + place + dates + type',
      url: `/events?actor=${actor.id}&place=${region.id}&from=2015-01-01&to=2017-12-31&event_type=Battles`,
      range: eitherRange,
      checks: seek,
    },
    {
      label: 'place exactly',
      url: `/events?place=${place.id}&place_scope=exact`,
      range: /SEARCH dl USING COVERING INDEX events_location_idx \(location_id=\?/,
    },
  ];
  for (const c of cases) {
    let status = 0;
    const statements = await recordStatements(app, async () => {
      status = (await app.inject({ method: 'GET', url: c.url })).statusCode;
    });
    t.equal(status, 200, `${c.label}: ${c.url} answers`);
    const page = pageStatement(statements);
    if (!page) {
      t.fail(`${c.label}: a page read from ranges`);
      continue;
    }
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.params) as { detail: string }[]).map((r) => r.detail).join('\n');
    t.match(plan, c.range, `${c.label}: the page is a range of the read index`);
    if (c.checks) t.match(plan, c.checks, `${c.label}: the other closure is checked by a seek`);
    t.notMatch(plan, /TEMP B-TREE FOR ORDER BY/, `${c.label}: in list order as read, no sort`);
    const ranged = statements.filter((s) => /event_(place|actor)_closure|events_location_idx/.test(s.sql));
    const sorts = ranged.filter((s) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.params) as { detail: string }[]).some((r) =>
        /TEMP B-TREE FOR ORDER BY/.test(r.detail),
      ),
    );
    t.same(
      sorts.map((s) => brief(s)),
      [],
      `${c.label}: no statement over the ranges sorts (${ranged.length} statements)`,
    );
    const scans = statements.flatMap((s) => fullScans(db, s).map((d) => `${d} in: ${brief(s)}`));
    t.same(scans, [], `${c.label}: no full scan of ${BIG_TABLES.join(', ')}`);
  }
}

t.test('actor, place and their combinations read ordered ranges of the closure tables: the hand-coded seed', async (t) => {
  await checkRanges(t, await seededDbFile());
});

t.test('actor, place and their combinations read ordered ranges of the closure tables: a generated file', async (t) => {
  await checkRanges(t, await syntheticDbFile());
});

t.test('however a page is read, it holds what a plain query returns', async (t) => {
  const file = await syntheticDbFile();
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const tree = (table: 'actors' | 'locations', id: number) => subtree(db, table, [id]);
  const reference = (where: string, params: unknown[]) =>
    db
      .prepare(`SELECT e.id FROM events e WHERE ${where} ORDER BY e.date_start, e.id`)
      .pluck()
      .all(...params) as number[];
  const inList = (ids: number[]) => `(${ids.join(',')})`;

  const ranked = (sql: string) => db.prepare(sql).pluck().all() as number[];
  const actors = ranked('SELECT actor_id FROM event_actors GROUP BY actor_id ORDER BY count(*) DESC');
  const places = ranked('SELECT location_id FROM events GROUP BY location_id ORDER BY count(*) DESC');
  const governorate = ranked("SELECT id FROM locations WHERE kind = 'governorate' AND key LIKE 'synth:%' ORDER BY id")[0] as number;
  const [popularActor, popularPlace] = [actors[0] as number, places[0] as number];
  const rareActor = actors[actors.length - 1] as number;
  const midActor = actors[Math.floor(actors.length / 4)] as number;
  const actorWhere = (id: number) =>
    `EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id IN ${inList(tree('actors', id))})`;
  const parentOf = db.prepare('SELECT parent_id FROM actors WHERE id = ?').pluck();
  let rootActor = popularActor;
  for (let up = parentOf.get(rootActor) as number | null; up !== null; up = parentOf.get(up) as number | null) rootActor = up;

  const cases: { label: string; query: string; where: string; params?: unknown[]; largeSets?: boolean }[] = [
    { label: 'popular actor', query: `actor=${popularActor}`, where: actorWhere(popularActor), largeSets: true },
    { label: 'rare actor', query: `actor=${rareActor}`, where: actorWhere(rareActor) },
    {
      label: 'an actor on the first side, exactly',
      query: `actor=${popularActor}&actor_scope=exact&actor_role=actor1`,
      largeSets: true,
      where: `EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id = ${popularActor} AND ea.role IN ('actor1', 'assoc_actor_1'))`,
    },
    {
      label: 'a top actor and its sub-actors on the second side',
      query: `actor=${rootActor}&actor_role=actor2`,
      largeSets: true,
      where: `EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id IN ${inList(tree('actors', rootActor))} AND ea.role IN ('actor2', 'assoc_actor_2'))`,
    },
    {
      label: 'two actors (an event of both listed once)',
      query: `actor=${popularActor},${midActor}`,
      largeSets: true,
      where: `(${actorWhere(popularActor)} OR ${actorWhere(midActor)})`,
    },
    { label: 'a place exactly', query: `place=${popularPlace}&place_scope=exact`, where: `e.location_id = ${popularPlace}` },
    {
      label: 'an actor since a date (with the events still running then)',
      query: `actor=${midActor}&from=2016-06-15`,
      largeSets: true,
      where: `e.date_end >= '2016-06-15' AND ${actorWhere(midActor)}`,
    },
    {
      label: 'popular place and actor',
      query: `actor=${popularActor}&place=${popularPlace}`,
      largeSets: true,
      where: `${actorWhere(popularActor)} AND e.location_id IN ${inList(tree('locations', popularPlace))}`,
    },
    {
      label: 'governorate and actor',
      query: `actor=${midActor}&place=${governorate}`,
      largeSets: true,
      where: `${actorWhere(midActor)} AND e.location_id IN ${inList(tree('locations', governorate))}`,
    },
    {
      label: 'a month (events starting in it and events still running)',
      query: 'from=2015-03-01&to=2015-03-31',
      where: "e.date_end >= '2015-03-01' AND e.date_start <= '2015-03-31'",
    },
    { label: 'one day', query: 'from=2018-07-04&to=2018-07-04', where: "e.date_end >= '2018-07-04' AND e.date_start <= '2018-07-04'" },
    {
      label: 'a year and an actor',
      query: `from=2016-01-01&to=2016-12-31&actor=${popularActor}`,
      largeSets: true,
      where: `e.date_end >= '2016-01-01' AND e.date_start <= '2016-12-31' AND ${actorWhere(popularActor)}`,
    },
    {
      label: 'a governorate in a quarter, by type',
      query: `place=${governorate}&from=2014-01-01&to=2014-03-31&event_type=Battles`,
      largeSets: true,
      where: `e.location_id IN ${inList(tree('locations', governorate))} AND e.date_end >= '2014-01-01' AND e.date_start <= '2014-03-31' AND e.event_type = 'Battles'`,
    },
  ];

  for (const c of cases) {
    const expected = reference(c.where, c.params ?? []);
    const got: number[] = [];
    let url: string | null = `/events?${c.query}&limit=500`;
    let first: Json | null = null;
    for (let pages = 0; url && pages < 20; pages++) {
      const body: Json = (await app.inject({ url })).json();
      first ??= body;
      got.push(...body.data.map((e: Json) => e.id));
      url = body.meta.next_cursor ? `/events?${c.query}&limit=500&cursor=${body.meta.next_cursor}` : null;
    }
    t.ok(expected.length > 0, `${c.label}: the case has events (${expected.length})`);
    t.same(got, expected.slice(0, got.length), `${c.label}: same events in the same order`);
    t.equal(got.length, Math.min(expected.length, 20 * 500), `${c.label}: and all of them`);
    const meta = (first as Json).meta;
    if (meta.total_exact) t.equal(meta.total, expected.length, `${c.label}: total ${meta.total}, exact`);
    else t.ok(meta.total < expected.length || meta.total === COUNT_CAP, `${c.label}: total ${meta.total} is a lower bound, and says so`);
    if (expected.length <= COUNT_CAP && !c.largeSets) t.ok(meta.total_exact, `${c.label}: small totals are exact`);
    const exact = (await app.inject({ url: `/events?${c.query}&limit=1&total=exact` })).json();
    t.same([exact.meta.total, exact.meta.total_exact], [expected.length, true], `${c.label}: total=exact counts them all`);
  }
});

t.test('every list counts at most 10,001 matches unless total=exact asks', async (t) => {
  const file = await syntheticDbFile();
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  for (const [path, table] of [
    ['/events', 'events'],
    ['/claims', 'claims'],
    ['/casualty-reports', 'casualty_reports'],
    ['/actors?q=a', null],
  ] as const) {
    const join = path.includes('?') ? '&' : '?';
    const exact = (await app.inject({ url: `${path}${join}limit=1&total=exact` })).json().meta;
    const rows = table ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : exact.total;
    t.same([exact.total, exact.total_exact], [rows, true], `${path} total=exact: every match (${rows})`);
    const capped = (await app.inject({ url: `${path}${join}limit=1` })).json().meta;
    if (rows > COUNT_CAP)
      t.same([capped.total, capped.total_exact], [COUNT_CAP, false], `${path}: by default a lower bound of ${COUNT_CAP}`);
    else t.same([capped.total, capped.total_exact], [rows, true], `${path}: ${rows} matches, counted exactly`);
  }
});

t.test('casualty reports read in date order give what a plain sorted query gives', async (t) => {
  const file = await syntheticDbFile();
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  for (const filter of ['', '&outcome=killed']) {
    const expected = db
      .prepare(
        `SELECT r.id FROM casualty_reports r JOIN events e ON e.id = r.event_id ${filter ? "WHERE r.outcome = 'killed'" : ''}
         ORDER BY e.date_start, r.id LIMIT 2000`,
      )
      .pluck()
      .all() as number[];
    const got: number[] = [];
    let url: string | null = `/casualty-reports?limit=500${filter}`;
    while (url && got.length < 2000) {
      const body: Json = (await app.inject({ url })).json();
      got.push(...body.data.map((r: Json) => r.id));
      url = body.meta.next_cursor ? `/casualty-reports?limit=500${filter}&cursor=${body.meta.next_cursor}` : null;
    }
    t.same(got, expected, `/casualty-reports${filter}: the first 2,000 in the same order`);
  }
});
