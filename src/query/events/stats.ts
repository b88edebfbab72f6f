import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { actors, casualtyReports, claimEvents, eventActors, events, locations } from '../../db/schema.js';
import type { EventStats, EventStatsQuery, StatsGroup, StatsRow } from '../../schemas/stats.js';
import { type FatalityInput, fatalityRange } from '../casualties.js';
import { nameMeta, resolveFilters } from '../filters.js';
import { type FullTextSearch, fullTextSearch } from '../search.js';
import { planEvents } from './plan.js';
import { ce, e, ea, l } from './tables.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Events whose summaries or claims match the full-text search: all of them, since an aggregate is exact. */
function searchedEvents(search: FullTextSearch): SQL {
  return sql`SELECT rowid FROM search_events WHERE search_events MATCH ${search.fts}
             UNION SELECT ${ce.event_id} FROM search_claims JOIN ${claimEvents} ${ce} ON ${ce.claim_id} = search_claims.rowid
             WHERE search_claims MATCH ${search.fts}`;
}

/** Each matching event with the key of its group (an event has one row per actor when grouped by actor). */
function keyedEvents(group: StatsGroup, where: SQL): SQL {
  switch (group) {
    case 'month':
      return sql`SELECT ${e.id} AS event_id, substr(${e.date_start}, 1, 7) AS key FROM ${events} ${e} WHERE ${where}`;
    case 'year':
      return sql`SELECT ${e.id} AS event_id, substr(${e.date_start}, 1, 4) AS key FROM ${events} ${e} WHERE ${where}`;
    case 'event_type':
      return sql`SELECT ${e.id} AS event_id, ${e.event_type} AS key FROM ${events} ${e} WHERE ${where}`;
    case 'actor':
      return sql`SELECT DISTINCT ${e.id} AS event_id, ${ea.actor_id} AS key FROM ${events} ${e}
                 JOIN ${eventActors} ${ea} ON ${ea.event_id} = ${e.id} WHERE ${where}`;
    case 'admin1':
      // The governorate above each place, found downwards from every governorate.
      return sql`WITH RECURSIVE admin1(id, admin1) AS (
                   SELECT ${locations.id}, ${locations.id} FROM ${locations} WHERE ${locations.kind} = 'governorate'
                   UNION ALL SELECT ${l.id}, admin1.admin1 FROM ${locations} ${l} JOIN admin1 ON ${l.parent_id} = admin1.id
                 )
                 SELECT ${e.id} AS event_id, admin1.admin1 AS key FROM ${events} ${e}
                 LEFT JOIN admin1 ON admin1.id = ${e.location_id} WHERE ${where}`;
  }
}

/** Labels of the keys: month names, or the names of the governorates and actors. */
function labelsOf(db: Db, group: StatsGroup, keys: (string | number | null)[]): (key: string | number | null) => string {
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
  const filters = resolveFilters(db, query);
  const plan = planEvents(query, filters);
  const search = fullTextSearch(query.q);
  const where = search ? sql`${plan.where} AND ${e.id} IN (${searchedEvents(search)})` : plan.where;
  const keyed = db.all<{ event_id: number; key: string | number | null }>(keyedEvents(query.group_by, where));
  const reports = db.all<Omit<FatalityInput, 'victim_actor'> & { event_id: number; victim_actor_id: number | null }>(
    sql`SELECT ${casualtyReports.event_id} AS event_id, ${casualtyReports.claim_id} AS claim_id, ${casualtyReports.outcome} AS outcome,
               ${casualtyReports.subset_of_id} AS subset_of_id, ${casualtyReports.qualifier} AS qualifier, ${casualtyReports.count_low} AS count_low,
               ${casualtyReports.count_high} AS count_high, ${casualtyReports.victim_group} AS victim_group, ${casualtyReports.victim_actor_id} AS victim_actor_id
        FROM ${casualtyReports} WHERE ${casualtyReports.outcome} = 'killed' AND ${casualtyReports.subset_of_id} IS NULL
          AND ${casualtyReports.event_id} IN (SELECT ${e.id} FROM ${events} ${e} WHERE ${where})`,
  );
  const byEvent = new Map<number, FatalityInput[]>();
  for (const { event_id, victim_actor_id, ...r } of reports) {
    const list = byEvent.get(event_id) ?? [];
    list.push({ ...r, victim_actor: victim_actor_id === null ? null : { id: victim_actor_id } });
    byEvent.set(event_id, list);
  }
  const fatalities = new Map([...byEvent].map(([id, list]) => [id, fatalityRange(list)]));
  const groups = new Map<string | number | null, Omit<StatsRow, 'label'>>();
  const seen = new Set<number>();
  for (const { event_id, key } of keyed) {
    seen.add(event_id);
    const row = groups.get(key) ?? { key, events: 0, fatalities_low: 0, fatalities_high: 0 };
    const f = fatalities.get(event_id) ?? { low: 0, high: 0 };
    row.events += 1;
    row.fatalities_low += f.low;
    row.fatalities_high = row.fatalities_high === null || f.high === null ? null : row.fatalities_high + f.high;
    groups.set(key, row);
  }
  const label = labelsOf(db, query.group_by, [...groups.keys()]);
  const data = [...groups.values()].map((g) => ({ ...g, label: label(g.key) }));
  const chronological = query.group_by === 'month' || query.group_by === 'year';
  data.sort((a, b) =>
    chronological
      ? String(a.key).localeCompare(String(b.key))
      : b.events - a.events || Number(a.key === null) - Number(b.key === null) || a.label.localeCompare(b.label),
  );
  // Grouped by actor, an event without actors is in no group but still matches.
  const matching =
    query.group_by === 'actor' ? (db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${events} ${e} WHERE ${where}`)?.n ?? 0) : seen.size;
  return { data, meta: { group_by: query.group_by, events: matching, ...nameMeta(filters) } };
}
