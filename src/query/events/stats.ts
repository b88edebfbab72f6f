import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { actors, claimEvents, eventActors, eventSummaries, events, locations } from '../../db/schema.js';
import type { EventStats, EventStatsQuery, StatsGroup, StatsRow } from '../../schemas/stats.js';
import { nameMeta, resolveFilters } from '../filters.js';
import { type FullTextSearch, fullTextSearch } from '../search.js';
import { chooseStrategy, type EventPlan, planEvents, setsBySize } from './plan.js';
import { compound, rangeArms } from './ranges.js';
import { ce, e, ea } from './tables.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Events whose summaries or claims match the full-text search: all of them, since an aggregate is exact. */
function searchedEvents(search: FullTextSearch): SQL {
  return sql`SELECT rowid FROM search_events WHERE search_events MATCH ${search.fts}
             UNION SELECT ${ce.event_id} FROM search_claims JOIN ${claimEvents} ${ce} ON ${ce.claim_id} = search_claims.rowid
             WHERE search_claims MATCH ${search.fts}`;
}

const s = alias(eventSummaries, 's');

/**
 * Each matching event with the key of its group (an event has one row per actor when grouped by actor), from
 * `matched`: a SELECT of the matching events' `id` and `date_start`.
 */
function keyedEvents(group: StatsGroup, matched: SQL): SQL {
  switch (group) {
    case 'month':
      return sql`SELECT m.id AS event_id, substr(m.date_start, 1, 7) AS key FROM (${matched}) m`;
    case 'year':
      return sql`SELECT m.id AS event_id, substr(m.date_start, 1, 4) AS key FROM (${matched}) m`;
    case 'event_type':
      return sql`SELECT m.id AS event_id, ${e.event_type} AS key FROM (${matched}) m CROSS JOIN ${events} ${e} ON ${e.id} = m.id`;
    case 'actor':
      return sql`SELECT DISTINCT m.id AS event_id, ${ea.actor_id} AS key FROM (${matched}) m
                 CROSS JOIN ${eventActors} ${ea} ON ${ea.event_id} = m.id`;
    case 'admin1':
      // The governorate is in the read model.
      return sql`SELECT m.id AS event_id, NULL AS key FROM (${matched}) m`;
  }
}

/**
 * The matching events (`id`, `date_start`). With an actor or a place filter,
 * read from its closure ranges with the other filters checked on each entry,
 * as a page of GET /events is: month and year need no event row then. On a
 * 200,000-event file that took the slowest yearly count of the most active
 * actors from 152 to 61 ms. Otherwise the smallest set filter drives:
 * without it SQLite would check the filters on every event (3 s for a popular
 * actor on that file).
 */
function matchingEvents(db: Db, plan: EventPlan, search: FullTextSearch | undefined): SQL {
  const searched = search ? sql` AND id IN (${searchedEvents(search)})` : sql``;
  const strategy = chooseStrategy(db, plan, sql``);
  if (strategy.kind === 'ranges') {
    return sql`SELECT id, date_start FROM (${compound(rangeArms(plan, strategy.set, null, true), strategy.set.disjoint)}) WHERE 1 = 1${searched}`;
  }
  const driver = setsBySize(db, plan)[0]?.set;
  const parts = [plan.where];
  if (driver) parts.push(sql`${e.id} IN (${driver.events})`);
  if (search) parts.push(sql`${e.id} IN (${searchedEvents(search)})`);
  return sql`SELECT ${e.id} AS id, ${e.date_start} AS date_start FROM ${events} ${e} WHERE ${sql.join(parts, sql` AND `)}`;
}

/** Labels of the keys: month names, or the names of the governorates and actors. */
function labelsOf(db: Db, group: StatsGroup, keys: StatsRow['key'][]): (key: string | number | null) => string {
  if (group === 'month') return (key) => `${MONTHS[Number(String(key).slice(5, 7)) - 1]} ${String(key).slice(0, 4)}`;
  if (group === 'admin1' || group === 'actor') {
    const table = group === 'admin1' ? locations : actors;
    const ids = keys.filter((k): k is number => typeof k === 'number');
    const rows = db.all<{ id: number; name: string }>(
      sql`SELECT ${table.id} AS id, ${table.name} AS name FROM ${table} WHERE ${table.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return (key) => (key === null ? 'No governorate' : (names.get(key as number) ?? String(key)));
  }
  return (key) => String(key);
}

/**
 * GET /events/stats: the matching events counted per group, exactly, with the
 * sums of their fatality ranges (each event's range as GET /events gives it).
 */
export function findEventStats(db: Db, query: EventStatsQuery): EventStats {
  const filters = resolveFilters(db, query, 'outermost');
  const plan = planEvents(query, filters);
  const search = fullTextSearch(query.q);
  const matched = matchingEvents(db, plan, search);
  // Sums over the read model's per-event fatality ranges (src/db/read-model.ts): one pass, no casualty report read.
  const groups = db.all<Omit<StatsRow, 'label'>>(
    sql`SELECT ${query.group_by === 'admin1' ? sql`${s.admin1_id}` : sql`k.key`} AS key, count(*) AS events,
               coalesce(sum(${s.fatalities_low}), 0) AS fatalities_low,
               CASE WHEN max(${s.has_fatalities} AND ${s.fatalities_high} IS NULL) THEN NULL ELSE coalesce(sum(${s.fatalities_high}), 0) END AS fatalities_high
        FROM (${keyedEvents(query.group_by, matched)}) k CROSS JOIN ${eventSummaries} ${s} ON ${s.event_id} = k.event_id GROUP BY 1`,
  );
  const label = labelsOf(
    db,
    query.group_by,
    groups.map((g) => g.key),
  );
  const data = groups.map((g) => ({ ...g, label: label(g.key) }));
  const chronological = query.group_by === 'month' || query.group_by === 'year';
  data.sort((a, b) =>
    chronological
      ? String(a.key).localeCompare(String(b.key))
      : b.events - a.events || Number(a.key === null) - Number(b.key === null) || a.label.localeCompare(b.label),
  );
  // Grouped by actor, an event without actors is in no group but still matches.
  const matching =
    query.group_by === 'actor'
      ? (db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${matched})`)?.n ?? 0)
      : groups.reduce((n, g) => n + g.events, 0);
  return { data, meta: { group_by: query.group_by, events: matching, ...nameMeta(filters) } };
}
