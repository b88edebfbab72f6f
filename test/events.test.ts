import { parse } from 'csv-parse/sync';
import t from 'tap';
import { seededApp } from './helpers.js';

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
    const text = await all('q=Balou');
    t.ok(text.length > 0 && text.every((e) => JSON.stringify(e).includes('Balou') || e.claim_count > 0), 'q finds the text');
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
  const figureDisputes = details.filter((d) => d.disagreements.some((x: Json) => x.kind === 'figures'));
  for (const d of figureDisputes) {
    for (const x of d.disagreements.filter((x: Json) => x.kind === 'figures')) {
      t.ok(x.claim_ids.length >= 2, 'a figure disagreement involves at least two claims');
    }
  }
  const single = details.filter((d) => new Set(d.claims.map((c: Json) => c.claimant.id)).size === 1 && d.disagreements.length === 0);
  for (const d of single)
    t.ok(['weak', 'confirmed'].includes(d.credibility.grade), `event ${d.id}: one claimant is weak unless a party claims it`);
});
