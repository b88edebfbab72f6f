import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { recomputedClosures, storedClosures } from '../src/db/closures.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { recomputedSummaries } from '../src/db/read-model.js';
import { eventSummaries } from '../src/db/schema.js';
import { casualtyReportsOfEvent, fatalityRange } from '../src/query/casualties.js';
import { Random } from '../src/synth/random.js';
import { createKey } from '../src/write/keys.js';
import { tempDbFile } from './helpers.js';

type Json = Record<string, any>;

const SENTENCES = Array.from({ length: 40 }, (_, i) => `وقع الحدث رقم ${String(i).padStart(3, '0')} في المنطقة.`);
const TEXT = SENTENCES.join(' ');

/**
 * The read model (src/db/read-model.ts, src/db/closures.ts) after a seeded
 * random sequence of publications, edits (an event's place, date and actors;
 * a place's or an actor's parent) and retractions through the write API
 * equals a from-scratch recomputation after every step, its fatality ranges
 * equal the ones GET /events documents (fatalityRange over the casualty
 * reports), and GET /events by actor and by place lists what a plain query
 * over the parent trees lists.
 */
t.test('the read model follows every write: equal to a recomputation after random writes, retractions and moves', async (t) => {
  const seed = process.env.READ_MODEL_SEED ? Number(process.env.READ_MODEL_SEED) : Math.floor(Math.random() * 2 ** 31);
  t.comment(`seed ${seed} (READ_MODEL_SEED=${seed} replays it)`);
  const random = new Random(seed);
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(random.next() * list.length)];
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  t.teardown(() => database.close());
  const coder = createKey(database.db, 'coder1', 'coder');
  const editor = createKey(database.db, 'editor1', 'editor');
  const app = await buildApp({ dbFile });
  t.teardown(() => app.close());
  const { db, sqlite } = database;

  const send = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: Json, headers: Json = {}) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(payload ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}),
        ...headers,
      },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
  /** Creates a draft as the coder and publishes it as the editor; the id, or null when a rule refused it. */
  const publish = async (resource: string, body: Json): Promise<number | null> => {
    const created = await send('POST', `/${resource}`, coder, body);
    if (created.statusCode !== 201) return null;
    const id = created.json().id as number;
    const published = await send('POST', `/${resource}/${id}/publish`, editor);
    return published.statusCode === 200 ? id : null;
  };
  const patch = async (resource: string, id: number, body: Json) => {
    const history = (await app.inject(`/${resource}/${id}/history`)).json().data as Json[];
    const version = history[history.length - 1]?.version;
    return send('PATCH', `/${resource}/${id}`, editor, body, { 'if-match': `"${resource}.${id}.v${version}"` });
  };
  const ids = (sql: string) => sqlite.prepare(sql).pluck().all() as number[];

  const articleId = await publish('articles', {
    file_name: '950-read-model.txt',
    title: 'اختبار',
    text: TEXT,
    language: 'ar',
    published_start: '2019-03-01',
    published_end: '2019-03-01',
    published_precision: 'day',
    published_note: 'test',
  });
  t.ok(articleId, 'an article to quote');
  const locations = ids('SELECT id FROM locations');
  const actors = ids('SELECT id FROM actors');
  const outcomes = ['killed', 'killed', 'killed', 'injured'];
  const qualifiers = ['exact', 'at_least', 'more_than', 'about', 'range', 'vague'];
  const figure = (): Json => {
    const qualifier = pick(qualifiers) as string;
    const low = Math.floor(random.next() * 30);
    const victim = random.next() < 0.5 ? { victim_actor_id: pick(actors) } : { victim_group: pick(['civilians', 'Civilians', 'fighters']) };
    if (qualifier === 'vague') return { ...victim, qualifier, count_low: null, count_high: null, vague_text: 'العشرات' };
    const high = qualifier === 'exact' ? low : qualifier === 'range' ? low + 1 + Math.floor(random.next() * 10) : null;
    return { ...victim, qualifier, count_low: low, count_high: high, vague_text: null };
  };

  const counts: Record<string, number> = {};
  let sentence = 0;
  for (let step = 0; step < 80; step++) {
    const events = ids('SELECT id FROM events');
    const ownEvents = ids("SELECT id FROM events WHERE key LIKE 'api:%'");
    const claims = ids('SELECT id FROM claims');
    const reports = ids('SELECT id FROM casualty_reports');
    const ownClaims = ids("SELECT id FROM claims WHERE key LIKE 'api:%'");
    // Every tenth step moves a place, and another an actor, so that each run moves several (a cycle is refused).
    const forced = step % 10 === 3 ? 'move-place' : step % 10 === 7 ? 'move-actor' : null;
    const op =
      forced ??
      (pick([
        'event',
        'claim',
        'claim',
        'report',
        'report',
        'report',
        'edit-report',
        'move-event',
        'event-date',
        'event-actors',
        'move-place',
        'move-actor',
        'retract-report',
        'retract-claim',
        'retract-event',
      ]) as string);
    let status: number | string = 'skipped';
    if (op === 'event') {
      const id = await publish('events', {
        date_start: '2019-03-01',
        date_end: '2019-03-02',
        date_precision: 'range',
        date_note: 'test',
        event_type: 'Battles',
        sub_event_type: 'Armed clash',
        location_id: pick(locations),
        summary_en: `event ${step}`,
        actors: [{ actor_id: pick(actors), role: 'actor1' }],
      });
      status = id ? 'published' : 'refused';
    } else if (op === 'claim' && sentence < SENTENCES.length) {
      const quote = SENTENCES[sentence] as string;
      const start = TEXT.indexOf(quote);
      sentence++;
      const linked = [...new Set([pick(events), pick(events)])] as number[];
      const id = await publish('claims', {
        article_id: articleId,
        claimant_id: pick(actors),
        quote,
        quote_start: start,
        quote_end: start + quote.length,
        statement_en: 'something happened',
        claim_type: 'casualty_report',
        certainty: 'asserted',
        event_ids: random.next() < 0.7 ? linked.slice(0, 1) : linked,
      });
      status = id ? 'published' : 'refused';
    } else if (op === 'report' && claims.length) {
      const claimId = pick(claims) as number;
      const eventId = pick(ids(`SELECT event_id FROM claim_events WHERE claim_id = ${claimId}`));
      if (eventId) {
        const id = await publish('casualty-reports', { claim_id: claimId, event_id: eventId, outcome: pick(outcomes), ...figure() });
        status = id ? 'published' : 'refused';
      }
    } else if (op === 'edit-report' && reports.length) {
      status = (await patch('casualty-reports', pick(reports) as number, figure())).statusCode;
    } else if (op === 'move-event' && events.length) {
      status = (await patch('events', pick(events) as number, { location_id: pick(locations) })).statusCode;
    } else if (op === 'event-date' && events.length) {
      const start = `2019-0${1 + Math.floor(random.next() * 9)}-1${Math.floor(random.next() * 10)}`;
      const end = random.next() < 0.5 ? start : `2019-1${Math.floor(random.next() * 3)}-01`;
      status = (await patch('events', pick(events) as number, { date_start: start, date_end: end, date_precision: 'range' })).statusCode;
    } else if (op === 'event-actors' && events.length) {
      const chosen = [...new Set([pick(actors), pick(actors), pick(actors)])].slice(0, 1 + Math.floor(random.next() * 3));
      const roles = ['actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2'];
      const list = chosen.map((actor_id) => ({ actor_id, role: pick(roles) }));
      status = (await patch('events', pick(events) as number, { actors: list })).statusCode;
    } else if (op === 'move-place') {
      // A cycle is refused (422); a place may also become a root.
      const parent = random.next() < 0.1 ? null : pick(locations);
      status = (await patch('locations', pick(locations) as number, { parent_id: parent })).statusCode;
    } else if (op === 'move-actor') {
      const parent = random.next() < 0.2 ? null : pick(actors);
      status = (await patch('actors', pick(actors) as number, { parent_id: parent })).statusCode;
    } else if (op === 'retract-report' && reports.length) {
      status = (await send('DELETE', `/casualty-reports/${pick(reports)}?reason=test`, editor)).statusCode;
    } else if (op === 'retract-claim' && ownClaims.length) {
      status = (await send('DELETE', `/claims/${pick(ownClaims)}?reason=test`, editor)).statusCode;
    } else if (op === 'retract-event' && ownEvents.length) {
      status = (await send('DELETE', `/events/${pick(ownEvents)}?reason=test`, editor)).statusCode;
    }
    counts[`${op} ${status}`] = (counts[`${op} ${status}`] ?? 0) + 1;
    const stored = db.select().from(eventSummaries).orderBy(eventSummaries.event_id).all();
    const fresh = recomputedSummaries(db);
    if (JSON.stringify(stored) !== JSON.stringify(fresh)) {
      t.same(stored, fresh, `step ${step} (${op} ${status}): the read model equals a recomputation`);
      break;
    }
    const closures = storedClosures(db);
    const freshClosures = recomputedClosures(db);
    if (JSON.stringify(closures) !== JSON.stringify(freshClosures)) {
      t.same(closures, freshClosures, `step ${step} (${op} ${status}): the closure tables equal a recomputation`);
      break;
    }
  }
  t.comment(JSON.stringify(counts));
  const changed = Object.entries(counts).filter(([k]) => / (published|200)$/.test(k));
  t.ok(changed.length >= 5, `the sequence published, edited and retracted (${changed.map(([k, n]) => `${k}: ${n}`).join(', ')})`);
  t.same(
    db.select().from(eventSummaries).orderBy(eventSummaries.event_id).all(),
    recomputedSummaries(db),
    'after the whole sequence the read model equals a recomputation',
  );
  t.same(storedClosures(db), recomputedClosures(db), 'after the whole sequence the closure tables equal a recomputation');
  t.ok(
    Object.keys(counts).some((k) => k === 'move-place 200') && Object.keys(counts).some((k) => k === 'move-actor 200'),
    'places and actors were moved',
  );
  t.equal(
    sqlite.prepare('SELECT count(*) FROM event_summaries').pluck().get(),
    sqlite.prepare('SELECT count(*) FROM events').pluck().get(),
    'one summary per published event',
  );

  // GET /events by actor and by place, read from the closures, lists what a plain query over the parent trees lists.
  const below = (table: 'actors' | 'locations', id: number) =>
    `WITH RECURSIVE t(id) AS (SELECT ${id} UNION SELECT c.id FROM ${table} c JOIN t ON c.parent_id = t.id) SELECT id FROM t`;
  const listed = async (query: string) => {
    const ids: number[] = [];
    let url: string | null = `/events?${query}&limit=500`;
    while (url) {
      const body: Json = (await app.inject({ url })).json();
      ids.push(...body.data.map((e: Json) => e.id));
      url = body.meta.next_cursor ? `/events?${query}&limit=500&cursor=${body.meta.next_cursor}` : null;
    }
    return ids;
  };
  const order = 'ORDER BY e.date_start, e.id';
  for (const id of ids('SELECT DISTINCT actor_id FROM event_actors ORDER BY actor_id').slice(0, 12)) {
    const expected = ids(
      `SELECT e.id FROM events e WHERE EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id IN (${below('actors', id)})) ${order}`,
    );
    t.same(await listed(`actor=${id}`), expected, `actor ${id}: the events of it and its sub-actors (${expected.length})`);
  }
  for (const id of ids('SELECT id FROM locations ORDER BY id').slice(0, 12)) {
    const expected = ids(`SELECT e.id FROM events e WHERE e.location_id IN (${below('locations', id)}) ${order}`);
    t.same(await listed(`place=${id}`), expected, `place ${id}: the events in it and every place inside it (${expected.length})`);
  }

  // The SQL fatality range is the documented one: fatalityRange over each event's casualty reports.
  const all = ids('SELECT id FROM events');
  const reports = all.flatMap((id) => casualtyReportsOfEvent(db, id));
  const mismatched = all.filter((id) => {
    const expected = fatalityRange(reports.filter((r) => r.event_id === id));
    const s = db
      .select()
      .from(eventSummaries)
      .all()
      .find((x) => x.event_id === id);
    const stored = s?.has_fatalities ? { low: s.fatalities_low, high: s.fatalities_high } : null;
    return JSON.stringify(stored) !== JSON.stringify(expected);
  });
  t.same(mismatched, [], `every event's stored fatality range equals fatalityRange over its reports (${all.length} events)`);
});
