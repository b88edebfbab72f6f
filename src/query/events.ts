import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { eventSummary } from '../routes/shapes.js';
import { snippet } from '../search/index.js';
import { casualtyReportsForEvents, fatalityRange } from './casualties.js';
import { claimsWhere } from './claims.js';
import { assessEvent } from './credibility.js';
import { inIds, type ResolvedFilters } from './filters.js';
import { ancestorPath } from './names.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

export interface EventFilters {
  from?: string;
  to?: string;
  event_type?: string;
  sub_event_type?: string;
  actor_role?: 'actor1' | 'actor2' | 'any';
}

interface EventFlat {
  id: number;
  date_start: string;
  date_end: string;
  date_precision: EventSummary['date_precision'];
  date_note: string;
  event_type: EventSummary['event_type'];
  sub_event_type: EventSummary['sub_event_type'];
  geo_precision: number | null;
  summary_en: string;
  summary_ar: string | null;
  location_id: number;
  location_name: string;
  location_name_ar: string | null;
  lat: number | null;
  lon: number | null;
}

const EVENT_COLUMNS = sql`e.id, e.date_start, e.date_end, e.date_precision, e.date_note, e.event_type, e.sub_event_type, e.geo_precision,
  e.summary_en, e.summary_ar, l.id AS location_id, l.name AS location_name, l.name_ar AS location_name_ar, l.lat, l.lon`;
const EVENT_SELECT = sql`SELECT ${EVENT_COLUMNS} FROM events e JOIN locations l ON l.id = e.location_id`;

const ROLE_ACTORS: Record<'actor1' | 'actor2', string[]> = { actor1: ['actor1', 'assoc_actor_1'], actor2: ['actor2', 'assoc_actor_2'] };

/** The WHERE clause for GET /events; every branch is an index lookup on events or a link table. */
export function eventConditions(f: EventFilters, r: ResolvedFilters): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (r.actorIds) {
    const roles =
      f.actor_role && f.actor_role !== 'any'
        ? sql` AND ea.role IN (SELECT value FROM json_each(${JSON.stringify(ROLE_ACTORS[f.actor_role])}))`
        : sql``;
    parts.push(sql`e.id IN (SELECT ea.event_id FROM event_actors ea WHERE ${inIds(sql`ea.actor_id`, r.actorIds)}${roles})`);
  }
  if (r.placeIds) parts.push(inIds(sql`e.location_id`, r.placeIds));
  if (r.claimantIds) {
    parts.push(
      sql`e.id IN (SELECT ce.event_id FROM claims c JOIN claim_events ce ON ce.claim_id = c.id WHERE ${inIds(sql`c.claimant_id`, r.claimantIds)})`,
    );
  }
  if (r.articleIds) {
    parts.push(
      sql`e.id IN (SELECT ce.event_id FROM claims c JOIN claim_events ce ON ce.claim_id = c.id WHERE ${inIds(sql`c.article_id`, r.articleIds)})`,
    );
  }
  if (f.from) parts.push(sql`e.date_end >= ${f.from}`);
  if (f.to) parts.push(sql`e.date_start <= ${f.to}`);
  if (f.event_type) parts.push(sql`e.event_type = ${f.event_type}`);
  if (f.sub_event_type) parts.push(sql`e.sub_event_type = ${f.sub_event_type}`);
  return sql.join(parts, sql` AND `);
}

export type EventSummary = z.infer<typeof eventSummary>;

function toSummaries(db: Db, rows: EventFlat[]): EventSummary[] {
  const ids = rows.map((r) => r.id);
  const actors = ids.length
    ? db.all<{ event_id: number; id: number; name: string; role: EventSummary['actors'][number]['role'] }>(
        sql`SELECT ea.event_id, a.id, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
            WHERE ${inIds(sql`ea.event_id`, ids)} ORDER BY ea.event_id, ea.role, a.id`,
      )
    : [];
  const claimCounts = ids.length
    ? db.all<{ event_id: number; n: number }>(
        sql`SELECT event_id, count(*) AS n FROM claim_events WHERE ${inIds(sql`event_id`, ids)} GROUP BY event_id`,
      )
    : [];
  const sources = ids.length
    ? db.all<{ event_id: number; name: string }>(
        sql`SELECT DISTINCT ce.event_id, a.name FROM claim_events ce JOIN claims c ON c.id = ce.claim_id JOIN actors a ON a.id = c.claimant_id
            WHERE ${inIds(sql`ce.event_id`, ids)} ORDER BY ce.event_id, a.name`,
      )
    : [];
  const casualties = casualtyReportsForEvents(db, ids);
  return rows.map((r) => ({
    id: r.id,
    date_start: r.date_start,
    date_end: r.date_end,
    date_precision: r.date_precision,
    date_note: r.date_note,
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    location: {
      id: r.location_id,
      name: r.location_name,
      name_ar: r.location_name_ar,
      lat: r.lat,
      lon: r.lon,
      geo_precision: r.geo_precision,
    },
    actors: actors.filter((a) => a.event_id === r.id).map(({ id, name, role }) => ({ id, name, role })),
    summary_en: r.summary_en,
    summary_ar: r.summary_ar,
    fatalities: fatalityRange(casualties.filter((c) => c.event_id === r.id)),
    claim_count: claimCounts.find((c) => c.event_id === r.id)?.n ?? 0,
    sources: sources.filter((s) => s.event_id === r.id).map((s) => s.name),
  }));
}

/**
 * GET /events: by date then id; with a full-text query (`fts`), by relevance
 * (bm25 over the event's summaries and its claims' quotes and statements,
 * best first) then id, each row with a highlighted snippet.
 */
export function listEvents(
  db: Db,
  where: SQL,
  limit: number,
  cursor: string | undefined,
  search?: { fts: string; q: string },
): Page<EventSummary> {
  if (search) return searchEvents(db, where, limit, cursor, search);
  const after = decodeCursor('events', cursor);
  const keyset = after ? sql` AND (e.date_start, e.id) > (${after.sort}, ${after.id})` : sql``;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM events e WHERE ${where}`)?.n ?? 0;
  const rows = db.all<EventFlat>(sql`${EVENT_SELECT} WHERE ${where}${keyset} ORDER BY e.date_start, e.id LIMIT ${limit + 1}`);
  const page = toPage('events', rows, limit, total, (r) => ({ sort: r.date_start, id: r.id }));
  return { ...page, rows: toSummaries(db, page.rows) };
}

function searchEvents(
  db: Db,
  where: SQL,
  limit: number,
  cursor: string | undefined,
  search: { fts: string; q: string },
): Page<EventSummary> {
  const after = decodeCursor('events:q', cursor);
  const hits = sql`WITH hits(event_id, score) AS (
      SELECT rowid, bm25(search_events) FROM search_events WHERE search_events MATCH ${search.fts}
      UNION ALL
      SELECT ce.event_id, bm25(search_claims) FROM search_claims JOIN claim_events ce ON ce.claim_id = search_claims.rowid
      WHERE search_claims MATCH ${search.fts}
    ), ranked AS (SELECT event_id, min(score) AS score FROM hits GROUP BY event_id)`;
  const keyset = after ? sql` AND (r.score, e.id) > (${after.sort}, ${after.id})` : sql``;
  const total =
    db.get<{ n: number }>(sql`${hits} SELECT count(*) AS n FROM ranked r JOIN events e ON e.id = r.event_id WHERE ${where}`)?.n ?? 0;
  const rows = db.all<EventFlat & { score: number }>(
    sql`${hits} SELECT ${EVENT_COLUMNS}, r.score FROM ranked r JOIN events e ON e.id = r.event_id JOIN locations l ON l.id = e.location_id
        WHERE ${where}${keyset} ORDER BY r.score, e.id LIMIT ${limit + 1}`,
  );
  const page = toPage('events:q', rows, limit, total, (r) => ({ sort: r.score, id: r.id }));
  const summaries = toSummaries(db, page.rows);
  const ids = page.rows.map((r) => r.id);
  const claimTexts = ids.length
    ? db.all<{ event_id: number; quote: string; statement_en: string }>(
        sql`SELECT ce.event_id, c.quote, c.statement_en FROM claim_events ce JOIN claims c ON c.id = ce.claim_id
            WHERE ${inIds(sql`ce.event_id`, ids)} ORDER BY c.id`,
      )
    : [];
  return {
    ...page,
    rows: summaries.map((e, i) => ({
      ...e,
      score: page.rows[i]?.score ?? null,
      snippet: snippet(
        [e.summary_en, e.summary_ar, ...claimTexts.filter((c) => c.event_id === e.id).flatMap((c) => [c.quote, c.statement_en])],
        search.q,
      ),
    })),
  };
}

export function getEvent(db: Db, id: number) {
  const row = db.get<EventFlat>(sql`${EVENT_SELECT} WHERE e.id = ${id}`);
  if (!row) return null;
  const [summary] = toSummaries(db, [row]);
  const claims = claimsWhere(db, sql`c.id IN (SELECT claim_id FROM claim_events WHERE event_id = ${id})`);
  const casualty_reports = casualtyReportsForEvents(db, [id]);
  const path = ancestorPath(db, 'locations', row.location_id);
  const eventActorIds = (summary?.actors ?? []).map((a) => ({ id: a.id, role: a.role }));
  const { disagreements, credibility } = assessEvent(db, eventActorIds, claims, casualty_reports);
  return { ...(summary as EventSummary), path, claims, casualty_reports, disagreements, credibility };
}
