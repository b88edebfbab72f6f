import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { casualtyReports, claimEvents, eventSummaries, events, locations, meta } from './schema.js';

const cr = alias(casualtyReports, 'cr');
const ev = alias(events, 'ev');
const place = alias(locations, 'place');
const parent = alias(locations, 'parent');

/** Bumped when what `event_summaries` holds changes: a file built by another version is rebuilt at start-up. */
const READ_MODEL_KEY = 'read_model_version';
const READ_MODEL_VERSION = '1';

/**
 * The read model: per event, what every page of events and every aggregate
 * would otherwise recompute per request (its fatality range from the claims'
 * casualty reports, its claim count, the governorate its place lies in),
 * stored once in `event_summaries`. It follows every change to published data
 * in the same transaction (src/write/service.ts calls refreshEventSummaries),
 * and the seed loader and the generator build it whole.
 *
 * The fatality range is the one GET /events documents (fatalityRange in
 * src/query/casualties.ts), in SQL: per victim side and claim the killed
 * figures are added; per side `low` is the lowest sum a claim gives as a
 * number and `high` the highest (none when a figure is open-ended or vague);
 * the sides are added. Subsets ("including 7 children") are not added again.
 */
function summariesOf(scope: SQL): SQL {
  const side = sql`coalesce('actor:' || ${cr.victim_actor_id}, 'group:' || lower(coalesce(${cr.victim_group}, '')))`;
  return sql`WITH RECURSIVE
    up(location_id, id, parent_id, kind) AS (
      SELECT ${place.id}, ${place.id}, ${place.parent_id}, ${place.kind} FROM ${locations} ${place}
      WHERE ${place.id} IN (SELECT ${ev.location_id} FROM ${events} ${ev} WHERE ${scope})
      UNION ALL SELECT up.location_id, ${parent.id}, ${parent.parent_id}, ${parent.kind}
      FROM up JOIN ${locations} ${parent} ON ${parent.id} = up.parent_id WHERE up.kind <> 'governorate'
    ),
    admin1(location_id, id) AS (SELECT location_id, id FROM up WHERE kind = 'governorate'),
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
    )
    SELECT ${ev.id} AS event_id, (SELECT count(*) FROM ${claimEvents} WHERE ${claimEvents.event_id} = ${ev.id}) AS claim_count,
           per_event.event_id IS NOT NULL AS has_fatalities, coalesce(per_event.low, 0) AS fatalities_low,
           CASE WHEN per_event.event_id IS NULL THEN 0 ELSE per_event.high END AS fatalities_high,
           (SELECT admin1.id FROM admin1 WHERE admin1.location_id = ${ev.location_id}) AS admin1_id
    FROM ${events} ${ev} LEFT JOIN per_event ON per_event.event_id = ${ev.id} WHERE ${scope}`;
}

const summaryColumns = sql`(${sql.raw(
  ['event_id', 'claim_count', 'has_fatalities', 'fatalities_low', 'fatalities_high', 'admin1_id'].map((c) => `"${c}"`).join(', '),
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
  return db
    .all<Omit<typeof eventSummaries.$inferSelect, 'has_fatalities'> & { has_fatalities: number }>(
      sql`SELECT * FROM (${summariesOf(sql`1 = 1`)}) ORDER BY event_id`,
    )
    .map((r) => ({ ...r, has_fatalities: r.has_fatalities === 1 }));
}

/** Rebuilds every summary (the generator, after its bulk load; a file from an older build, at start-up). */
export function rebuildReadModel(db: Db): void {
  db.run(sql`DELETE FROM ${eventSummaries}`);
  db.run(sql`INSERT INTO ${eventSummaries} ${summaryColumns} ${summariesOf(sql`1 = 1`)}`);
  db.insert(meta)
    .values({ key: READ_MODEL_KEY, value: READ_MODEL_VERSION })
    .onConflictDoUpdate({ target: meta.key, set: { value: READ_MODEL_VERSION } })
    .run();
}

/** Builds the read model when the file's was made by another version (or none: a file migrated from an older build). */
export function ensureReadModel(db: Db): boolean {
  if (db.select({ value: meta.value }).from(meta).where(eq(meta.key, READ_MODEL_KEY)).get()?.value === READ_MODEL_VERSION) return false;
  rebuildReadModel(db);
  return true;
}

/**
 * The events whose summaries a change to one published row may alter: the
 * event itself, a claim's or a casualty report's events, every event placed in
 * a place's subtree (its governorate may change). Called before and after the
 * change, so events a row leaves are refreshed too.
 */
export function eventsTouchedBy(db: Db, table: string, id: number): number[] {
  const ids = (query: SQL) => db.all<{ id: number }>(query).map((r) => r.id);
  switch (table) {
    case 'events':
      return [id];
    case 'claims':
      return ids(sql`SELECT ${claimEvents.event_id} AS id FROM ${claimEvents} WHERE ${claimEvents.claim_id} = ${id}`);
    case 'casualty_reports':
      return ids(sql`SELECT ${casualtyReports.event_id} AS id FROM ${casualtyReports} WHERE ${casualtyReports.id} = ${id}`);
    case 'locations':
      return ids(sql`WITH RECURSIVE tree(id) AS (SELECT ${id} UNION ALL SELECT ${place.id} FROM ${locations} ${place} JOIN tree ON ${place.parent_id} = tree.id)
                     SELECT ${events.id} AS id FROM ${events} WHERE ${events.location_id} IN (SELECT id FROM tree)`);
    default:
      return [];
  }
}
