import { parse } from 'csv-parse/sync';
import t from 'tap';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

/**
 * ACLED's export as its users know it: the columns of an ACLED download, in
 * ACLED's order and spelling (ACLED Codebook 2023, "ACLED Data Columns at a
 * Glance"; the same list as the acledR package's data frames), and the codes
 * its codebook defines. Written out here rather than imported, so the test
 * checks the export against the codebook and not against itself.
 */
const ACLED_EXPORT = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
];

/** Inter codes 1 (State Forces) to 8 (External/Other Forces); 0 where an event has no such actor. */
const INTER = ['0', '1', '2', '3', '4', '5', '6', '7', '8'];
/** Interaction codes: a sole actor's code times ten (no sole civilian action, 70), or the two codes, lower first. */
const INTERACTION = new Set<string>();
for (let low = 1; low <= 8; low++) {
  if (low !== 7) INTERACTION.add(String(low * 10));
  for (let high = low; high <= 8; high++) INTERACTION.add(String(low * 10 + high));
}
const DISORDER: Record<string, string[]> = {
  Battles: ['Political violence'],
  'Explosions/Remote violence': ['Political violence'],
  'Violence against civilians': ['Political violence'],
  Protests: ['Demonstrations', 'Political violence; Demonstrations'],
  Riots: ['Demonstrations', 'Political violence'],
  'Strategic developments': ['Strategic developments'],
};

t.test('GET /events?format=csv reads as an ACLED export', async (t) => {
  const app = await seededApp(t);
  const res = await app.inject({ url: '/events?format=csv&limit=500' });
  t.equal(res.statusCode, 200);
  const [header] = parse(res.body) as string[][];
  t.same(header?.slice(0, ACLED_EXPORT.length), ACLED_EXPORT, "ACLED's 31 columns first, in ACLED's order and spelling");
  for (const own of ['event_id', 'event_date_end', 'date_precision', 'date_note', 'location_ar', 'fatalities_high', 'claim_count']) {
    t.ok(header?.slice(ACLED_EXPORT.length).includes(own), `then this project's own: ${own}`);
  }
  const rows = parse(res.body, { columns: true }) as Json[];
  const json = (await app.inject({ url: '/events?limit=500' })).json().data as Json[];
  t.equal(rows.length, json.length, 'one row per event');
  const modified = Math.floor(Date.parse(res.headers['last-modified'] as string) / 1000);

  const bad = (what: string, row: Json) => t.fail(`${what}: ${row.event_id_cnty} ${JSON.stringify(row)}`);
  for (const [i, row] of rows.entries()) {
    const event = json[i] as Json;
    if (row.event_id_cnty !== `SYR${event.id}`) bad('event_id_cnty is SYR and the id', row);
    if (row.year !== event.date_start.slice(0, 4)) bad('year of event_date', row);
    if (!['1', '2', '3'].includes(row.time_precision)) bad('time_precision 1-3', row);
    if (!DISORDER[row.event_type]?.includes(row.disorder_type)) bad("disorder_type the codebook's for the event type", row);
    if (!INTER.includes(row.inter1) || !INTER.includes(row.inter2)) bad('inter codes 0-8', row);
    if ((row.actor1 === '') !== (row.inter1 === '0')) bad('inter1 coded exactly when there is an actor1', row);
    const pair = [row.inter1, row.inter2].filter((c) => c !== '0').sort();
    if (pair.length > 0 && !INTERACTION.has(row.interaction)) bad('an interaction code of the codebook', row);
    const expected = pair.length === 2 ? pair.join('') : pair.length === 1 ? `${pair[0]}0` : '';
    if (row.interaction !== expected) bad('interaction from inter1 and inter2', row);
    if (!['', 'Civilian targeting'].includes(row.civilian_targeting)) bad('civilian_targeting', row);
    if ((row.civilian_targeting !== '') !== (row.inter2 === '7' || row.inter1 === '7'))
      bad('civilians targeted where they are an actor', row);
    if (row.country === 'Syria' && row.iso !== '760') bad('iso 760 for Syria', row);
    if (row.region !== 'Middle East') bad('region', row);
    if (Number(row.timestamp) !== modified) bad('timestamp: the last change, Unix seconds', row);
    if (row.event_id !== String(event.id)) bad('event_id', row);
  }
  t.ok(
    rows.filter((r) => r.interaction === '').every((r) => r.actor1 === '' && r.actor2 === ''),
    'interaction is empty only where the text names no actor',
  );
  t.ok(
    rows.some((r) => r.civilian_targeting === 'Civilian targeting'),
    'some events target civilians',
  );
  t.ok(
    rows.every((r) => r.tags.startsWith('certainty: ')),
    'tags carry the certainty of the claims',
  );

  t.test('admin1-admin3 come from the place tree', async (t) => {
    for (const row of rows.slice(0, 20)) {
      const detail = (await app.inject({ url: `/events/${row.event_id}` })).json();
      const of = (kind: string) => detail.path.find((p: Json) => p.kind === kind)?.name ?? '';
      t.equal(row.country, of('country'), `${row.event_id_cnty}: country`);
      t.equal(row.admin1, of('governorate'), `${row.event_id_cnty}: admin1 is the governorate`);
      t.equal(row.admin2, of('district'), `${row.event_id_cnty}: admin2 is the district (empty when not coded)`);
      t.equal(row.admin3, of('subdistrict'), `${row.event_id_cnty}: admin3 is the subdistrict (empty when not coded)`);
    }
  });
});
