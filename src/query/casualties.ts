import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { actors, casualtyReports, claims, eventPlaceClosure, events, locations } from '../db/schema.js';
import type { CasualtyReport, CasualtyReportsQuery } from '../schemas/casualties.js';
import type { Fatalities } from '../schemas/events.js';
import { inPlaces, MAX_RANGES } from './events/plan.js';
import { dp } from './events/tables.js';
import { inIds, nameMeta, resolveFilters } from './filters.js';
import { descendantsAndSelf } from './names.js';
import { type CursorPosition, countRows, decodeCursor, inOrderOf, type Page, type Total, toPage } from './pagination.js';
import { totalKey } from './totals.js';

const claimant = alias(actors, 'claimant');
const victim = alias(actors, 'victim');

const reportColumns = {
  id: casualtyReports.id,
  claim_id: casualtyReports.claim_id,
  event_id: casualtyReports.event_id,
  claimant_id: claims.claimant_id,
  claimant_name: claimant.name,
  location_id: locations.id,
  location_name: locations.name,
  victim_actor_id: casualtyReports.victim_actor_id,
  victim_actor_name: victim.name,
  victim_group: casualtyReports.victim_group,
  outcome: casualtyReports.outcome,
  count_low: casualtyReports.count_low,
  count_high: casualtyReports.count_high,
  qualifier: casualtyReports.qualifier,
  vague_text: casualtyReports.vague_text,
  subset_of_id: casualtyReports.subset_of_id,
  note: casualtyReports.note,
  sort_date: events.date_start,
};

/** Casualty reports with their claim, claimant, event and place: every condition below may name any of these tables. */
function selectReports(db: Db, where: SQL) {
  return db
    .select(reportColumns)
    .from(casualtyReports)
    .innerJoin(claims, eq(claims.id, casualtyReports.claim_id))
    .innerJoin(claimant, eq(claimant.id, claims.claimant_id))
    .innerJoin(events, eq(events.id, casualtyReports.event_id))
    .innerJoin(locations, eq(locations.id, events.location_id))
    .leftJoin(victim, eq(victim.id, casualtyReports.victim_actor_id))
    .where(where)
    .$dynamic();
}

type After = CursorPosition | null;

/**
 * The ids of a page of reports without a selective filter, read in list
 * order: events by the date index, each event's reports by theirs, stopping
 * after `n`. Left to itself SQLite read every report and sorted them all (2 s
 * on a 200,000-event file, 33.6 s at 2.5 M events).
 */
function idsInDateOrder(db: Db, where: SQL, after: After, n: number): number[] {
  const from = after
    ? sql` AND ${events.date_start} >= ${after.sort} AND (${events.date_start}, ${casualtyReports.id}) > (${after.sort}, ${after.id})`
    : sql``;
  return db
    .all<{ id: number }>(
      sql`SELECT ${casualtyReports.id} AS id FROM ${events} INDEXED BY events_date_idx
          CROSS JOIN ${casualtyReports} ON ${casualtyReports.event_id} = ${events.id}
          WHERE ${where}${from} ORDER BY ${events.date_start}, ${casualtyReports.id} LIMIT ${n}`,
    )
    .map((r) => r.id);
}

/**
 * The ids of a page of the reports a selective filter (events, victims,
 * claimants) names, read and sorted by id and date alone, then the page's
 * rows by id: sorting the joined rows with every column shown took 51 ms for
 * the first page of a victim actor's 9,648 reports on a 200,000-event file,
 * 41 ms this way (a claimant's: 57 and 40 ms). Victims have no closure: the
 * actor closure lists the actors an event involves, not the victims of its
 * reports.
 */
function sortedIds(db: Db, where: SQL, after: After, n: number): number[] {
  const keyset = after ? sql` AND (${events.date_start}, ${casualtyReports.id}) > (${after.sort}, ${after.id})` : sql``;
  return db
    .all<{ id: number }>(
      sql`SELECT ${casualtyReports.id} AS id FROM ${casualtyReports} JOIN ${claims} ON ${claims.id} = ${casualtyReports.claim_id}
          JOIN ${events} ON ${events.id} = ${casualtyReports.event_id}
          WHERE ${where}${keyset} ORDER BY ${events.date_start}, ${casualtyReports.id} LIMIT ${n}`,
    )
    .map((r) => r.id);
}

/**
 * `place` as the place closure's ranges, one per outermost place, each in
 * date order; a report's event joins it and the other filters are checked on
 * each report, so a page stops after `n` and only one date's reports are
 * sorted by id. The places (subtrees that never overlap) are merged in list
 * order up to MAX_RANGES of them, and read and sorted beyond (and when no
 * place matched, which reads nothing). Expanding a governorate's places and
 * sorting its reports took 285 ms for a first page on a 200,000-event file;
 * both Syrias (23,000 places) 2.5 s.
 */
function placeRanges(placeIds: number[], where: SQL, withClaims: boolean): (after: After) => SQL {
  const claimJoin = withClaims ? sql` CROSS JOIN ${claims} ON ${claims.id} = ${casualtyReports.claim_id}` : sql``;
  const merged = placeIds.length > 0 && placeIds.length <= MAX_RANGES;
  const ranges = merged ? placeIds.map((id) => sql`${dp.place_id} = ${id}`) : [inIds(dp.place_id, placeIds)];
  return (after) => {
    const keyset = after
      ? sql` AND ${dp.date_start} >= ${after.sort} AND (${dp.date_start}, ${casualtyReports.id}) > (${after.sort}, ${after.id})`
      : sql``;
    const arms = ranges.map(
      (range) =>
        sql`SELECT ${casualtyReports.id} AS id, ${dp.date_start} AS date_start
            FROM ${eventPlaceClosure} ${dp} INDEXED BY event_place_closure_place_idx
            CROSS JOIN ${casualtyReports} ON ${casualtyReports.event_id} = ${dp.event_id}${claimJoin}
            WHERE ${range}${keyset} AND ${where}`,
    );
    return sql.join(arms, sql` UNION ALL `);
  };
}

type ReportSelected = Awaited<ReturnType<ReturnType<typeof selectReports>['all']>>[number];

function toCasualtyReport(r: ReportSelected): CasualtyReport {
  const { claimant_id, claimant_name, location_id, location_name, victim_actor_id, victim_actor_name, sort_date: _, ...rest } = r;
  return {
    ...rest,
    claimant: { id: claimant_id, name: claimant_name },
    location: { id: location_id, name: location_name },
    victim_actor: victim_actor_id === null ? null : { id: victim_actor_id, name: victim_actor_name ?? '' },
  };
}

/** An event's casualty reports, in id order (GET /events/{id}; prepared once per connection). */
export function casualtyReportsOfEvent(db: Db, eventId: number): CasualtyReport[] {
  return reportsOfEvent(db).all({ event: eventId }).map(toCasualtyReport);
}

const reportsOfEvent = perConnection((db) =>
  selectReports(db, eq(casualtyReports.event_id, sql.placeholder('event')))
    .orderBy(casualtyReports.id)
    .prepare(),
);

/** What an event's fatality range is computed from: a casualty report, or a row with just these columns. */
export type FatalityInput = Pick<
  CasualtyReport,
  'claim_id' | 'outcome' | 'subset_of_id' | 'qualifier' | 'count_low' | 'count_high' | 'victim_group'
> & {
  victim_actor: { id: number } | null;
};

/** The side a figure counts: the victim actor when named, else the victim group as written. */
export function victimSide(r: Pick<FatalityInput, 'victim_actor' | 'victim_group'>): string {
  return r.victim_actor ? `actor:${r.victim_actor.id}` : `group:${(r.victim_group ?? '').toLowerCase()}`;
}

/**
 * An event's fatality range from its claims' figures, documented in the API:
 * per victim side, `low` is the lowest lower bound any claim gives as a number
 * and `high` the highest upper bound (null when any figure is open-ended or
 * vague); the sides are then summed. Subsets ("including 7 children") are not
 * added again. Null when no claim gives a figure for the dead.
 */
export function fatalityRange(reports: FatalityInput[]): Fatalities {
  const killed = reports.filter((r) => r.outcome === 'killed' && r.subset_of_id === null);
  if (killed.length === 0) return null;
  const perSide = new Map<string, Map<number, { low: number; high: number | null }>>();
  // A vague figure ("large numbers") sets no lower bound; it only leaves the upper bound open.
  const numericClaims = new Set<string>();
  for (const r of killed) {
    const side = victimSide(r);
    const byClaim = perSide.get(side) ?? new Map<number, { low: number; high: number | null }>();
    const sum = byClaim.get(r.claim_id) ?? { low: 0, high: 0 };
    const high = r.qualifier === 'vague' || r.count_high === null ? null : r.count_high;
    byClaim.set(r.claim_id, { low: sum.low + (r.count_low ?? 0), high: sum.high === null || high === null ? null : sum.high + high });
    perSide.set(side, byClaim);
    if (r.qualifier !== 'vague') numericClaims.add(`${side}|${r.claim_id}`);
  }
  let low = 0;
  let high: number | null = 0;
  for (const [side, byClaim] of perSide) {
    const figures = [...byClaim.values()];
    const numeric = [...byClaim.keys()]
      .filter((claimId) => numericClaims.has(`${side}|${claimId}`))
      .map((claimId) => byClaim.get(claimId)?.low ?? 0);
    low += numeric.length ? Math.min(...numeric) : 0;
    const highs = figures.map((f) => f.high);
    high = high === null || highs.includes(null) ? null : high + Math.max(...(highs as number[]));
  }
  return { low, high };
}

/**
 * GET /casualty-reports, by the event's date, then id. `actor` is the victim
 * actor (with its sub-actors); `place` the event's location (with the places
 * inside it), read from the place closure by its outermost matches.
 */
export function findCasualtyReports(db: Db, query: CasualtyReportsQuery): Page<CasualtyReport> {
  const filters = resolveFilters(db, { actor: query.actor, place: query.place, claimant: query.claimant }, 'outermost');
  const actorIds = filters.actorIds && descendantsAndSelf(db, 'actors', filters.actorIds);
  const parts: SQL[] = [sql`1 = 1`];
  if (query.event) parts.push(inIds(casualtyReports.event_id, query.event));
  if (query.outcome) parts.push(eq(casualtyReports.outcome, query.outcome));
  if (actorIds) parts.push(inIds(casualtyReports.victim_actor_id, actorIds));
  if (filters.claimantIds) parts.push(inIds(claims.claimant_id, filters.claimantIds));
  const after = decodeCursor('casualty-reports', query.cursor);
  const n = query.limit + 1;
  const exact = query.total === 'exact';
  const key = totalKey('casualty-reports', query);
  let ids: number[];
  let total: Total;
  if (filters.placeIds && !query.event) {
    const read = placeRanges(filters.placeIds, sql.join(parts, sql` AND `), Boolean(filters.claimantIds));
    total = countRows(db, read(null), exact, key);
    ids = db.all<{ id: number }>(sql`${read(after)} ORDER BY 2, 1 LIMIT ${n}`).map((r) => r.id);
  } else {
    if (filters.placeIds) parts.push(inPlaces(casualtyReports.event_id, filters.placeIds));
    const where = sql.join(parts, sql` AND `);
    total = countRows(
      db,
      sql`SELECT 1 FROM ${casualtyReports} JOIN ${claims} ON ${claims.id} = ${casualtyReports.claim_id}
          JOIN ${events} ON ${events.id} = ${casualtyReports.event_id} WHERE ${where}`,
      exact,
      key,
    );
    // Every filter but `outcome` names a few events, claimants or victims: SQLite reads those and sorts them.
    const selective = Boolean(query.event || actorIds || filters.claimantIds);
    ids = selective ? sortedIds(db, where, after, n) : idsInDateOrder(db, where, after, n);
  }
  const rows = ids.length ? inOrderOf(ids, selectReports(db, inIds(casualtyReports.id, ids)).all()) : [];
  const page = toPage('casualty-reports', rows, query.limit, total, (r) => ({ sort: r.sort_date, id: r.id }));
  return { data: page.data.map(toCasualtyReport), meta: { ...page.meta, ...nameMeta(filters) } };
}
