import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type Db, sqliteOf } from './client.js';
import { eventsBelow, rebuildEventClosures, refreshEventClosures } from './closures.js';
import { actors, casualtyReports, claimEvents, claims, eventActors, eventSummaries, events, locations, meta } from './schema.js';

const cr = alias(casualtyReports, 'cr');
const ev = alias(events, 'ev');
const place = alias(locations, 'place');
const parent = alias(locations, 'parent');
const ea = alias(eventActors, 'ea');
const ce = alias(claimEvents, 'ce');
const c = alias(claims, 'c');

/**
 * Bumped when what the read model holds changes: a file built by another
 * version is rebuilt at start-up. 1: `event_summaries`; 2: and the closure
 * tables (src/db/closures.ts); 3: summaries hold each event's actors,
 * claimants, certainties and admin areas.
 */
const READ_MODEL_KEY = 'read_model_version';
const READ_MODEL_VERSION = '3';

/**
 * The read model: per event, what every page of events and every aggregate
 * would otherwise recompute per request (its fatality range from the claims'
 * casualty reports, its claim count, the governorate its place lies in),
 * stored once in `event_summaries`, and the closure tables that make the
 * events of a place or an actor, with everything below it, one ordered index
 * range (src/db/closures.ts). It follows every change to published data in
 * the same transaction (followChange, called by src/write/service.ts), the
 * seed loader refreshes what it wrote, and the generator builds it whole.
 *
 * The fatality range is the one GET /events documents (fatalityRange in
 * src/query/casualties.ts), in SQL: per victim side and claim the killed
 * figures are added; per side `low` is the lowest sum a claim gives as a
 * number and `high` the highest (none when a figure is open-ended or vague);
 * the sides are added. Subsets ("including 7 children") are not added again.
 */
function summariesOf(scope: SQL): SQL {
  // The nearest place of a kind on the way up from the event's place (itself included).
  const areaOf = (kind: string) =>
    sql`(SELECT up.id FROM up WHERE up.location_id = ${ev.location_id} AND up.kind = ${kind} ORDER BY up.depth LIMIT 1)`;
  const side = sql`coalesce('actor:' || ${cr.victim_actor_id}, 'group:' || lower(coalesce(${cr.victim_group}, '')))`;
  return sql`WITH RECURSIVE
    up(location_id, id, parent_id, kind, depth) AS (
      SELECT ${place.id}, ${place.id}, ${place.parent_id}, ${place.kind}, 0 FROM ${locations} ${place}
      WHERE ${place.id} IN (SELECT ${ev.location_id} FROM ${events} ${ev} WHERE ${scope})
      UNION ALL SELECT up.location_id, ${parent.id}, ${parent.parent_id}, ${parent.kind}, up.depth + 1
      FROM up JOIN ${locations} ${parent} ON ${parent.id} = up.parent_id
    ),
    per_claim(event_id, side, low, high, numeric) AS (
      SELECT ${cr.event_id}, ${side}, sum(coalesce(${cr.count_low}, 0)),
             CASE WHEN max(${cr.qualifier} = 'vague' OR ${cr.count_high} IS NULL) THEN NULL ELSE sum(${cr.count_high}) END,
             max(${cr.qualifier} <> 'vague')
      FROM ${casualtyReports} ${cr}
      WHERE ${cr.outcome} = 'killed' AND ${cr.subset_of_id} IS NULL
        AND ${cr.event_id} IN (SELECT ${ev.id} FROM ${events} ${ev} WHERE ${scope})
      GROUP BY ${cr.event_id}, 2, ${cr.claim_id}
    ),
    per_side(event_id, low, high) AS (
      SELECT event_id, coalesce(min(CASE WHEN numeric THEN low END), 0), CASE WHEN max(high IS NULL) THEN NULL ELSE max(high) END
      FROM per_claim GROUP BY event_id, side
    ),
    per_event(event_id, low, high) AS (
      SELECT event_id, sum(low), CASE WHEN max(high IS NULL) THEN NULL ELSE sum(high) END FROM per_side GROUP BY event_id
    ),
    -- One pass over each event's claims gives their count, claimants and certainties.
    event_claims(event_id, claim_count, claimant_ids, certainties) AS (
      SELECT ${ce.event_id}, count(*), json_group_array(DISTINCT ${c.claimant_id} ORDER BY ${c.claimant_id}),
             json_group_array(DISTINCT ${c.certainty} ORDER BY ${c.certainty})
      FROM ${claimEvents} ${ce} CROSS JOIN ${claims} ${c} ON ${c.id} = ${ce.claim_id}
      WHERE ${ce.event_id} IN (SELECT ${ev.id} FROM ${events} ${ev} WHERE ${scope})
      GROUP BY ${ce.event_id}
    )
    SELECT ${ev.id} AS event_id, coalesce(event_claims.claim_count, 0) AS claim_count,
           per_event.event_id IS NOT NULL AS has_fatalities, coalesce(per_event.low, 0) AS fatalities_low,
           CASE WHEN per_event.event_id IS NULL THEN 0 ELSE per_event.high END AS fatalities_high,
           ${areaOf('governorate')} AS admin1_id, ${areaOf('country')} AS country_id,
           ${areaOf('district')} AS admin2_id, ${areaOf('subdistrict')} AS admin3_id,
           (SELECT json_group_array(json_array(${ea.actor_id}, ${ea.role}) ORDER BY ${ea.role}, ${ea.actor_id})
              FROM ${eventActors} ${ea} WHERE ${ea.event_id} = ${ev.id}) AS actor_roles,
           coalesce(event_claims.claimant_ids, '[]') AS claimant_ids, coalesce(event_claims.certainties, '[]') AS certainties
    FROM ${events} ${ev} LEFT JOIN per_event ON per_event.event_id = ${ev.id}
    LEFT JOIN event_claims ON event_claims.event_id = ${ev.id} WHERE ${scope}`;
}

const summaryColumns = sql`(${sql.raw(
  [
    'event_id',
    'claim_count',
    'has_fatalities',
    'fatalities_low',
    'fatalities_high',
    'admin1_id',
    'country_id',
    'admin2_id',
    'admin3_id',
    'actor_roles',
    'claimant_ids',
    'certainties',
  ]
    .map((column) => `"${column}"`)
    .join(', '),
)})`;

/** Recomputes the summaries of these events from the published tables (events that are gone lose theirs). */
export function refreshEventSummaries(db: Db, eventIds: Iterable<number>): void {
  const ids = JSON.stringify([...new Set(eventIds)]);
  if (ids === '[]') return;
  db.run(sql`DELETE FROM ${eventSummaries} WHERE ${eventSummaries.event_id} IN (SELECT value FROM json_each(${ids}))`);
  db.run(sql`INSERT INTO ${eventSummaries} ${summaryColumns} ${summariesOf(sql`${ev.id} IN (SELECT value FROM json_each(${ids}))`)}`);
}

/** The summaries as they should be, computed from scratch: what a full rebuild writes, and what the tests compare with. */
export function recomputedSummaries(db: Db): (typeof eventSummaries.$inferSelect)[] {
  type Stored = typeof eventSummaries.$inferSelect;
  type Raw = Omit<Stored, 'has_fatalities' | 'actor_roles' | 'claimant_ids' | 'certainties'> & {
    has_fatalities: number;
    actor_roles: string;
    claimant_ids: string;
    certainties: string;
  };
  return db.all<Raw>(sql`SELECT * FROM (${summariesOf(sql`1 = 1`)}) ORDER BY event_id`).map((r) => ({
    ...r,
    has_fatalities: r.has_fatalities === 1,
    actor_roles: JSON.parse(r.actor_roles),
    claimant_ids: JSON.parse(r.claimant_ids),
    certainties: JSON.parse(r.certainties),
  }));
}

/** Rebuilds the whole read model (the generator, after its bulk load; a file from an older build, at start-up), in one transaction. */
export function rebuildReadModel(db: Db): void {
  sqliteOf(db).transaction(() => {
    db.run(sql`DELETE FROM ${eventSummaries}`);
    db.run(sql`INSERT INTO ${eventSummaries} ${summaryColumns} ${summariesOf(sql`1 = 1`)}`);
    rebuildEventClosures(db);
    db.insert(meta)
      .values({ key: READ_MODEL_KEY, value: READ_MODEL_VERSION })
      .onConflictDoUpdate({ target: meta.key, set: { value: READ_MODEL_VERSION } })
      .run();
  })();
}

/** Builds the read model when the file's was made by another version (or none: a file migrated from an older build). */
export function ensureReadModel(db: Db): boolean {
  if (db.select({ value: meta.value }).from(meta).where(eq(meta.key, READ_MODEL_KEY)).get()?.value === READ_MODEL_VERSION) return false;
  rebuildReadModel(db);
  return true;
}

/** Every part of the read model of these events, recomputed. */
export function refreshReadModel(db: Db, eventIds: Iterable<number>): void {
  const ids = [...new Set(eventIds)];
  refreshEventSummaries(db, ids);
  refreshEventClosures(db, ids);
}

/** What the read model reads of a place or an actor: its parent, and a place's kind (for its governorate). */
function treeShape(db: Db, table: 'locations' | 'actors', id: number): { parent: number | null; kind: string | null } | null {
  const t = table === 'locations' ? locations : actors;
  const row = db.select({ parent: t.parent_id, kind: t.kind }).from(t).where(eq(t.id, id)).get();
  return row ? { parent: row.parent, kind: table === 'locations' ? row.kind : null } : null;
}

/**
 * Changes one published row and brings the read model along, in the caller's
 * transaction. What is refreshed, read before and after the change so that
 * events a row leaves are refreshed too:
 * - an event: its summary and closure rows;
 * - a claim, a casualty report: the summaries of their events;
 * - a place given another parent or kind: the summaries (governorate) of every
 *   event below it (the closure's range of the place, which a change of its
 *   own parent leaves as it is), and with another parent their place closures;
 * - an actor given another parent: the actor closures of every event below it.
 * Renaming a place or an actor touches no event. Moving one rewrites about
 * five rows for each event below it, in the write's transaction: on a
 * 200,000-event file on a loaded machine, 1.5-2.4 s for a governorate of
 * 32,000 events, 1.8-3.7 s for an actor with 53,000 (ten times that at
 * 2.5 M events).
 */
export function followChange(db: Db, table: string, id: number, change: () => void): void {
  const eventsOf = (query: SQL) => db.all<{ id: number }>(query).map((r) => r.id);
  const claimEventsOf = () => eventsOf(sql`SELECT ${claimEvents.event_id} AS id FROM ${claimEvents} WHERE ${claimEvents.claim_id} = ${id}`);
  const reportEventOf = () =>
    eventsOf(sql`SELECT ${casualtyReports.event_id} AS id FROM ${casualtyReports} WHERE ${casualtyReports.id} = ${id}`);
  if (table === 'events') {
    change();
    refreshReadModel(db, [id]);
  } else if (table === 'claims' || table === 'casualty_reports') {
    const of = table === 'claims' ? claimEventsOf : reportEventOf;
    const before = of();
    change();
    refreshEventSummaries(db, [...before, ...of()]);
  } else if (table === 'locations' || table === 'actors') {
    const before = treeShape(db, table, id);
    change();
    const after = treeShape(db, table, id);
    const moved = before?.parent !== after?.parent;
    if (!moved && before?.kind === after?.kind) return;
    const below = eventsBelow(db, table, id);
    if (table === 'locations') refreshEventSummaries(db, below);
    if (moved) refreshEventClosures(db, below, table === 'locations' ? 'places' : 'actors');
  } else {
    change();
  }
}

/** The parent (and, for places, kind) of every actor and place: taken before a bulk write, given to eventsMovedSince after it. */
export function treeShapes(db: Db): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const r of db.select({ id: actors.id, parent: actors.parent_id }).from(actors).all()) shapes.set(`actors:${r.id}`, `${r.parent}`);
  for (const r of db.select({ id: locations.id, parent: locations.parent_id, kind: locations.kind }).from(locations).all()) {
    shapes.set(`locations:${r.id}`, `${r.parent} ${r.kind}`);
  }
  return shapes;
}

/** The events below every actor or place that moved (or changed kind) since `before` was taken: those whose read model is stale. */
export function eventsMovedSince(db: Db, before: Map<string, string>): number[] {
  const after = treeShapes(db);
  const moved: number[] = [];
  for (const [key, shape] of before) {
    if (after.get(key) === shape) continue;
    const [table, id] = key.split(':') as ['actors' | 'locations', string];
    moved.push(...eventsBelow(db, table, Number(id)));
  }
  return moved;
}
