import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { COUNT_CAP, encodeCursor } from '../src/query/pagination.js';
import { seededDbFile } from './helpers.js';
import { BIG_TABLES, brief, fullScans, planOf, recordStatements, subtree, syntheticDbFile } from './query-plan-helpers.js';

type Json = Record<string, any>;

/**
 * Guards for /casualty-reports that do not time anything: `place` reads the
 * place closure's ordered ranges (a governorate's first page took 285 ms on a
 * 200,000-event file when its places were listed and its reports sorted, 7 ms
 * from the ranges), no statement scans a big table, and whichever way a page
 * is read it holds what a plain query returns.
 */

function fixtures(db: Database.Database) {
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const region = one<{ id: number; name: string }>(
    `SELECT l.id, l.name FROM locations l JOIN event_place_closure p ON p.place_id = l.id JOIN casualty_reports r ON r.event_id = p.event_id
     WHERE l.kind = 'governorate' GROUP BY l.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const second = one<{ id: number }>(
    `SELECT l.id FROM locations l JOIN event_place_closure p ON p.place_id = l.id JOIN casualty_reports r ON r.event_id = p.event_id
     WHERE l.kind = 'governorate' AND l.id <> ${region.id} GROUP BY l.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const victim = one<{ id: number }>(
    'SELECT coalesce(a.parent_id, a.id) AS id FROM casualty_reports r JOIN actors a ON a.id = r.victim_actor_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  );
  const claimant = one<{ id: number }>('SELECT claimant_id AS id FROM claims GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1');
  const middle = one<{ id: number; date_start: string }>(
    `SELECT r.id, e.date_start FROM casualty_reports r JOIN events e ON e.id = r.event_id JOIN event_place_closure p ON p.event_id = e.id
     WHERE p.place_id = ${region.id} ORDER BY e.date_start, r.id LIMIT 1 OFFSET 3`,
  );
  return { region, second, victim, claimant, cursor: encodeCursor('casualty-reports', { sort: middle.date_start, id: middle.id }) };
}

const placeRange = /SEARCH dp USING COVERING INDEX event_place_closure_place_idx \(place_id=\?/;

async function checkReportPlans(t: any, file: string) {
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const { region, second, victim, claimant, cursor } = fixtures(db);
  const cases: { label: string; url: string; ranges: boolean }[] = [
    { label: 'place (a governorate, by name)', url: `/casualty-reports?place=${encodeURIComponent(region.name)}`, ranges: true },
    { label: 'place, a page further', url: `/casualty-reports?place=${region.id}&cursor=${cursor}`, ranges: true },
    { label: 'two places', url: `/casualty-reports?place=${region.id},${second.id}`, ranges: true },
    { label: 'place + outcome', url: `/casualty-reports?place=${region.id}&outcome=killed`, ranges: true },
    { label: 'place + claimant', url: `/casualty-reports?place=${region.id}&claimant=${claimant.id}`, ranges: true },
    { label: 'place + victim actor', url: `/casualty-reports?place=${region.id}&actor=${victim.id}&total=exact`, ranges: true },
    { label: 'victim actor', url: `/casualty-reports?actor=${victim.id}`, ranges: false },
    { label: 'victim actor, a page further', url: `/casualty-reports?actor=${victim.id}&cursor=${cursor}`, ranges: false },
  ];
  for (const c of cases) {
    let status = 0;
    const statements = await recordStatements(app, async () => {
      status = (await app.inject({ url: c.url })).statusCode;
    });
    t.equal(status, 200, `${c.label}: ${c.url} answers`);
    const scans = statements.flatMap((s) => fullScans(db, s).map((d) => `${d} in: ${brief(s)}`));
    t.same(scans, [], `${c.label}: no full scan of ${BIG_TABLES.join(', ')} in ${statements.length} statements`);
    if (!c.ranges) continue;
    const ranged = statements.filter((s) => s.sql.includes('"event_place_closure" "dp"'));
    t.ok(ranged.length >= 2, `${c.label}: the count and the page read the place closure's ranges`);
    for (const s of ranged) {
      const plan = planOf(db, s).join('\n');
      t.match(plan, placeRange, `${c.label}: a range of the closure's read index (${brief(s)})`);
      // Only the reports of one date are sorted by id: "TEMP B-TREE FOR LAST TERM OF ORDER BY".
      t.notMatch(plan, /TEMP B-TREE FOR ORDER BY/, `${c.label}: the range is read in list order, not sorted whole`);
    }
    t.notOk(
      statements.some((s) => /"events"\."location_id" IN/.test(s.sql)),
      `${c.label}: the places inside are not listed`,
    );
  }
}

t.test('casualty reports by place read ordered ranges of the place closure: the hand-coded seed', async (t) => {
  await checkReportPlans(t, await seededDbFile());
});

t.test('casualty reports by place read ordered ranges of the place closure: a generated file', async (t) => {
  await checkReportPlans(t, await syntheticDbFile());
});

t.test('casualty reports by place or victim hold what a plain query returns, page after page', async (t) => {
  const file = await syntheticDbFile();
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const { region, second, victim, claimant } = fixtures(db);
  const tree = (table: 'actors' | 'locations', ids: number[]) => subtree(db, table, ids);
  const inList = (column: string, ids: number[]) => `${column} IN (${ids.join(',')})`;
  const places = tree('locations', [region.id]);
  const event = db.prepare('SELECT id FROM events WHERE location_id IN (SELECT value FROM json_each(?)) LIMIT 3').pluck();
  const events = event.all(JSON.stringify(places)) as number[];
  const leaves = db
    .prepare('SELECT location_id FROM events GROUP BY location_id ORDER BY count(*) DESC LIMIT 20')
    .pluck()
    .all() as number[];
  const cases: { label: string; query: string; where: string }[] = [
    { label: 'place', query: `place=${region.id}`, where: inList('e.location_id', places) },
    {
      label: 'two places',
      query: `place=${region.id},${second.id}`,
      where: inList('e.location_id', tree('locations', [region.id, second.id])),
    },
    {
      label: 'place + outcome',
      query: `place=${region.id}&outcome=injured`,
      where: `${inList('e.location_id', places)} AND r.outcome = 'injured'`,
    },
    {
      label: 'place + claimant',
      query: `place=${region.id}&claimant=${claimant.id}`,
      where: `${inList('e.location_id', places)} AND ${inList('c.claimant_id', tree('actors', [claimant.id]))}`,
    },
    {
      label: 'place + victim',
      query: `place=${region.id}&actor=${victim.id}`,
      where: `${inList('e.location_id', places)} AND ${inList('r.victim_actor_id', tree('actors', [victim.id]))}`,
    },
    {
      label: 'place + events',
      query: `place=${region.id}&event=${events.join(',')}`,
      where: `${inList('e.location_id', places)} AND ${inList('r.event_id', events)}`,
    },
    {
      label: 'twenty places (more than are merged)',
      query: `place=${leaves.join(',')}`,
      where: inList('e.location_id', tree('locations', leaves)),
    },
    { label: 'a place no name matches', query: 'place=Nowhere%20at%20all', where: '0 = 1' },
    { label: 'victim', query: `actor=${victim.id}`, where: inList('r.victim_actor_id', tree('actors', [victim.id])) },
  ];
  for (const c of cases) {
    const expected = db
      .prepare(
        `SELECT r.id FROM casualty_reports r JOIN claims c ON c.id = r.claim_id JOIN events e ON e.id = r.event_id
         WHERE ${c.where} ORDER BY e.date_start, r.id`,
      )
      .pluck()
      .all() as number[];
    const got: number[] = [];
    let cursor: string | null = '';
    let meta: Json = {};
    while (cursor !== null) {
      const body: Json = (await app.inject({ url: `/casualty-reports?${c.query}&limit=199${cursor ? `&cursor=${cursor}` : ''}` })).json();
      got.push(...body.data.map((r: Json) => r.id));
      meta = body.meta;
      cursor = body.meta.next_cursor;
    }
    t.ok(
      expected.length > 0 || ['place + events', 'a place no name matches'].includes(c.label),
      `${c.label}: ${expected.length} reports to compare`,
    );
    t.same(got, expected, `${c.label}: every page, in the same order`);
    const counted = expected.length > COUNT_CAP ? [COUNT_CAP, false] : [expected.length, true];
    t.same([meta.total, meta.total_exact], counted, `${c.label}: the total counts them, up to ${COUNT_CAP}`);
    const exact: Json = (await app.inject({ url: `/casualty-reports?${c.query}&limit=1&total=exact` })).json();
    t.same([exact.meta.total, exact.meta.total_exact], [expected.length, true], `${c.label}: total=exact counts them all`);
  }
});
