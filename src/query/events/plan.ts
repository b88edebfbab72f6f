import { type SQL, sql } from 'drizzle-orm';
import { SPAN_CLASS_DAYS, spanClass } from '../../db/checks.js';
import type { Db } from '../../db/client.js';
import { claimEvents, claims, eventActors, events } from '../../db/schema.js';
import type { EventFilterQuery } from '../../schemas/events.js';
import { inIds, type ResolvedFilters } from '../filters.js';
import { c, ce, e, ea } from './tables.js';

/** A filter that names a set of ids: the events it allows, listed from its own index. */
export interface SetFilter {
  name: 'actor' | 'place' | 'claimant' | 'article';
  /** `SELECT ... AS id`: the events the filter allows. */
  events: SQL;
  /** True when `events` never repeats an id (so no DISTINCT is needed). */
  unique: boolean;
  /** How many index entries the filter has, counted up to DRIVER_LIMIT + 1. */
  estimate: SQL;
}

/** GET /events filters, as row conditions and as the sets of ids some of them name. */
export interface EventPlan {
  /** Every filter as a condition on the event row `e`; set filters are correlated EXISTS checks, never materialised. */
  where: SQL;
  sets: SetFilter[];
  placeIds?: number[];
  from?: string;
  to?: string;
  /** True when `where` reads no column of `e` but id, location_id and date_start (the (location, date) index holds them). */
  indexOnly: boolean;
  /** False when there is no filter at all (`where` is always true and names no column). */
  filtered: boolean;
}

/** How a page of events is read; the choice depends on how many events each filter allows. */
export type Strategy =
  | { kind: 'date-order'; indexedByDate: boolean }
  | { kind: 'by-place'; placeIds: number[] }
  | { kind: 'from-set'; set: SetFilter };

/** A set filter with at most this many index entries drives the query: its events are read, checked and sorted. */
export const DRIVER_LIMIT = 2000;
/** Up to this many places are read place by place from the (location, date) index, each already in list order. */
export const ORDERED_PLACES = 16;
/**
 * Events read in list order to tell whether a date-ordered scan fills a page
 * soon: at least one match in MIN_DENSITY events of the first sample, or of the
 * second (so a page of 50 within some 10,000 events).
 */
const SAMPLES = [200, 2000];
const MIN_DENSITY = 200;

const ROLE_ACTORS: Record<'actor1' | 'actor2', string[]> = { actor1: ['actor1', 'assoc_actor_1'], actor2: ['actor2', 'assoc_actor_2'] };

const capped = (rows: SQL) => sql`SELECT count(*) AS n FROM (${rows} LIMIT ${DRIVER_LIMIT + 1})`;

/** The conditions for GET /events. */
export function planEvents(query: EventFilterQuery, filters: ResolvedFilters): EventPlan {
  const parts: SQL[] = [sql`1 = 1`];
  const sets: SetFilter[] = [];
  if (filters.actorIds) {
    const roles =
      query.actor_role && query.actor_role !== 'any'
        ? sql` AND ${ea.role} IN (SELECT value FROM json_each(${JSON.stringify(ROLE_ACTORS[query.actor_role])}))`
        : sql``;
    const actors = sql`${inIds(ea.actor_id, filters.actorIds)}${roles}`;
    parts.push(sql`EXISTS (SELECT 1 FROM ${eventActors} ${ea} WHERE ${ea.event_id} = ${e.id} AND ${actors})`);
    sets.push({
      name: 'actor',
      unique: false,
      events: sql`SELECT ${ea.event_id} AS id FROM ${eventActors} ${ea} WHERE ${actors}`,
      estimate: capped(sql`SELECT 1 FROM ${eventActors} ${ea} WHERE ${actors}`),
    });
  }
  if (filters.placeIds) {
    parts.push(inIds(e.location_id, filters.placeIds));
    sets.push({
      name: 'place',
      unique: true,
      events: sql`SELECT ${events.id} FROM ${events} WHERE ${inIds(events.location_id, filters.placeIds)}`,
      estimate: capped(sql`SELECT 1 FROM ${events} WHERE ${inIds(events.location_id, filters.placeIds)}`),
    });
  }
  const byClaims = (name: 'claimant' | 'article', column: SQL, ids: number[]) => {
    parts.push(
      sql`EXISTS (SELECT 1 FROM ${claimEvents} ${ce} JOIN ${claims} ${c} ON ${c.id} = ${ce.claim_id} WHERE ${ce.event_id} = ${e.id} AND ${inIds(column, ids)})`,
    );
    sets.push({
      name,
      unique: false,
      events: sql`SELECT ${ce.event_id} AS id FROM ${claims} ${c} JOIN ${claimEvents} ${ce} ON ${ce.claim_id} = ${c.id} WHERE ${inIds(column, ids)}`,
      estimate: capped(sql`SELECT 1 FROM ${claims} ${c} WHERE ${inIds(column, ids)}`),
    });
  };
  if (filters.claimantIds) byClaims('claimant', sql`${c.claimant_id}`, filters.claimantIds);
  if (filters.articleIds) byClaims('article', sql`${c.article_id}`, filters.articleIds);
  if (query.from) parts.push(sql`${e.date_end} >= ${query.from}`);
  if (query.to) parts.push(sql`${e.date_start} <= ${query.to}`);
  if (query.event_type) parts.push(sql`${e.event_type} = ${query.event_type}`);
  if (query.sub_event_type) parts.push(sql`${e.sub_event_type} = ${query.sub_event_type}`);
  return {
    where: sql.join(parts, sql` AND `),
    sets,
    placeIds: filters.placeIds,
    from: query.from,
    to: query.to,
    indexOnly: !query.from && !query.event_type && !query.sub_event_type,
    filtered: parts.length > 1,
  };
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The date filter as ranges of an index, each in list order. Events that start
 * inside [from, to] are one range of events_date_idx; events that started
 * earlier and still run at `from` are found per span class (events_span_idx),
 * where a class of spans of at most N days only needs the N days before `from`.
 */
export function dateRanges(plan: EventPlan): { index: SQL; condition: SQL }[] {
  const byDate = sql.raw('events_date_idx');
  const to = plan.to ? sql` AND ${e.date_start} <= ${plan.to}` : sql``;
  if (!plan.from) return [{ index: byDate, condition: plan.to ? sql`${e.date_start} <= ${plan.to}` : sql`1 = 1` }];
  const from = plan.from;
  const span = spanClass(sql`${e.date_start}`, sql`${e.date_end}`);
  const bySpan = sql.raw('events_span_idx');
  return [
    { index: byDate, condition: sql`${e.date_start} >= ${from}${to}` },
    ...SPAN_CLASS_DAYS.slice(1).map((days, i) => ({
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(i + 1))} AND ${e.date_start} >= ${daysBefore(from, days)} AND ${e.date_start} < ${from} AND ${e.date_end} >= ${from}`,
    })),
    {
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(SPAN_CLASS_DAYS.length))} AND ${e.date_start} < ${from} AND ${e.date_end} >= ${from}`,
    },
  ];
}

export function chooseStrategy(db: Db, plan: EventPlan, keyset: SQL): Strategy {
  if (plan.sets.length === 0) return { kind: 'date-order', indexedByDate: false };
  const estimated = plan.sets
    .map((set) => ({ set, n: db.get<{ n: number }>(set.estimate)?.n ?? 0 }))
    // On a tie the place filter comes first: its index yields event ids directly.
    .sort((a, b) => a.n - b.n || Number(b.set.name === 'place') - Number(a.set.name === 'place'));
  const smallest = estimated[0]?.set as SetFilter;
  if ((estimated[0]?.n ?? 0) <= DRIVER_LIMIT) return { kind: 'from-set', set: smallest };
  if (!plan.from && plan.placeIds && plan.placeIds.length <= ORDERED_PLACES) {
    return { kind: 'by-place', placeIds: plan.placeIds };
  }
  // Every filter allows many events: read in list order when matches are not rare there (a short sample, then a
  // longer one), else sort the smallest set.
  const first = dateRanges(plan)[0] as { index: SQL; condition: SQL };
  for (const size of SAMPLES) {
    const sample = db.get<{ scanned: number; matched: number }>(
      sql`SELECT count(*) AS scanned, coalesce(sum(pass), 0) AS matched FROM (
            SELECT (${plan.where}) AS pass FROM ${events} ${e} INDEXED BY events_date_idx WHERE ${first.condition}${keyset}
            ORDER BY ${e.date_start}, ${e.id} LIMIT ${size})`,
    );
    if (!sample || sample.matched * MIN_DENSITY >= size || sample.scanned < size) return { kind: 'date-order', indexedByDate: true };
  }
  return { kind: 'from-set', set: smallest };
}
