import { type SQL, sql } from 'drizzle-orm';
import { alias, getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ACTOR_SIDES, type ActorSide } from '../domain.js';
import type { Db } from './client.js';
import { actors, eventActorClosure, eventActors, eventPlaceClosure, events, locations } from './schema.js';

const ev = alias(events, 'ev');
const ea = alias(eventActors, 'ea');
const loc = alias(locations, 'loc');
const act = alias(actors, 'act');

/** Which events a statement covers: a condition on an event id column (all events, or those of a JSON list). */
type Scope = (eventId: SQLiteColumn) => SQL;

const allEvents: Scope = () => sql`1 = 1`;
const eventsIn =
  (ids: string): Scope =>
  (eventId) =>
    sql`${eventId} IN (SELECT value FROM json_each(${ids}))`;

/**
 * `event_place_closure` rows: each event with its own location and every
 * place above it. The ancestors are walked once per distinct location (UNION
 * also stops at a cycle, which src/write/rules.ts refuses anyway), then joined
 * to the events, read in id order (NOT INDEXED: the planner would otherwise
 * read them by place through events_location_idx) so that the rows reach the
 * primary key in its order: on a 200,000-event rebuild the insert took 0.70 s
 * of CPU instead of 1.11 s.
 */
function placeRows(scope: Scope): SQL {
  return sql`WITH RECURSIVE up(location_id, place_id) AS (
      SELECT DISTINCT ${ev.location_id}, ${ev.location_id} FROM ${events} ${ev} WHERE ${scope(ev.id)}
      UNION SELECT up.location_id, ${loc.parent_id} FROM up JOIN ${locations} ${loc} ON ${loc.id} = up.place_id
        WHERE ${loc.parent_id} IS NOT NULL
    )
    SELECT ${ev.id} AS event_id, up.place_id AS place_id, ${ev.date_start} AS date_start
    FROM ${events} ${ev} NOT INDEXED CROSS JOIN up ON up.location_id = ${ev.location_id} WHERE ${scope(ev.id)}`;
}

const onSide = (side: ActorSide) => sql`${ea.role} IN (SELECT value FROM json_each(${JSON.stringify(ACTOR_SIDES[side].roles)}))`;
/** The sides mask of a group of links (bit 1: a link on the first side; bit 2: on the second), among links where `which` holds. */
const sidesOf = (which: SQL) =>
  sql`(max(${which} AND ${onSide('actor1')}) * ${ACTOR_SIDES.actor1.bit} + max(${which} AND ${onSide('actor2')}) * ${ACTOR_SIDES.actor2.bit})`;

/**
 * `event_actor_closure` rows: each event with every actor it involves and every
 * actor above those, once per (event, actor), with the sides the actor is on
 * through itself or a sub-actor (`sides`) and through itself (`own_sides`).
 */
function actorRows(scope: Scope): SQL {
  return sql`WITH RECURSIVE up(actor_id, ancestor_id) AS (
      SELECT DISTINCT ${ea.actor_id}, ${ea.actor_id} FROM ${eventActors} ${ea} WHERE ${scope(ea.event_id)}
      UNION SELECT up.actor_id, ${act.parent_id} FROM up JOIN ${actors} ${act} ON ${act.id} = up.ancestor_id
        WHERE ${act.parent_id} IS NOT NULL
    )
    SELECT ${ea.event_id} AS event_id, up.ancestor_id AS actor_id, ${ev.date_start} AS date_start,
           ${sidesOf(sql`1`)} AS sides, ${sidesOf(sql`up.actor_id = up.ancestor_id`)} AS own_sides
    FROM ${eventActors} ${ea} JOIN up ON up.actor_id = ${ea.actor_id} JOIN ${events} ${ev} ON ${ev.id} = ${ea.event_id}
    WHERE ${scope(ea.event_id)}
    GROUP BY ${ea.event_id}, up.ancestor_id, ${ev.date_start}`;
}

const columnList = (...columns: SQLiteColumn[]) =>
  sql`(${sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  )})`;
const placeColumns = columnList(eventPlaceClosure.event_id, eventPlaceClosure.place_id, eventPlaceClosure.date_start);
const actorColumns = columnList(
  eventActorClosure.event_id,
  eventActorClosure.actor_id,
  eventActorClosure.date_start,
  eventActorClosure.sides,
  eventActorClosure.own_sides,
);

/** Recomputes the closures of these events from the published tables (events that are gone lose their rows). */
export function refreshEventClosures(db: Db, eventIds: Iterable<number>, which: 'places' | 'actors' | 'both' = 'both'): void {
  const ids = JSON.stringify([...new Set(eventIds)]);
  if (ids === '[]') return;
  const scope = eventsIn(ids);
  if (which !== 'actors') {
    db.run(sql`DELETE FROM ${eventPlaceClosure} WHERE ${scope(eventPlaceClosure.event_id)}`);
    db.run(sql`INSERT INTO ${eventPlaceClosure} ${placeColumns} ${placeRows(scope)}`);
  }
  if (which !== 'places') {
    db.run(sql`DELETE FROM ${eventActorClosure} WHERE ${scope(eventActorClosure.event_id)}`);
    db.run(sql`INSERT INTO ${eventActorClosure} ${actorColumns} ${actorRows(scope)}`);
  }
}

/** Index names of a table as Drizzle declares them (the primary key's own index is SQLite's and has no SQL). */
const indexNames = (table: SQLiteTable) => getTableConfig(table).indexes.map((i) => i.config.name);

/**
 * Rebuilds both closures whole (the generator after its bulk load; start-up on
 * a file from an older build). Their read indexes are dropped first and made
 * again from the same SQL at the end: one sort of about five rows an event
 * instead of that many inserts at random places of a B-tree. The caller holds
 * a transaction, so a crash never leaves a file without them.
 */
export function rebuildEventClosures(db: Db): void {
  const names = [...indexNames(eventPlaceClosure), ...indexNames(eventActorClosure)];
  const indexes = db.all<{ name: string; sql: string }>(
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(${JSON.stringify(names)}))`,
  );
  for (const index of indexes) db.run(sql`DROP INDEX ${sql.identifier(index.name)}`);
  db.run(sql`DELETE FROM ${eventPlaceClosure}`);
  db.run(sql`DELETE FROM ${eventActorClosure}`);
  db.run(sql`INSERT INTO ${eventPlaceClosure} ${placeColumns} ${placeRows(allEvents)}`);
  db.run(sql`INSERT INTO ${eventActorClosure} ${actorColumns} ${actorRows(allEvents)}`);
  for (const index of indexes) db.run(sql.raw(index.sql));
}

/** Both closures as they should be, computed from scratch and sorted: what the tests compare the stored rows with. */
export function recomputedClosures(db: Db) {
  return {
    places: db.all<typeof eventPlaceClosure.$inferSelect>(sql`SELECT * FROM (${placeRows(allEvents)}) ORDER BY event_id, place_id`),
    actors: db.all<typeof eventActorClosure.$inferSelect>(sql`SELECT * FROM (${actorRows(allEvents)}) ORDER BY event_id, actor_id`),
  };
}

/** Both closures as stored, in the order of recomputedClosures. */
export function storedClosures(db: Db) {
  return {
    places: db.select().from(eventPlaceClosure).orderBy(eventPlaceClosure.event_id, eventPlaceClosure.place_id).all(),
    actors: db.select().from(eventActorClosure).orderBy(eventActorClosure.event_id, eventActorClosure.actor_id).all(),
  };
}

/**
 * The events below a place or an actor (itself included): one range of the
 * closure's read index. A change of the entity's parent moves every one of
 * them, and only them.
 */
export function eventsBelow(db: Db, table: 'locations' | 'actors', id: number): number[] {
  const below =
    table === 'locations'
      ? sql`SELECT ${eventPlaceClosure.event_id} AS id FROM ${eventPlaceClosure} WHERE ${eventPlaceClosure.place_id} = ${id}`
      : sql`SELECT ${eventActorClosure.event_id} AS id FROM ${eventActorClosure} WHERE ${eventActorClosure.actor_id} = ${id}`;
  return db.all<{ id: number }>(below).map((r) => r.id);
}
