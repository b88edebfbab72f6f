import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

t.test('actors', async (t) => {
  const app = await seededApp(t);
  const isis = (await app.inject({ url: '/actors?q=Daesh' })).json();
  t.equal(isis.data[0].name, 'Islamic State', 'q=Daesh finds the Islamic State first');
  t.equal(isis.data[0].match_rank, 0, 'as an exact match');
  // "Raqqa" is a whole name of the city and the governorate (0), the start of other names (1) and inside more (2).
  const raqqa = (await app.inject({ url: '/locations?q=Raqqa&limit=500' })).json().data as Json[];
  const ranks = raqqa.map((l) => l.match_rank as number);
  t.same(
    [...new Set(ranks)].sort((a, b) => a - b),
    [0, 1, 2],
    'q=Raqqa finds exact, prefix and partial matches',
  );
  t.same(
    ranks,
    [...ranks].sort((a, b) => a - b),
    'exact before prefix before partial',
  );
  t.same(
    raqqa
      .filter((l) => l.match_rank === 0)
      .map((l) => l.kind)
      .sort(),
    ['city', 'governorate'],
    'the exact matches are the city and the governorate',
  );
  const detail = (await app.inject({ url: `/actors/${isis.data[0].id}` })).json();
  t.ok(
    detail.aliases.some((a: Json) => a.alias === 'داعش' && a.lang === 'ar'),
    'aliases in Arabic',
  );
  t.ok(
    detail.children.some((c: Json) => c.name === 'Amaq News Agency'),
    'children: Amaq within ISIS',
  );
  t.ok(detail.event_counts.total > 0, 'event counts');
  const amaq = (await app.inject({ url: `/actors/${detail.children.find((c: Json) => c.name === 'Amaq News Agency').id}` })).json();
  t.equal(amaq.parent.id, detail.id, 'Amaq names its parent');
  const sana = (await app.inject({ url: '/actors?q=SANA' })).json().data[0];
  const sanaDetail = (await app.inject({ url: `/actors/${sana.id}` })).json();
  t.equal(sanaDetail.ancestors[0].name, 'Government of Syria', 'SANA sits within the Syrian government');
  t.ok(sanaDetail.claims_made > 0, 'SANA makes claims');
  t.equal((await app.inject({ url: '/actors/99999' })).statusCode, 404);
  const csv = parse((await app.inject({ url: '/actors?format=csv&limit=500' })).body, { columns: true }) as Json[];
  t.ok(csv.length > 10 && 'name_ar' in (csv[0] as Json), 'CSV of actors');
});

t.test('locations', async (t) => {
  const app = await seededApp(t);
  const res = (await app.inject({ url: '/locations?q=دير الزور' })).json();
  t.ok(res.data.length >= 2, 'the city and the governorate share the name');
  t.equal(res.data[0].match_rank, 0);
  const city = res.data.find((l: Json) => l.kind === 'city');
  const detail = (await app.inject({ url: `/locations/${city.id}` })).json();
  t.equal(detail.coord_source, 'gazetteer');
  t.equal(detail.geonames_id, 170794, 'GeoNames id of Deir ez-Zor');
  t.same(
    detail.ancestors.map((a: Json) => a.kind),
    ['country', 'governorate'],
    'ancestors from the country down',
  );
  t.ok(detail.children.length > 0, 'places inside the city');
  const fc = (await app.inject({ url: '/locations?format=geojson&limit=500' })).json();
  t.equal(fc.type, 'FeatureCollection');
  t.ok(fc.features.length > 0 && fc.unlocated.length > 0, 'some places have coordinates and some do not');
  const all = (await app.inject({ url: '/locations?limit=500' })).json();
  t.equal(fc.features.length + fc.unlocated.length, all.meta.total, 'every place is a feature or listed as unlocated');
  for (const f of fc.features) {
    const place = (await app.inject({ url: `/locations/${f.id}` })).json();
    t.same(
      f.geometry,
      { type: 'Point', coordinates: [place.lon, place.lat] },
      `place ${f.id}: a Point at [lon, lat] of /locations/${f.id}`,
    );
  }
  for (const l of fc.unlocated) {
    const place = (await app.inject({ url: `/locations/${l.id}` })).json();
    t.ok(place.lat === null && place.lon === null, `place ${l.id}, listed apart, has no coordinates in /locations/${l.id}`);
  }
});

t.test('claims, casualty reports and articles', async (t) => {
  const app = await seededApp(t);
  const articles = (await app.inject({ url: '/articles' })).json().data as Json[];
  t.equal(articles.length, 5);
  // 000-002 do not name their publisher in the text; their own pages do, and published_basis says so.
  t.equal(articles.filter((a) => a.publisher === null).length, 0, 'every publisher is known from the text or its page');
  t.equal(articles.filter((a) => a.published_basis.startsWith('page:')).length, 4, 'four from the publisher page');
  for (const a of articles) {
    const detail = (await app.inject({ url: `/articles/${a.id}` })).json();
    t.equal(detail.claims.length, a.claim_count);
    const wrong = detail.claims.filter((c: Json) => detail.text.slice(c.quote_start, c.quote_end) !== c.quote);
    t.same(wrong, [], `${a.file_name}: every claim's offsets highlight its quote in the served text`);
  }
  const sohr = (await app.inject({ url: '/claims?claimant=SOHR' })).json();
  t.ok(sohr.data.length > 0 && sohr.data.every((c: Json) => c.claimant.name === 'Syrian Observatory for Human Rights'));
  const one = (await app.inject({ url: `/claims/${sohr.data[0].id}` })).json();
  t.same(one, sohr.data[0], 'GET /claims/{id} is the same claim');
  const byEvent = (await app.inject({ url: `/claims?event=${one.event_ids[0]}` })).json();
  t.ok(byEvent.data.every((c: Json) => c.event_ids.includes(one.event_ids[0])));
  t.equal((await app.inject({ url: '/claims?event=1;DROP' })).statusCode, 400);

  const killed = (await app.inject({ url: '/casualty-reports?outcome=killed&limit=500' })).json().data as Json[];
  t.ok(killed.length > 0 && killed.every((r) => r.outcome === 'killed'));
  const vague = killed.filter((r) => r.qualifier === 'vague');
  t.ok(vague.length > 0, 'vague figures are served');
  t.ok(
    vague.every((r) => r.count_low === null && r.count_high === null && r.vague_text),
    'vague figures keep their words and no number',
  );
  const isisDead = (await app.inject({ url: '/casualty-reports?actor=ISIS&limit=500' })).json().data as Json[];
  t.ok(isisDead.length > 0, 'figures for ISIS (with its sub-actors) as victim');
  const raqqa = (await app.inject({ url: '/casualty-reports?place=Raqqa&limit=500' })).json();
  t.ok(raqqa.meta.matched.place.Raqqa.length >= 2, 'Raqqa matches the city and the governorate');
  const csv = parse((await app.inject({ url: '/casualty-reports?format=csv&limit=500' })).body, { columns: true }) as Json[];
  t.ok(csv.length > 0 && 'vague_text' in (csv[0] as Json));
});

t.test('openapi.yaml is generated from the routes, valid, in sync and served; /docs shows it', async (t) => {
  const app = await buildApp({ dbFile: ':memory:' });
  t.teardown(() => app.close());
  await app.ready();
  const generated = app.swagger({ yaml: true });
  const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');
  t.equal(committed, generated, 'openapi.yaml matches the routes (run `npm run openapi` after changing a route)');
  const spec = app.swagger() as Json;
  const validation = await validate(structuredClone(spec) as Parameters<typeof validate>[0]);
  t.same(validation.valid ? [] : validation.errors, [], 'the document validates');
  t.equal(validation.valid, true);
  for (const [path, item] of Object.entries(spec.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      t.ok(op.operationId && op.tags?.length && op.summary, `${method.toUpperCase()} ${path} has operationId, tags and summary`);
      for (const p of op.parameters ?? []) t.ok(p.description || p.in === 'path', `${op.operationId}: parameter ${p.name} is described`);
    }
  }
  for (const path of [
    '/events',
    '/events/{id}',
    '/actors',
    '/actors/{id}',
    '/locations',
    '/locations/{id}',
    '/claims',
    '/claims/{id}',
    '/casualty-reports',
    '/articles',
    '/articles/{id}',
    '/health',
  ]) {
    t.ok(spec.paths[path], `${path} is documented`);
  }
  const served = await app.inject({ url: '/openapi.yaml' });
  t.equal(served.body, generated, 'GET /openapi.yaml serves it');
  const docs = await app.inject({ url: '/docs/' });
  t.equal(docs.statusCode, 200);
  t.match(docs.body, /swagger-ui/i, '/docs is Swagger UI');
  t.notMatch(docs.body, /https?:\/\/(cdn|unpkg)/, 'with assets served locally');
});
