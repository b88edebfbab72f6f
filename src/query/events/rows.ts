import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { perConnection } from '../../db/prepared.js';
import { actors, claimEvents, claims, eventSummaries, events, locations } from '../../db/schema.js';
import type { EventSummary, Fatalities } from '../../schemas/events.js';
import { inIds } from '../filters.js';
import { inOrderOf } from '../pagination.js';

/** The columns of an event row and its place that a summary shows. */
const eventColumns = {
  id: events.id,
  date_start: events.date_start,
  date_end: events.date_end,
  date_precision: events.date_precision,
  date_note: events.date_note,
  event_type: events.event_type,
  sub_event_type: events.sub_event_type,
  geo_precision: events.geo_precision,
  summary_en: events.summary_en,
  summary_ar: events.summary_ar,
  location_id: locations.id,
  location_name: locations.name,
  location_name_ar: locations.name_ar,
  lat: locations.lat,
  lon: locations.lon,
};

const country = alias(locations, 'country');
const admin1 = alias(locations, 'admin1');
const admin2 = alias(locations, 'admin2');
const admin3 = alias(locations, 'admin3');
const idList = sql.placeholder('ids');

/**
 * A page's events with their place, admin areas and read-model summary, in one
 * statement prepared once per connection. Building and preparing the six
 * statements a page took before cost about 2 ms of a 5 ms request on a
 * 200,000-event file; this and the names below take about 0.5 ms.
 */
const pageRows = perConnection((db) =>
  db
    .select({
      ...eventColumns,
      country: country.name,
      admin1: admin1.name,
      admin2: admin2.name,
      admin3: admin3.name,
      summary: {
        claim_count: eventSummaries.claim_count,
        has_fatalities: eventSummaries.has_fatalities,
        fatalities_low: eventSummaries.fatalities_low,
        fatalities_high: eventSummaries.fatalities_high,
        actor_roles: eventSummaries.actor_roles,
        claimant_ids: eventSummaries.claimant_ids,
        certainties: eventSummaries.certainties,
      },
    })
    .from(events)
    .innerJoin(locations, eq(locations.id, events.location_id))
    .leftJoin(eventSummaries, eq(eventSummaries.event_id, events.id))
    .leftJoin(country, eq(country.id, eventSummaries.country_id))
    .leftJoin(admin1, eq(admin1.id, eventSummaries.admin1_id))
    .leftJoin(admin2, eq(admin2.id, eventSummaries.admin2_id))
    .leftJoin(admin3, eq(admin3.id, eventSummaries.admin3_id))
    .where(sql`${events.id} IN (SELECT value FROM json_each(${idList}))`)
    .prepare(),
);

/** The names and kinds of the actors and claimants a page mentions, by name (the order of `sources`). */
const actorNames = perConnection((db) =>
  db
    .select({ id: actors.id, name: actors.name, kind: actors.kind })
    .from(actors)
    .where(sql`${actors.id} IN (SELECT value FROM json_each(${idList}))`)
    .orderBy(actors.name, actors.id)
    .prepare(),
);

type PageRow = ReturnType<ReturnType<typeof pageRows>['all']>[number];

const fatalitiesOf = (s: PageRow['summary']): Fatalities => (s?.has_fatalities ? { low: s.fatalities_low, high: s.fatalities_high } : null);

/** Summaries of the events with these ids, in the order of `ids`: every part of a summary is read from the read model. */
export function summariesInOrder(db: Db, ids: number[]): EventSummary[] {
  if (ids.length === 0) return [];
  const rows = inOrderOf(ids, pageRows(db).all({ ids: JSON.stringify(ids) }));
  const mentioned = new Set<number>();
  for (const r of rows) {
    for (const [id] of r.summary?.actor_roles ?? []) mentioned.add(id);
    for (const id of r.summary?.claimant_ids ?? []) mentioned.add(id);
  }
  const named = actorNames(db).all({ ids: JSON.stringify([...mentioned]) });
  const actorById = new Map(named.map((a) => [a.id, a]));
  // Ranked by name, so that one pass over a claimant id set gives the sources in name order.
  const rank = new Map(named.map((a, i) => [a.id, i]));
  return rows.map((r) => ({
    id: r.id,
    date_start: r.date_start,
    date_end: r.date_end,
    date_precision: r.date_precision,
    date_note: r.date_note,
    event_type: r.event_type as EventSummary['event_type'],
    sub_event_type: r.sub_event_type as EventSummary['sub_event_type'],
    location: {
      id: r.location_id,
      name: r.location_name,
      name_ar: r.location_name_ar,
      lat: r.lat,
      lon: r.lon,
      geo_precision: r.geo_precision,
      country: r.country,
      admin1: r.admin1,
      admin2: r.admin2,
      admin3: r.admin3,
    },
    actors: (r.summary?.actor_roles ?? []).flatMap(([id, role]) => {
      const actor = actorById.get(id);
      return actor ? [{ id, name: actor.name, kind: actor.kind, role: role as EventSummary['actors'][number]['role'] }] : [];
    }),
    summary_en: r.summary_en,
    summary_ar: r.summary_ar,
    fatalities: fatalitiesOf(r.summary),
    claim_count: r.summary?.claim_count ?? 0,
    sources: distinctNamesInOrder(r.summary?.claimant_ids ?? [], rank, actorById),
    certainties: (r.summary?.certainties ?? []) as EventSummary['certainties'],
  }));
}

/** The claimants' names, each once (two claimants may share a name), in name order. */
function distinctNamesInOrder(ids: number[], rank: Map<number, number>, byId: Map<number, { name: string }>): string[] {
  const names: string[] = [];
  for (const id of [...ids].sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0))) {
    const name = byId.get(id)?.name;
    if (name !== undefined && names[names.length - 1] !== name) names.push(name);
  }
  return names;
}

/** The quotes and English statements of the events' claims, in claim order: where a search snippet is taken from. */
export function claimTextsOf(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ event_id: claimEvents.event_id, quote: claims.quote, statement_en: claims.statement_en })
    .from(claimEvents)
    .innerJoin(claims, eq(claims.id, claimEvents.claim_id))
    .where(inIds(claimEvents.event_id, ids))
    .orderBy(claims.id)
    .all();
}
