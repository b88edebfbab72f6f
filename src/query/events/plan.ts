import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { claimEvents, claims, eventActorClosure, eventPlaceClosure, events } from '../../db/schema.js';
import { ACTOR_SIDES } from '../../domain.js';
import type { EventFilterQuery } from '../../schemas/events.js';
import { inFewIds, inIds, type ResolvedFilters } from '../filters.js';
import { COUNT_CAP } from '../pagination.js';
import { rememberedCount } from '../totals.js';
import { dateRanges, rangeBounds, whereOf } from './ranges.js';
import { ac, c, ce, da, dl, dp, e, pc } from './tables.js';

/** The event a condition checks: its id and start date, from its row (`e`) or from an index entry that holds both. */
export interface EventRef {
  id: SQLWrapper;
  date_start: SQLWrapper;
}

export type FilterName = 'actor' | 'place' | 'claimant' | 'article' | 'from' | 'to' | 'event_type' | 'sub_event_type';

/** One filter as a condition on a candidate event. */
export interface Condition {
  filter: FilterName;
  /** True when it reads a column of the event row `e` beyond its id and start date (the caller must join `e`). */
  row: boolean;
  on(ref: EventRef): SQL;
}

/** One range of an index that lists a filter's events for one id in list order (date_start, then id). */
export interface Range {
  /** The table and its alias. */
  source: SQL;
  /** The range: the id, and the filter's own condition on the entry (side, scope). */
  where: SQL;
  id: SQLWrapper;
  date_start: SQLWrapper;
}

/** A filter that names a set of ids: the events it allows. */
export interface SetFilter {
  name: 'actor' | 'place' | 'claimant' | 'article';
  /** `SELECT ... AS id`: the events the filter allows. */
  events: SQL;
  /** True when `events` never repeats an id (so no DISTINCT is needed). */
  unique: boolean;
  /** How many index entries the filter has (within the date bounds for ranges), counted up to ESTIMATE_CAP. */
  estimate: SQL;
  /** What `estimate` depends on: it is counted once while the data is unchanged (sizeOf). */
  key: string;
  /** Actor and place: the filter's events as one ordered range per id (none when there are more than MAX_RANGES ids). */
  ranges?: Range[];
  /** True when no event is in two of the ranges. */
  disjoint?: boolean;
}

/** GET /events filters, as conditions and as the sets of ids some of them name. */
export interface EventPlan {
  conditions: Condition[];
  /** Every condition on the event row `e`; set filters are correlated EXISTS checks (index seeks), never materialised. */
  where: SQL;
  sets: SetFilter[];
  from?: string;
  to?: string;
  /** False when there is no filter at all (`where` is always true and names no column). */
  filtered: boolean;
}

/** How a page of events is read; the choice depends on the filters and how many events each allows. */
export type Strategy =
  | { kind: 'date-order'; indexedByDate: boolean }
  | { kind: 'from-set'; set: SetFilter }
  | { kind: 'ranges'; set: SetFilter; estimate: number };

/** A claimant or article filter with at most this many claims drives the query: its events are read, checked and sorted. */
export const DRIVER_LIMIT = 2000;
/**
 * Estimates count index entries up to here: enough to tell a small filter from
 * a large one, and for a filter alone it is the list's capped total.
 */
export const ESTIMATE_CAP = COUNT_CAP + 1;
/**
 * Up to this many ids, a filter's ranges are merged in list order (one
 * co-routine each; names rarely match more than 3 entries). More, and its
 * events are read and sorted like a claimant's.
 */
export const MAX_RANGES = 16;
/**
 * Claimants and articles have no ordered index: when their sets are large and
 * no actor or place filter gives ranges, a short sample of the date-ordered
 * scan (then a longer one) tells whether matches come soon enough in list
 * order: at least one in MIN_DENSITY events, so a page of 50 within some
 * 10,000 events. Otherwise the smallest set is read and sorted.
 */
const SAMPLES = [200, 2000];
const MIN_DENSITY = 200;

const capped = (rows: SQL) => sql`SELECT count(*) AS n FROM (${rows} LIMIT ${ESTIMATE_CAP})`;

function estimateOf(ranges: Range[], from: string | undefined, to: string | undefined): SQL {
  if (ranges.length === 0) return sql`SELECT 0 AS n`;
  const arms = ranges.map((r) => sql`SELECT 1 FROM ${r.source} WHERE ${r.where}${rangeBounds(r, from, to)}`);
  return capped(sql.join(arms, sql` UNION ALL `));
}

/** `actor`: the actor closure's entries of each id, with the side and scope asked for. */
function actorFilter(query: EventFilterQuery, ids: number[]): { set: SetFilter; condition: Condition } {
  const side = query.actor_role && query.actor_role !== 'any' ? ACTOR_SIDES[query.actor_role].bit : null;
  const exact = query.actor_scope === 'exact';
  const entry = (t: { sides: AnySQLiteColumn; own_sides: AnySQLiteColumn }) => {
    const mask = exact ? t.own_sides : t.sides;
    // Every entry has some side; exact scope keeps the actor's own links only.
    if (side !== null) return sql` AND (${mask} & ${side}) <> 0`;
    return exact ? sql` AND ${mask} <> 0` : sql``;
  };
  const ranges = ids.map((id) => ({
    source: sql`${eventActorClosure} ${da}`,
    where: sql`${da.actor_id} = ${id}${entry(da)}`,
    id: da.event_id,
    date_start: da.date_start,
  }));
  return {
    condition: {
      filter: 'actor',
      row: false,
      on: (ref) =>
        sql`EXISTS (SELECT 1 FROM ${eventActorClosure} ${ac} WHERE ${ac.event_id} = ${ref.id} AND ${inFewIds(ac.actor_id, ids)}${entry(ac)})`,
    },
    set: {
      name: 'actor',
      unique: ids.length === 1,
      key: `actor ${ids} ${side} ${exact} ${query.from} ${query.to}`,
      events: sql`SELECT ${ac.event_id} AS id FROM ${eventActorClosure} ${ac} WHERE ${inFewIds(ac.actor_id, ids)}${entry(ac)}`,
      estimate: estimateOf(ranges, query.from, query.to),
      ...(ids.length <= MAX_RANGES ? { ranges, disjoint: ids.length === 1 } : {}),
    },
  };
}

/** The events in these places or any place inside them: a seek of the place closure's key per event. */
export function inPlaces(eventId: SQLWrapper, placeIds: number[]): SQL {
  return sql`EXISTS (SELECT 1 FROM ${eventPlaceClosure} ${pc} WHERE ${pc.event_id} = ${eventId} AND ${inFewIds(pc.place_id, placeIds)})`;
}

/** `place`: with every place inside (the place closure), or exactly (the events' (location, date) index). */
function placeFilter(query: EventFilterQuery, ids: number[]): { set: SetFilter; condition: Condition } {
  if (query.place_scope === 'exact') {
    const ranges = ids.map((id) => ({
      source: sql`${events} ${dl}`,
      where: sql`${dl.location_id} = ${id}`,
      id: dl.id,
      date_start: dl.date_start,
    }));
    return {
      condition: { filter: 'place', row: true, on: () => inFewIds(e.location_id, ids) },
      set: {
        name: 'place',
        unique: true,
        key: `place exact ${ids} ${query.from} ${query.to}`,
        events: sql`SELECT ${dl.id} AS id FROM ${events} ${dl} WHERE ${inFewIds(dl.location_id, ids)}`,
        estimate: estimateOf(ranges, query.from, query.to),
        ...(ids.length <= MAX_RANGES ? { ranges, disjoint: true } : {}),
      },
    };
  }
  // The ids are outermost (src/query/names.ts), so their subtrees, and the events in them, never overlap.
  const ranges = ids.map((id) => ({
    source: sql`${eventPlaceClosure} ${dp}`,
    where: sql`${dp.place_id} = ${id}`,
    id: dp.event_id,
    date_start: dp.date_start,
  }));
  return {
    condition: {
      filter: 'place',
      row: false,
      on: (ref) => inPlaces(ref.id, ids),
    },
    set: {
      name: 'place',
      unique: true,
      key: `place ${ids} ${query.from} ${query.to}`,
      events: sql`SELECT ${pc.event_id} AS id FROM ${eventPlaceClosure} ${pc} WHERE ${inFewIds(pc.place_id, ids)}`,
      estimate: estimateOf(ranges, query.from, query.to),
      ...(ids.length <= MAX_RANGES ? { ranges, disjoint: true } : {}),
    },
  };
}

function claimFilter(name: 'claimant' | 'article', column: SQL, ids: number[]): { set: SetFilter; condition: Condition } {
  return {
    condition: {
      filter: name,
      row: false,
      on: (ref) =>
        sql`EXISTS (SELECT 1 FROM ${claimEvents} ${ce} JOIN ${claims} ${c} ON ${c.id} = ${ce.claim_id} WHERE ${ce.event_id} = ${ref.id} AND ${inIds(column, ids)})`,
    },
    set: {
      name,
      unique: false,
      key: `${name} ${ids}`,
      events: sql`SELECT ${ce.event_id} AS id FROM ${claims} ${c} JOIN ${claimEvents} ${ce} ON ${ce.claim_id} = ${c.id} WHERE ${inIds(column, ids)}`,
      estimate: capped(sql`SELECT 1 FROM ${claims} ${c} WHERE ${inIds(column, ids)}`),
    },
  };
}

/** The conditions for GET /events; `filters` names actors and places by their outermost ids (resolveFilters with 'outermost'). */
export function planEvents(query: EventFilterQuery, filters: ResolvedFilters): EventPlan {
  const conditions: Condition[] = [];
  const sets: SetFilter[] = [];
  const add = (f: { set: SetFilter; condition: Condition }) => {
    conditions.push(f.condition);
    sets.push(f.set);
  };
  if (filters.actorIds) add(actorFilter(query, filters.actorIds));
  if (filters.placeIds) add(placeFilter(query, filters.placeIds));
  if (filters.claimantIds) add(claimFilter('claimant', sql`${c.claimant_id}`, filters.claimantIds));
  if (filters.articleIds) add(claimFilter('article', sql`${c.article_id}`, filters.articleIds));
  const { from, to, event_type, sub_event_type } = query;
  if (from) conditions.push({ filter: 'from', row: true, on: () => sql`${e.date_end} >= ${from}` });
  if (to) conditions.push({ filter: 'to', row: false, on: (ref) => sql`${ref.date_start} <= ${to}` });
  if (event_type) conditions.push({ filter: 'event_type', row: true, on: () => sql`${e.event_type} = ${event_type}` });
  if (sub_event_type) conditions.push({ filter: 'sub_event_type', row: true, on: () => sql`${e.sub_event_type} = ${sub_event_type}` });
  return {
    conditions,
    where: whereOf(conditions, e),
    sets,
    from,
    to,
    filtered: conditions.length > 0,
  };
}

/** A set filter's estimate, counted once while the data is unchanged: up to 10,001 index entries, 0.5-1 ms a side. */
function sizeOf(db: Db, set: SetFilter): number {
  return rememberedCount(db, `estimate ${set.key}`, () => db.get<{ n: number }>(set.estimate)?.n ?? 0);
}

/** The plan's set filters, fewest entries first; on a tie, one with ranges, then the place. */
export function setsBySize(db: Db, plan: EventPlan): { set: SetFilter; n: number }[] {
  return plan.sets
    .map((set) => ({ set, n: sizeOf(db, set) }))
    .sort(
      (a, b) =>
        a.n - b.n ||
        Number(Boolean(b.set.ranges)) - Number(Boolean(a.set.ranges)) ||
        Number(b.set.name === 'place') - Number(a.set.name === 'place'),
    );
}

/**
 * How to read a page. An actor or place filter is read from its closure
 * ranges, already in list order, and the other filters are checked on each
 * entry; of two, the one with fewer entries (both counted up to
 * ESTIMATE_CAP) is read, the place on a tie. A small claimant or article set
 * (at most DRIVER_LIMIT claims, and fewer than any range holds) is read whole
 * and sorted. Only when no filter has ranges, or there is no set filter but
 * some other filter than the dates, does the date order get sampled.
 */
export function chooseStrategy(db: Db, plan: EventPlan, keyset: SQL): Strategy {
  // Without a set, a dense filter (event_type over a year) is read in date order; a sparse one is left to SQLite
  // (a type's index, then a sort). Left to SQLite, a year of battles took 18.8 ms on a 200,000-event file.
  if (plan.sets.length === 0) {
    const rowFilter = plan.conditions.some((c) => c.filter !== 'from' && c.filter !== 'to');
    return { kind: 'date-order', indexedByDate: rowFilter && denseInDateOrder(db, plan, keyset) };
  }
  const estimated = setsBySize(db, plan);
  const [smallest] = estimated as [(typeof estimated)[number]];
  if (smallest.set.ranges?.length === 0) return { kind: 'from-set', set: smallest.set };
  if (smallest.set.ranges) return { kind: 'ranges', set: smallest.set, estimate: smallest.n };
  if (smallest.n <= DRIVER_LIMIT) return { kind: 'from-set', set: smallest.set };
  const ordered = estimated.find((x) => x.set.ranges);
  if (ordered) return { kind: 'ranges', set: ordered.set, estimate: ordered.n };
  if (denseInDateOrder(db, plan, keyset)) return { kind: 'date-order', indexedByDate: true };
  return { kind: 'from-set', set: smallest.set };
}

/** Whether the filters match at least one in MIN_DENSITY events in date order, from samples of SAMPLES events. */
function denseInDateOrder(db: Db, plan: EventPlan, keyset: SQL): boolean {
  const first = dateRanges(plan)[0] as { index: SQL; condition: SQL };
  for (const size of SAMPLES) {
    const sample = db.get<{ scanned: number; matched: number }>(
      sql`SELECT count(*) AS scanned, coalesce(sum(pass), 0) AS matched FROM (
            SELECT (${plan.where}) AS pass FROM ${events} ${e} INDEXED BY events_date_idx WHERE ${first.condition}${keyset}
            ORDER BY ${e.date_start}, ${e.id} LIMIT ${size})`,
    );
    if (!sample || sample.matched * MIN_DENSITY >= size || sample.scanned < size) return true;
  }
  return false;
}
