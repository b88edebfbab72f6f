import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { actors, claimEvents, claims, eventActors, eventPlaceClosure, eventSummaries, events, locations } from '../../db/schema.js';
import type { EventSummary, Fatalities } from '../../schemas/events.js';
import { inIds } from '../filters.js';
import { inOrderOf } from '../pagination.js';
import { l, pc } from './tables.js';

const claimant = alias(actors, 'claimant');

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

/** Events matching a condition on `events`/`locations`, in no particular order. */
export function eventRows(db: Db, where: SQL) {
  return db.select(eventColumns).from(events).innerJoin(locations, eq(locations.id, events.location_id)).where(where).all();
}

export type EventRow = ReturnType<typeof eventRows>[number];

/** Summaries of the events with these ids, in the order of `ids`. */
export function summariesInOrder(db: Db, ids: number[]): EventSummary[] {
  if (ids.length === 0) return [];
  return toSummaries(db, inOrderOf(ids, eventRows(db, inIds(events.id, ids))));
}

const fatalitiesOf = (s: typeof eventSummaries.$inferSelect | undefined): Fatalities =>
  s?.has_fatalities ? { low: s.fatalities_low, high: s.fatalities_high } : null;

/** The summary of each event row: its actors, claim count, sources and fatality range, read for the whole page at once. */
export function toSummaries(db: Db, rows: EventRow[]): EventSummary[] {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const actorRows = db
    .select({ event_id: eventActors.event_id, id: actors.id, name: actors.name, kind: actors.kind, role: eventActors.role })
    .from(eventActors)
    .innerJoin(actors, eq(actors.id, eventActors.actor_id))
    .where(inIds(eventActors.event_id, ids))
    .orderBy(eventActors.event_id, eventActors.role, actors.id)
    .all();
  // Claim counts and fatality ranges come from the read model (src/db/read-model.ts), not from the claims' figures.
  const summaries = new Map(
    db
      .select()
      .from(eventSummaries)
      .where(inIds(eventSummaries.event_id, ids))
      .all()
      .map((s) => [s.event_id, s]),
  );
  const sources = db
    .selectDistinct({ event_id: claimEvents.event_id, name: claimant.name })
    .from(claimEvents)
    .innerJoin(claims, eq(claims.id, claimEvents.claim_id))
    .innerJoin(claimant, eq(claimant.id, claims.claimant_id))
    .where(inIds(claimEvents.event_id, ids))
    .orderBy(claimEvents.event_id, claimant.name)
    .all();
  const certainties = db
    .selectDistinct({ event_id: claimEvents.event_id, certainty: claims.certainty })
    .from(claimEvents)
    .innerJoin(claims, eq(claims.id, claimEvents.claim_id))
    .where(inIds(claimEvents.event_id, ids))
    .orderBy(claimEvents.event_id, claims.certainty)
    .all();
  const areas = adminAreas(db, ids);
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
      ...(areas.get(r.id) ?? NO_AREAS),
    },
    actors: actorRows.filter((a) => a.event_id === r.id).map(({ id, name, kind, role }) => ({ id, name, kind, role })),
    summary_en: r.summary_en,
    summary_ar: r.summary_ar,
    fatalities: fatalitiesOf(summaries.get(r.id)),
    claim_count: summaries.get(r.id)?.claim_count ?? 0,
    sources: sources.filter((s) => s.event_id === r.id).map((s) => s.name),
    certainties: certainties.filter((c) => c.event_id === r.id).map((c) => c.certainty),
  }));
}

type AdminAreas = Pick<EventSummary['location'], 'country' | 'admin1' | 'admin2' | 'admin3'>;
const NO_AREAS: AdminAreas = { country: null, admin1: null, admin2: null, admin3: null };
type LocationKind = (typeof locations.$inferSelect)['kind'];
const AREA_OF_KIND: Partial<Record<LocationKind, keyof AdminAreas>> = {
  country: 'country',
  governorate: 'admin1',
  district: 'admin2',
  subdistrict: 'admin3',
};

/**
 * The country, governorate, district and subdistrict each event lies in (its
 * place itself included): every place of the events from the place closure,
 * the kinds picked here. Walking up the place tree with the kinds in SQL made
 * SQLite build a Bloom filter over all 50,000 places first: 7-17 ms a page on
 * a 200,000-event file, against well under 1 ms for the 250 or so closure
 * rows of a page of 50.
 */
function adminAreas(db: Db, eventIds: number[]): Map<number, AdminAreas> {
  const out = new Map<number, AdminAreas>();
  if (eventIds.length === 0) return out;
  const rows = db.all<{ event_id: number; name: string; kind: LocationKind }>(
    sql`SELECT ${pc.event_id} AS event_id, ${l.name} AS name, ${l.kind} AS kind
        FROM ${eventPlaceClosure} ${pc} CROSS JOIN ${locations} ${l} ON ${l.id} = ${pc.place_id}
        WHERE ${inIds(pc.event_id, eventIds)} ORDER BY ${pc.event_id}, ${pc.place_id}`,
  );
  for (const r of rows) {
    const area = AREA_OF_KIND[r.kind];
    if (area) out.set(r.event_id, { ...(out.get(r.event_id) ?? NO_AREAS), [area]: r.name });
  }
  return out;
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
