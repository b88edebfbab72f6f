import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { loadCorpus } from '../src/seed/corpus.js';
import { numberCoverage } from '../src/seed/numbers.js';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

/** Issue 12: the corrections of the second reading, and figures, pinned through the public API. */
t.test('data truth', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string): Promise<Json> => {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 200, url);
    return res.json();
  };
  const allEvents: Json[] = (await get('/events?limit=500')).data;

  t.test('003 is dated by its publisher page, 28 May 2016, and so are its events', async (t) => {
    const articles: Json[] = (await get('/articles')).data;
    const a = articles.find((x) => x.file_name.startsWith('003_')) as Json;
    t.match(a, { published_start: '2016-05-28', published_end: '2016-05-28', published_precision: 'day', publisher: 'Al Jazeera' });
    t.match(a.published_basis, /^page: .*aljazeera\.net.*2016\/5\/28/);
    const events: Json[] = (await get('/events?article=003&limit=500')).data;
    t.ok(events.length >= 8);
    for (const e of events) {
      t.ok(e.date_start >= '2016-04-01' && e.date_end <= '2016-05-28', `${e.id} ${e.date_start}..${e.date_end} within spring 2016`);
    }
    t.notOk(JSON.stringify(events).includes('Wrath of the Euphrates'), 'the operation is not named from outside knowledge');
  });

  t.test('every article says where its publisher and date come from', async (t) => {
    for (const a of (await get('/articles')).data as Json[]) t.match(a.published_basis, /^(text|page|inference): /, a.file_name);
    const one = await get(`/articles/${(await get('/articles')).data[0].id}`);
    t.type(one.published_basis, 'string');
    const byFile = Object.fromEntries(((await get('/articles')).data as Json[]).map((a) => [a.file_name.slice(0, 3), a]));
    t.match(byFile['000'], { publisher: 'Al-Ain News' });
    t.match(byFile['001'], { publisher: 'Al-Ghad Al-Souri', published_start: '2017-10-09', published_end: '2017-10-09' });
    t.match(byFile['002'], { publisher: 'Al-Ghad Al-Souri', published_start: '2017-10-16', published_end: '2017-10-16' });
  });

  t.test('the Raqqa campaign tolls are figures, never an event fatality', async (t) => {
    for (const e of allEvents) {
      t.ok(
        e.fatalities === null || (e.fatalities.high ?? e.fatalities.low) < 1000,
        `event ${e.id} fatalities ${JSON.stringify(e.fatalities)}`,
      );
    }
    const reports: Json[] = (await get('/casualty-reports?limit=500')).data;
    t.notOk(
      reports.some((r) => [1117, 1331].includes(r.count_low)),
      'no casualty report carries a campaign toll',
    );
    const figures: Json[] = (await get('/figures?article=001&limit=500')).data;
    const civilians = figures.find((f) => f.count_low === 1117) as Json;
    const isis = figures.find((f) => f.count_low === 1331) as Json;
    t.match(civilians, { count_high: 1117, qualifier: 'exact', outcome: 'killed', place: { name: 'Ar-Raqqa' } });
    t.match(isis, { count_high: null, qualifier: 'at_least', victim_actor: { name: /Islamic State|ISIS/ } });
    t.ok(civilians.quote.includes('1117'));
    const csv = await app.inject({ method: 'GET', url: '/events?format=csv&limit=500' });
    t.notOk(
      /\b(1117|1331)\b/.test(
        csv.body
          .split('\n')
          .slice(1)
          .join('\n')
          .replaceAll(/"[^"]*"/g, ''),
      ),
      'not in the event export',
    );
  });

  t.test("Deir ez-Zor's general tolls are not the Beit al-Azm clash's", async (t) => {
    const clash = allEvents.find((e) => e.location.name === 'Beit al-Azm') as Json;
    t.ok(clash);
    t.equal(clash.fatalities?.low ?? 0, 0, 'no numeric toll on the clash');
    const figures: Json[] = (await get('/figures?article=003')).data;
    t.ok(figures.some((f) => f.count_low === 30 && f.qualifier === 'more_than'));
    t.ok(figures.some((f) => f.vague_text === 'عشرات'));
  });

  t.test('Mhkan: one event with its two accounts', async (t) => {
    const mahkan = (await get('/events?place=محكان')).data as Json[];
    t.equal(mahkan.length, 1);
    const detail = await get(`/events/${mahkan[0].id}`);
    const claimants = new Set((detail.claims as Json[]).map((c) => c.claimant.name));
    t.ok(claimants.has('Syrian Observatory for Human Rights') || [...claimants].some((n) => /Observatory|SOHR/.test(n)), 'SOHR');
    t.ok(
      (detail.claims as Json[]).some((c) => c.quote.includes('الطيران الحربي الروسي') && c.quote.includes('محكان')),
      'the Russian strikes',
    );
    t.notOk(
      (detail.actors as Json[]).some((a) => /Syrian Air Force/.test(a.name)),
      'no aircraft the text does not give',
    );
  });

  t.test('no shooter the text does not name', async (t) => {
    const claims: Json[] = (await get('/claims?article=001&limit=500')).data;
    const shelling = claims.find((c) => c.quote.includes('استمرار القصف المدفعي والصاروخي')) as Json;
    const event = await get(`/events/${shelling.event_ids[0]}`);
    t.same(event.actors, []);
  });

  t.test('the Markadah road cut is in Deir ez-Zor governorate', async (t) => {
    const roads = (await get(`/locations?q=${encodeURIComponent('طريق مركدة')}`)).data as Json[];
    const road = await get(`/locations/${roads[0].id}`);
    const names = (road.ancestors as Json[]).map((a) => a.name);
    t.ok(
      names.some((n) => /Deir.ez.Zor Governorate/i.test(n)),
      names.join(' > '),
    );
    t.notOk(names.some((n) => /Hasak/i.test(n)));
    t.equal(road.geo_precision, 3);
    const camp = (await get(`/locations?q=${encodeURIComponent('مخيم مبروكة')}`)).data as Json[];
    t.equal(camp[0].geo_precision, 3);
  });

  t.test('the field sources rebut the regime on its own event; captions add no events', async (t) => {
    const claims: Json[] = (await get('/claims?article=001&limit=500')).data;
    const regime = claims.find((c) => c.quote.startsWith('ورغم إعلان النظام')) as Json;
    const rebuttal = claims.filter((c) => c.certainty === 'denied' && c.event_ids.includes(regime.event_ids[0]));
    t.equal(rebuttal.length, 1);
    const caption = claims.find((c) => c.quote.includes('أعمدة دخان')) as Json;
    const onIt = allEvents.find((e) => e.id === caption.event_ids[0]) as Json;
    t.ok(onIt.claim_count > 1, 'the caption is a claim on an event of the body');
    const c003: Json[] = (await get('/claims?article=003&limit=500')).data;
    t.equal((c003.find((c) => c.quote.includes('(ناشطون)')) as Json).claimant.name, 'Al Jazeera', 'a photo credit is no claimant');
    const c004: Json[] = (await get('/claims?article=004&limit=500')).data;
    t.equal((c004.find((c) => c.quote.includes('لم تؤدي إلى مقتل')) as Json).certainty, 'asserted');
  });

  t.test('every event is on the map unless its place is wider than a governorate', async (t) => {
    const geo = JSON.parse((await app.inject({ method: 'GET', url: '/events?format=geojson&limit=500' })).body);
    t.equal(geo.features.length + geo.unlocated.length, allEvents.length);
    for (const u of geo.unlocated as Json[]) {
      const detail = await get(`/events/${u.id}`);
      t.notOk(
        (detail.path as Json[]).some((p) => p.kind === 'governorate'),
        `${detail.location.name} is wider than a governorate`,
      );
    }
    t.ok(geo.unlocated.length <= 2, `${geo.unlocated.length} unlocated`);
  });

  t.test('/figures: lists, filters, pages, CSV, problems', async (t) => {
    const all = await get('/figures?limit=500');
    t.equal(all.meta.total, all.data.length);
    const page = await get('/figures?limit=3');
    t.equal(page.data.length, 3);
    const next = await get(`/figures?limit=3&cursor=${page.meta.next_cursor}`);
    t.equal(next.data[0].id > page.data[2].id, true);
    const one = await get(`/figures/${all.data[0].id}`);
    t.same(one, all.data[0]);
    const byClaim = await get(`/figures?claim=${all.data[0].claim_id}`);
    t.ok(byClaim.data.every((f: Json) => f.claim_id === all.data[0].claim_id));
    const inRaqqa = await get('/figures?place=Raqqa&limit=500');
    t.ok(inRaqqa.data.length > 0 && inRaqqa.data.every((f: Json) => f.place !== null));
    const q = await get('/figures?q=missiles');
    t.ok(q.data.some((f: Json) => f.unit === 'missiles'));
    const csv = await app.inject({ method: 'GET', url: '/figures?format=csv' });
    t.match(csv.headers['content-type'], /text\/csv/);
    const missing = await app.inject({ method: 'GET', url: '/figures/999999' });
    t.equal(missing.statusCode, 404);
    t.match(missing.headers['content-type'], /problem\+json/);
    const bad = await app.inject({ method: 'GET', url: '/figures?claim=x' });
    t.equal(bad.statusCode, 400);
  });

  t.test('every number written in digits is coded as a figure or casualty report, or is a date or a name', async (t) => {
    const dir = new URL('../seed/articles/', import.meta.url);
    const known: Record<string, string[]> = { '000': ['5', '2016'], '004': ['24'] };
    const articles: Json[] = (await get('/articles')).data;
    const reports: Json[] = (await get('/casualty-reports?limit=500')).data;
    for (const file of readdirSync(dir)) {
      const prefix = file.slice(0, 3);
      const text = readFileSync(new URL(file, dir), 'utf8').normalize('NFC');
      const article = articles.find((a) => a.file_name === file) as Json;
      const claimIds = new Set(((await get(`/claims?article=${article.id}&limit=500`)).data as Json[]).map((c) => c.id));
      const figures: Json[] = (await get(`/figures?article=${article.id}&limit=500`)).data;
      const counts = new Set(
        [...figures, ...reports.filter((r) => claimIds.has(r.claim_id))]
          .flatMap((f) => [f.count_low, f.count_high])
          .filter((n) => n !== null),
      );
      for (const m of text.matchAll(/(\d+)(\s*ألف)?/g)) {
        const n = Number(m[1]) * (m[2] ? 1000 : 1);
        t.ok(counts.has(n) || known[prefix]?.includes(m[1] as string), `${file}: ${m[0]}`);
      }
    }
  });

  t.test('the coverage report codes every number, digits and words', async (t) => {
    const corpus = await loadCorpus();
    for (const article of corpus.articles) {
      const uncoded = numberCoverage(article).filter((n) => n.coded === null);
      t.same(uncoded, [], article.seed.file_name);
    }
  });
});
