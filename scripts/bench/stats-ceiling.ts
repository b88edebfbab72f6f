import type { Database, Statement } from 'better-sqlite3';

const GROUPS = ['month', 'year', 'admin1', 'event_type', 'actor'] as const;
type Group = (typeof GROUPS)[number];
type Filter = 'actor' | 'place';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The events a filter allows: one range of the closure's read index (an actor or a place and everything below it). */
const MATCHING: Record<Filter, string> = {
  actor: 'SELECT event_id, date_start FROM event_actor_closure WHERE actor_id = ?',
  place: 'SELECT event_id, date_start FROM event_place_closure WHERE place_id = ?',
};

/** Each matching event with its group's key (and the name of the governorate or actor); one row per (event, actor) by actor. */
function keyed(group: Group, filter: Filter): string {
  const m = `(${MATCHING[filter]}) m`;
  switch (group) {
    case 'month':
      return `SELECT m.event_id, substr(m.date_start, 1, 7) AS key, NULL AS name FROM ${m}`;
    case 'year':
      return `SELECT m.event_id, substr(m.date_start, 1, 4) AS key, NULL AS name FROM ${m}`;
    case 'event_type':
      return `SELECT m.event_id, e.event_type AS key, NULL AS name FROM ${m} JOIN events e ON e.id = m.event_id`;
    case 'admin1':
      return `SELECT m.event_id, s.admin1_id AS key, l.name AS name FROM ${m} JOIN event_summaries s ON s.event_id = m.event_id
              LEFT JOIN locations l ON l.id = s.admin1_id`;
    case 'actor':
      return `SELECT k.event_id, k.actor_id AS key, a.name AS name
              FROM (SELECT DISTINCT ea.event_id, ea.actor_id FROM ${m} JOIN event_actors ea ON ea.event_id = m.event_id) k
              JOIN actors a ON a.id = k.actor_id`;
  }
}

/** The sums as GET /events/stats defines them: a group's high is null when any of its events has a figure without one. */
const grouped = (group: Group, filter: Filter) =>
  `SELECT k.key, k.name, count(*) AS events, coalesce(sum(s.fatalities_low), 0) AS fatalities_low,
          CASE WHEN max(s.has_fatalities AND s.fatalities_high IS NULL) THEN NULL ELSE coalesce(sum(s.fatalities_high), 0) END AS fatalities_high
   FROM (${keyed(group, filter)}) k JOIN event_summaries s ON s.event_id = k.event_id GROUP BY k.key
   ORDER BY ${group === 'month' || group === 'year' ? 'k.key' : 'events DESC, k.key IS NULL, k.name'}`;

export interface StatsBody {
  data: { key: string | number | null; label: string; events: number; fatalities_low: number; fatalities_high: number | null }[];
  meta: { group_by: string; events: number };
}

/**
 * The raw ceiling of GET /events/stats with one actor or place id: one
 * prepared GROUP BY per grouping and filter over the read model's tables
 * (closures, event_summaries), labels from the same join or a month name. No
 * validation, no name lookup, no planner: null for anything else.
 */
export function statsCeiling(sqlite: Database): (query: Record<string, unknown>) => StatsBody | null {
  const statements = new Map<string, Statement>();
  for (const group of GROUPS)
    for (const filter of ['actor', 'place'] as const) statements.set(`${group}:${filter}`, sqlite.prepare(grouped(group, filter)));
  const counts = {
    actor: sqlite.prepare(`SELECT count(*) FROM (${MATCHING.actor})`).pluck(),
    place: sqlite.prepare(`SELECT count(*) FROM (${MATCHING.place})`).pluck(),
  };
  return (query) => {
    const group = String(query.group_by) as Group;
    const filter: Filter = query.actor !== undefined ? 'actor' : 'place';
    const id = Number(query[filter]);
    const statement = statements.get(`${group}:${filter}`);
    if (!statement || !Number.isInteger(id)) return null;
    const rows = statement.all(id) as (Omit<StatsBody['data'][number], 'label'> & { name: string | null })[];
    const label = (r: (typeof rows)[number]) =>
      group === 'month'
        ? `${MONTHS[Number(String(r.key).slice(5, 7)) - 1]} ${String(r.key).slice(0, 4)}`
        : group === 'admin1' && r.key === null
          ? 'No governorate'
          : (r.name ?? String(r.key));
    const data = rows.map((r) => {
      const { name: _, ...row } = r;
      return { ...row, label: label(r) };
    });
    // Grouped by actor an event counts once per actor, and one without actors in none: the matching events are counted apart.
    const events = group === 'actor' ? (counts[filter].get(id) as number) : data.reduce((n, g) => n + g.events, 0);
    return { data, meta: { group_by: group, events } };
  };
}
