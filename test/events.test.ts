import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededApp, seededDbFile, tempDbFile } from './helpers.js';

type Json = Record<string, any>;

t.test('GET /events', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const all = async (query: string): Promise<Json[]> => {
    const out: Json[] = [];
    let url: string | null = `/events?limit=500${query ? `&${query}` : ''}`;
    while (url) {
      const res = await get(url);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      const body = res.json();
      out.push(...body.data);
      url = body.meta.next_cursor ? `/events?limit=500${query ? `&${query}` : ''}&cursor=${body.meta.next_cursor}` : null;
    }
    return out;
  };
  const everything = await all('');
  t.ok(everything.length > 50, `${everything.length} events in the seed`);

  t.test('the card query and the contract spellings of ISIS and Deir ez-Zor agree', async (t) => {
    const ids = async (q: string) => (await all(q)).map((e) => e.id);
    const card = await ids('actor=ISIS&place=Deir%20ez-Zor');
    t.ok(card.length > 0, 'the card query finds events');
    for (const actor of ['داعش', 'Daesh', 'Islamic%20State']) {
      t.same(
        await ids(`actor=${encodeURIComponent(decodeURIComponent(actor))}&place=Deir%20ez-Zor`),
        card,
        `actor=${decodeURIComponent(actor)}`,
      );
    }
    for (const place of ['Deir al-Zour', 'Dayr az Zawr', 'دير الزور']) {
      t.same(await ids(`actor=ISIS&place=${encodeURIComponent(place)}`), card, `place=${place}`);
    }
  });

  t.test('actor includes sub-actors; place includes the places inside it', async (t) => {
    const isis = await all('actor=ISIS');
    t.ok(isis.length > 0);
    const detail = (await get(`/actors/${isis[0]?.actors.find((a: Json) => a.name === 'Islamic State')?.id}`)).json();
    const tree = new Set([detail.id, ...detail.children.map((c: Json) => c.id)]);
    for (const e of isis)
      t.ok(
        e.actors.some((a: Json) => tree.has(a.id)),
        `event ${e.id} involves ISIS or a sub-actor`,
      );
    const inDeir = await all('place=Deir-ez-Zor%20Governorate');
    for (const e of inDeir) {
      const path = (await get(`/events/${e.id}`)).json().path.map((p: Json) => p.name);
      t.ok(path.includes('Deir-ez-Zor Governorate'), `event ${e.id} lies in Deir ez-Zor governorate`);
    }
    const exact = await all('place=Deir-ez-Zor%20Governorate&place_scope=exact');
    t.ok(exact.length < inDeir.length, 'place_scope=exact narrows to the governorate itself');
  });

  t.test('an unknown name is an empty list that says which name matched nothing', async (t) => {
    const body = (await get('/events?actor=Nobody%20At%20All,ISIS&place=Atlantis')).json();
    t.same(body.data, []);
    t.same(body.meta.unmatched, { actor: ['Nobody At All'], place: ['Atlantis'] });
    t.ok(body.meta.matched.actor.ISIS.length > 0, 'and what the other names matched');
  });

  t.test('date, type, claimant, article and text filters', async (t) => {
    const in2016 = await all('from=2016-01-01&to=2016-12-31');
    t.ok(in2016.length > 0 && in2016.length < everything.length);
    for (const e of in2016) t.ok(e.date_end >= '2016-01-01' && e.date_start <= '2016-12-31', `event ${e.id} overlaps 2016`);
    const strikes = await all('sub_event_type=Air%2Fdrone%20strike');
    t.ok(strikes.length > 0);
    for (const e of strikes) t.equal(e.sub_event_type, 'Air/drone strike');
    const battles = await all('event_type=Battles');
    t.ok(battles.every((e) => e.event_type === 'Battles') && battles.length > 0);
    const sana = await all('claimant=SANA');
    t.ok(sana.length > 0 && sana.every((e) => e.sources.includes('SANA')), 'claimant=SANA: every event has a SANA claim');
    const a003 = await all('article=003');
    const articles = (await get('/articles')).json().data as Json[];
    const id003 = articles.find((a) => a.file_name.startsWith('003_'))?.id;
    t.same(
      a003.map((e) => e.id),
      (await all(`article=${id003}`)).map((e) => e.id),
      'article by file-name prefix or by id',
    );
    const claims003 = (await get(`/claims?article=${id003}&limit=500`)).json().data as Json[];
    const expected = new Set(claims003.flatMap((c) => c.event_ids));
    t.same(new Set(a003.map((e) => e.id)), expected, 'article=003 gives exactly the events its claims support');
    // What q= should find, worked out without the search index: events whose summary, or one of whose claims
    // (quote or English statement), contains the word as a whole word, case aside.
    const claims = (await get('/claims?limit=500')).json();
    t.equal(claims.meta.next_cursor, null, 'every claim fits on one page');
    for (const word of ['Balou', 'stadium', 'drone', 'aircraft', 'carried', 'warplanes']) {
      const has = new RegExp(`\\b${word}\\b`, 'i');
      const expectedHits = new Set<number>([
        ...everything.filter((e) => has.test(`${e.summary_en} ${e.summary_ar ?? ''}`)).map((e) => e.id as number),
        ...(claims.data as Json[]).filter((c) => has.test(`${c.quote} ${c.statement_en}`)).flatMap((c) => c.event_ids as number[]),
      ]);
      const hits = await all(`q=${word}`);
      t.ok(expectedHits.size > 0, `the seed mentions ${word}`);
      t.same(new Set(hits.map((e) => e.id)), expectedHits, `q=${word} finds exactly the events whose text contains it`);
    }
  });

  t.test('paging through every page: stable order, no duplicates, no gaps', async (t) => {
    const seen: Json[] = [];
    let url: string | null = '/events?limit=7';
    let pages = 0;
    while (url) {
      const res = await get(url);
      const body = res.json();
      t.equal(body.meta.total, everything.length, 'total agrees on every page');
      seen.push(...body.data);
      pages++;
      if (body.meta.next_cursor) {
        t.match(res.headers.link, /^<\/events\?limit=7&cursor=[A-Za-z0-9_-]+>; rel="next"$/, 'Link header points at the next page');
        url = `/events?limit=7&cursor=${body.meta.next_cursor}`;
      } else {
        t.notOk(res.headers.link, 'no Link header on the last page');
        url = null;
      }
    }
    t.equal(pages, Math.ceil(everything.length / 7));
    t.same(
      seen.map((e) => e.id),
      everything.map((e) => e.id),
      'the pages concatenate to the whole list',
    );
    t.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no duplicates');
    const order = seen.map((e) => [e.date_start, e.id]);
    const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    t.same(order, sorted, 'ordered by date_start, then id');
  });

  t.test('cursors are checked', async (t) => {
    const first = (await get('/events?limit=2')).json();
    const good = first.meta.next_cursor as string;
    const claimsCursor = (await get('/claims?limit=2')).json().meta.next_cursor as string;
    const forged = Buffer.from(JSON.stringify(['events', "2017' OR 1=1 --", 'x'])).toString('base64url');
    for (const [label, cursor] of [
      ['truncated', good.slice(0, -5)],
      ['foreign', claimsCursor],
      ['forged', forged],
      ['not base64url', 'a+b/c='],
    ]) {
      const res = await get(`/events?cursor=${encodeURIComponent(cursor as string)}`);
      t.equal(res.statusCode, 400, `${label} cursor is a 400`);
      t.equal(res.json().errors[0].param, 'cursor', `${label} cursor: the problem names cursor`);
    }
  });

  t.test('CSV with ACLED column names, HXL row and BOM', async (t) => {
    const res = await get('/events?format=csv&limit=500');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/csv/);
    const rows = parse(res.body, { columns: true }) as Json[];
    t.equal(rows.length, everything.length, 'one row per event');
    for (const col of [
      'event_date',
      'event_type',
      'sub_event_type',
      'actor1',
      'assoc_actor_1',
      'actor2',
      'location',
      'latitude',
      'longitude',
      'geo_precision',
      'time_precision',
      'source',
      'notes',
      'fatalities',
    ]) {
      t.ok(col in (rows[0] as Json), `column ${col}`);
    }
    const byId = new Map(everything.map((e) => [String(e.id), e]));
    for (const row of rows) {
      const e = byId.get(row.event_id) as Json;
      if (row.location_ar !== (e.location.name_ar ?? '')) t.fail(`Arabic location of ${row.event_id} survives the round trip`);
      if (row.notes !== e.summary_en) t.fail(`notes of ${row.event_id} survive quoting`);
    }
    const accept = await get('/events?limit=3', { accept: 'text/csv' });
    t.match(accept.headers['content-type'], /^text\/csv/, 'Accept: text/csv gives CSV too');
    const hxl = parse((await get('/events?format=csv&hxl=1&limit=3')).body) as string[][];
    t.equal(hxl[1]?.[hxl[0]?.indexOf('event_date') ?? -1], '#date', 'HXL hashtag row under the header');
    t.equal(hxl.length, 5, 'header, hashtags and three rows');
    const bom = await get('/events?format=csv&bom=1&limit=1');
    t.equal(bom.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'bom=1 starts with a UTF-8 BOM');
  });

  t.test('GeoJSON: valid FeatureCollection, [lon, lat], nothing dropped', async (t) => {
    const res = await get('/events?format=geojson&limit=500');
    t.match(res.headers['content-type'], /^application\/geo\+json/);
    const fc = res.json();
    t.equal(fc.type, 'FeatureCollection');
    t.equal(fc.features.length + fc.unlocated.length, everything.length, 'located and unlocated add up to the list');
    t.ok(fc.features.length > 0);
    const byId = new Map(everything.map((e) => [e.id, e]));
    for (const f of fc.features) {
      const e = byId.get(f.id) as Json;
      if (f.type !== 'Feature' || f.geometry.type !== 'Point') t.fail('a Point feature');
      t.same(f.geometry.coordinates, [e.location.lon, e.location.lat], `event ${f.id}: coordinates are [lon, lat]`);
    }
    const viaAccept = await get('/events?limit=1', { accept: 'application/geo+json' });
    t.match(viaAccept.headers['content-type'], /^application\/geo\+json/);
  });

  t.test('errors are problem+json naming the parameter', async (t) => {
    const cases: [string, number, string][] = [
      ['/events?limit=0', 400, 'limit'],
      ['/events?limit=501', 400, 'limit'],
      ['/events?from=2017-13-01', 400, 'from'],
      ['/events?from=2018-01-01&to=2017-01-01', 400, 'to'],
      ['/events?event_type=Picnic', 400, 'event_type'],
      ['/events?colour=red', 400, 'colour'],
      [`/events?actor=${'x'.repeat(301)}`, 400, 'actor'],
      [`/events?q=${'x'.repeat(201)}`, 400, 'q'],
      ['/events?format=xml', 400, 'format'],
    ];
    for (const [url, status, param] of cases) {
      const res = await get(url);
      t.equal(res.statusCode, status, url.slice(0, 60));
      t.match(res.headers['content-type'], /^application\/problem\+json/);
      t.ok(
        res.json().errors.some((e: Json) => e.param === param),
        `${url.slice(0, 60)} names ${param}`,
      );
    }
    const unacceptable = await get('/events', { accept: 'image/png' });
    t.equal(unacceptable.statusCode, 406);
    t.match(unacceptable.headers['content-type'], /^application\/problem\+json/);
    for (const url of ['/events/999999', '/events/abc', '/events/0']) {
      const res = await get(url);
      t.ok([400, 404].includes(res.statusCode), `${url} is a 4xx`);
      t.match(res.headers['content-type'], /^application\/problem\+json/);
    }
    t.equal((await get('/events/999999')).statusCode, 404);
  });
});

t.test('GET /events/{id}: claims, figures, path, disagreements and credibility', async (t) => {
  const app = await seededApp(t);
  const list = (await app.inject({ url: '/events?limit=500' })).json().data as Json[];
  const details = await Promise.all(list.map(async (e) => (await app.inject({ url: `/events/${e.id}` })).json() as Json));
  for (const d of details) {
    t.equal(d.claims.length, d.claim_count, `event ${d.id}: claim_count agrees with its claims`);
    t.equal(d.path[d.path.length - 1].id, d.location.id, `event ${d.id}: the path ends at the event's location`);
    t.equal(d.path[0].kind, 'country', `event ${d.id}: the path starts at the country`);
    for (const r of d.casualty_reports)
      t.ok(
        d.claims.some((c: Json) => c.id === r.claim_id),
        `figure ${r.id} comes from one of the event's claims`,
      );
  }
  const contested = details.filter((d) => d.credibility.grade === 'contested');
  t.ok(contested.length > 0, 'some events are contested');
  for (const d of contested) t.ok(d.disagreements.length > 0, `event ${d.id}: contested means listed disagreements`);
  const listed = details.filter((d) => d.disagreements.length > 0);
  t.ok(listed.length > 0, 'some events list disagreements');
  for (const d of listed) t.equal(d.credibility.grade, 'contested', `event ${d.id}: listed disagreements make it contested`);

  // The API does not expose seed keys; the database maps them to ids.
  const sqlite = new Database(await seededDbFile(), { readonly: true });
  t.teardown(() => sqlite.close());
  const idOf = (key: string) => (sqlite.prepare('SELECT id FROM events WHERE key = ?').get(key) as { id: number }).id;
  const byKey = (key: string) => details.find((d) => d.id === idOf(key)) as Json;
  const expected: [string, string, string][] = [
    // Article 003: ISIS reports the raids near the airport, and SANA (for the Syrian government, whose air force is
    // actor1) gives its own account: both sides of the event speak.
    ['e003-10', 'contested', 'both sides of the airport raids give their own account'],
    // Article 000: a Syrian military source, speaking for the government whose air force struck, claims the strike.
    ['e000-01', 'confirmed', 'a Syrian military source claims the air force strike'],
    // Article 001: the outlet ("more civilian dead", vague) and SOHR ("at least 14 civilians") report the strikes on
    // Mahkan; two independent claimants, and a vague figure beside a number is no disagreement.
    ['e001-04', 'fair', 'the outlet and SOHR both report the Mahkan strikes'],
    // Article 001: only the outlet itself reports the strikes on Al-Quriyah ("more civilian dead", and "five").
    ['e001-06', 'weak', 'only the outlet reports the Al-Quriyah strikes'],
  ];
  for (const [key, grade, why] of expected) {
    const d = byKey(key);
    t.equal(d.credibility.grade, grade, `${key} is ${grade}: ${why}`);
  }
  for (const key of ['e001-04', 'e001-06']) {
    const d = byKey(key);
    const qualifiers = new Set(d.casualty_reports.filter((r: Json) => r.outcome === 'killed').map((r: Json) => r.qualifier === 'vague'));
    t.same([...qualifiers].sort(), [false, true], `${key} has a vague and a numeric figure for the dead`);
    t.same(d.disagreements, [], `${key}: the vague figure contradicts no number`);
  }
});

t.test('two claims giving different numbers for the same dead make the event contested', async (t) => {
  // The seed has no such pair, so a copy of it gets one: the outlet's own claim on the Mahkan strikes (e001-04)
  // now also says 9 civilians were killed, where SOHR says at least 14.
  const file = tempDbFile(t);
  copyFileSync(await seededDbFile(), file);
  const sqlite = new Database(file);
  const id = (table: string, key: string) => (sqlite.prepare(`SELECT id FROM ${table} WHERE key = ?`).get(key) as { id: number }).id;
  const event = id('events', 'e001-04');
  const outlet = id('claims', 'c001-20');
  const sohr = id('claims', 'c001-22');
  const sohrDead = sqlite
    .prepare(
      "SELECT victim_actor_id, victim_group FROM casualty_reports WHERE claim_id = ? AND outcome = 'killed' AND subset_of_id IS NULL",
    )
    .get(sohr) as Json;
  sqlite
    .prepare(
      "INSERT INTO casualty_reports (key, claim_id, event_id, victim_actor_id, victim_group, outcome, count_low, count_high, qualifier) VALUES ('test-9-dead', ?, ?, ?, ?, 'killed', 9, 9, 'exact')",
    )
    .run(outlet, event, sohrDead.victim_actor_id, sohrDead.victim_group);
  sqlite.close();
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const d = (await app.inject({ url: `/events/${event}` })).json();
  const figures = d.disagreements.filter((x: Json) => x.kind === 'figures');
  t.equal(figures.length, 1, 'one figure disagreement');
  t.same([...(figures[0]?.claim_ids ?? [])].sort(), [outlet, sohr].sort(), 'between the outlet and SOHR');
  t.equal(d.credibility.grade, 'contested');
});
