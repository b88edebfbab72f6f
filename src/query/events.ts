import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { SPAN_CLASS_DAYS, spanClass } from '../db/schema.js';
import type { eventSummary } from '../routes/shapes.js';
import { snippet } from '../search/index.js';
import { casualtyReportsForEvents, fatalityRange } from './casualties.js';
import { claimsWhere } from './claims.js';
import { assessEvent } from './credibility.js';
import { inIds, type ResolvedFilters } from './filters.js';
import { ancestorPath } from './names.js';
import { COUNT_CAP, decodeCursor, type Page, toPage } from './pagination.js';

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

/** A filter that names a set of ids: the events it allows, listed from its own index. */
interface SetFilter {
  name: 'actor' | 'place' | 'claimant' | 'article';
  /** `SELECT ... AS id`: the events the filter allows. */
  events: SQL;
  /** True when `events` never repeats an id (so no DISTINCT is needed). */
  unique: boolean;
  /** How many index entries the filter has, counted up to DRIVER_LIMIT + 1. */
  estimate: SQL;
}

/** GET /events filters, as row conditions and as the sets of ids some of them name. */
export interface EventQuery {
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

const capped = (rows: SQL) => sql`SELECT count(*) AS n FROM (${rows} LIMIT ${DRIVER_LIMIT + 1})`;

/** The conditions for GET /events. */
export function eventConditions(f: EventFilters, r: ResolvedFilters): EventQuery {
  const parts: SQL[] = [sql`1 = 1`];
  const sets: SetFilter[] = [];
  if (r.actorIds) {
    const roles =
      f.actor_role && f.actor_role !== 'any'
        ? sql` AND ea.role IN (SELECT value FROM json_each(${JSON.stringify(ROLE_ACTORS[f.actor_role])}))`
        : sql``;
    const actors = sql`${inIds(sql`ea.actor_id`, r.actorIds)}${roles}`;
    parts.push(sql`EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ${actors})`);
    sets.push({
      name: 'actor',
      unique: false,
      events: sql`SELECT ea.event_id AS id FROM event_actors ea WHERE ${actors}`,
      estimate: capped(sql`SELECT 1 FROM event_actors ea WHERE ${actors}`),
    });
  }
  if (r.placeIds) {
    parts.push(inIds(sql`e.location_id`, r.placeIds));
    sets.push({
      name: 'place',
      unique: true,
      events: sql`SELECT p.id FROM events p WHERE ${inIds(sql`p.location_id`, r.placeIds)}`,
      estimate: capped(sql`SELECT 1 FROM events p WHERE ${inIds(sql`p.location_id`, r.placeIds)}`),
    });
  }
  const byClaims = (name: 'claimant' | 'article', column: SQL, ids: number[]) => {
    parts.push(
      sql`EXISTS (SELECT 1 FROM claim_events ce JOIN claims c ON c.id = ce.claim_id WHERE ce.event_id = e.id AND ${inIds(column, ids)})`,
    );
    sets.push({
      name,
      unique: false,
      events: sql`SELECT ce.event_id AS id FROM claims c JOIN claim_events ce ON ce.claim_id = c.id WHERE ${inIds(column, ids)}`,
      estimate: capped(sql`SELECT 1 FROM claims c WHERE ${inIds(column, ids)}`),
    });
  };
  if (r.claimantIds) byClaims('claimant', sql`c.claimant_id`, r.claimantIds);
  if (r.articleIds) byClaims('article', sql`c.article_id`, r.articleIds);
  if (f.from) parts.push(sql`e.date_end >= ${f.from}`);
  if (f.to) parts.push(sql`e.date_start <= ${f.to}`);
  if (f.event_type) parts.push(sql`e.event_type = ${f.event_type}`);
  if (f.sub_event_type) parts.push(sql`e.sub_event_type = ${f.sub_event_type}`);
  return {
    where: sql.join(parts, sql` AND `),
    sets,
    placeIds: r.placeIds,
    from: f.from,
    to: f.to,
    indexOnly: !f.from && !f.event_type && !f.sub_event_type,
    filtered: parts.length > 1,
  };
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

/** How a page of events is read; the choice depends on how many events each filter allows. */
type Strategy = { kind: 'date-order'; force: boolean } | { kind: 'by-place'; placeIds: number[] } | { kind: 'from-set'; set: SetFilter };

/** A set filter with at most this many index entries drives the query: its events are read, checked and sorted. */
const DRIVER_LIMIT = 2000;
/** Up to this many places are read place by place from the (location, date) index, each already in list order. */
const ORDERED_PLACES = 16;
/**
 * Events read in list order to tell whether a date-ordered scan fills a page
 * soon: at least one match in MIN_DENSITY events of the first sample, or of the
 * second (so a page of 50 within some 10,000 events).
 */
const SAMPLES = [200, 2000];
const MIN_DENSITY = 200;
/** Events a count may examine through a set filter before it settles for a lower bound: by reading their rows, or from an index alone. */
const COUNT_BUDGET = 2 * COUNT_CAP;
const INDEX_COUNT_BUDGET = 3 * COUNT_CAP;

const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The date filter as ranges of an index, each in list order. Events that start
 * inside [from, to] are one range of events_date_idx; events that started
 * earlier and still run at `from` are found per span class (events_span_idx),
 * where a class of spans of at most N days only needs the N days before `from`.
 */
function dateRanges(q: EventQuery): { index: SQL; condition: SQL }[] {
  const byDate = sql.raw('events_date_idx');
  const to = q.to ? sql` AND e.date_start <= ${q.to}` : sql``;
  if (!q.from) return [{ index: byDate, condition: q.to ? sql`e.date_start <= ${q.to}` : sql`1 = 1` }];
  const from = q.from;
  const span = spanClass(sql`e.date_start`, sql`e.date_end`);
  const bySpan = sql.raw('events_span_idx');
  return [
    { index: byDate, condition: sql`e.date_start >= ${from}${to}` },
    ...SPAN_CLASS_DAYS.slice(1).map((days, i) => ({
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(i + 1))} AND e.date_start >= ${daysBefore(from, days)} AND e.date_start < ${from} AND e.date_end >= ${from}`,
    })),
    {
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(SPAN_CLASS_DAYS.length))} AND e.date_start < ${from} AND e.date_end >= ${from}`,
    },
  ];
}

/**
 * One SELECT per index range, merged in list order (SQLite merges UNION ALL
 * arms that each come sorted). The columns start with e.id, e.date_start.
 */
function ordered(arms: { index: SQL | null; condition: SQL }[], rest: SQL, limit: number): SQL {
  const selects = arms.map(
    (a) =>
      sql`SELECT ${EVENT_COLUMNS} FROM events e ${a.index ? sql`INDEXED BY ${a.index} ` : sql``}JOIN locations l ON l.id = e.location_id WHERE ${a.condition} AND ${rest}`,
  );
  if (selects.length === 1) return sql`${selects[0]} ORDER BY e.date_start, e.id LIMIT ${limit}`;
  return sql`${sql.join(selects, sql` UNION ALL `)} ORDER BY 2, 1 LIMIT ${limit}`;
}

const distinctIds = (set: SetFilter) => (set.unique ? set.events : sql`SELECT DISTINCT id FROM (${set.events})`);

function chooseStrategy(db: Db, q: EventQuery, keyset: SQL): Strategy {
  if (q.sets.length === 0) return { kind: 'date-order', force: false };
  const estimated = q.sets
    .map((set) => ({ set, n: db.get<{ n: number }>(set.estimate)?.n ?? 0 }))
    // On a tie the place filter comes first: its index yields event ids directly.
    .sort((a, b) => a.n - b.n || Number(b.set.name === 'place') - Number(a.set.name === 'place'));
  const smallest = estimated[0]?.set as SetFilter;
  if ((estimated[0]?.n ?? 0) <= DRIVER_LIMIT) return { kind: 'from-set', set: smallest };
  if (!q.from && q.placeIds && q.placeIds.length <= ORDERED_PLACES) {
    return { kind: 'by-place', placeIds: q.placeIds };
  }
  // Every filter allows many events: read in list order when matches are not rare there (a short sample, then a
  // longer one), else sort the smallest set.
  const first = dateRanges(q)[0] as { index: SQL; condition: SQL };
  for (const size of SAMPLES) {
    const sample = db.get<{ scanned: number; matched: number }>(
      sql`SELECT count(*) AS scanned, coalesce(sum(pass), 0) AS matched FROM (
            SELECT (${q.where}) AS pass FROM events e INDEXED BY events_date_idx WHERE ${first.condition}${keyset}
            ORDER BY e.date_start, e.id LIMIT ${size})`,
    );
    if (!sample || sample.matched * MIN_DENSITY >= size || sample.scanned < size) return { kind: 'date-order', force: true };
  }
  return { kind: 'from-set', set: smallest };
}

const capAt = (n: number, exhausted: boolean) => (n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: exhausted });

/**
 * `meta.total`: exact up to COUNT_CAP rows; past it, or when set filters are
 * large and counting would read more than COUNT_BUDGET events (or
 * INDEX_COUNT_BUDGET index entries), a lower bound with `exact: false`: the
 * matches among the first events read in list order.
 */
function countEvents(db: Db, q: EventQuery, strategy: Strategy): { total: number; exact: boolean } {
  if (strategy.kind === 'date-order' && !strategy.force) {
    const arms = dateRanges(q).map((a) => sql`SELECT 1 FROM events e WHERE ${a.condition} AND ${q.where}`);
    return capAt(
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${sql.join(arms, sql` UNION ALL `)} LIMIT ${COUNT_CAP + 1})`)?.n ?? 0,
      true,
    );
  }
  if (strategy.kind === 'by-place') {
    // The first events of the places, read from the (location, date) index alone; the filters that need more
    // than the id, place and start date read the event row.
    const to = q.to ? sql` AND date_start <= ${q.to}` : sql``;
    const budget = q.indexOnly ? INDEX_COUNT_BUDGET : COUNT_BUDGET;
    const first = (n: number) => sql`SELECT id, location_id, date_start FROM events INDEXED BY events_location_idx
                                     WHERE ${inIds(sql`location_id`, strategy.placeIds)}${to} LIMIT ${n}`;
    const source = q.indexOnly ? sql`(${first(budget)}) e` : sql`(${first(budget)}) d CROSS JOIN events e ON e.id = d.id`;
    const n =
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${source} WHERE ${q.where} LIMIT ${COUNT_CAP + 1})`)?.n ?? 0;
    if (n > COUNT_CAP) return capAt(n, true);
    const size = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${first(budget + 1)})`)?.n ?? 0;
    return capAt(n, size <= budget);
  }
  // Read in list order through the date filter's ranges: the first COUNT_BUDGET events they hold, checked one by one.
  const within = (n: number) =>
    sql`SELECT id FROM (${sql.join(
      dateRanges(q).map((a) => sql`SELECT e.id FROM events e WHERE ${a.condition}`),
      sql` UNION ALL `,
    )}) LIMIT ${n}`;
  const n =
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM (${within(COUNT_BUDGET)}) d CROSS JOIN events e ON e.id = d.id WHERE ${q.where} LIMIT ${COUNT_CAP + 1})`,
    )?.n ?? 0;
  if (n > COUNT_CAP) return capAt(n, true);
  const size = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${within(COUNT_BUDGET + 1)})`)?.n ?? 0;
  return capAt(n, size <= COUNT_BUDGET);
}

/**
 * GET /events: by date then id; with a full-text query (`fts`), by relevance
 * (bm25 over the event's summaries and its claims' quotes and statements,
 * best first) then id, each row with a highlighted snippet.
 */
export function listEvents(
  db: Db,
  q: EventQuery,
  limit: number,
  cursor: string | undefined,
  search?: { fts: string; q: string },
  options: { exactTotal?: boolean } = {},
): Page<EventSummary> {
  if (search) return searchEvents(db, q, limit, cursor, search, options);
  const after = decodeCursor('events', cursor);
  const keyset = after ? sql` AND (e.date_start, e.id) > (${after.sort}, ${after.id})` : sql``;
  const strategy = chooseStrategy(db, q, keyset);
  const rest = sql`${q.where}${keyset}`;
  let rows: EventFlat[];
  let counted: { total: number; exact: boolean } | null = null;
  if (strategy.kind === 'from-set') {
    // Every matching event of the set in one pass gives the page and the exact total. A place set is read from
    // the (location, date) index itself, which holds the date and the id the order needs.
    const matching = db.all<{ id: number; date_start: string }>(
      strategy.set.name === 'place'
        ? sql`SELECT e.id, e.date_start FROM events e INDEXED BY events_location_idx WHERE ${q.where} ORDER BY e.date_start, e.id`
        : sql`SELECT e.id, e.date_start FROM (${distinctIds(strategy.set)}) d CROSS JOIN events e ON e.id = d.id
              WHERE ${q.where} ORDER BY e.date_start, e.id`,
    );
    counted = { total: matching.length, exact: true };
    const shown = matching
      .filter((r) => !after || r.date_start > (after.sort as string) || (r.date_start === after.sort && r.id > after.id))
      .slice(0, limit + 1);
    const byId = new Map(
      (shown.length
        ? db.all<EventFlat>(
            sql`${EVENT_SELECT} WHERE ${inIds(
              sql`e.id`,
              shown.map((r) => r.id),
            )}`,
          )
        : []
      ).map((r) => [r.id, r]),
    );
    rows = shown.map((r) => byId.get(r.id) as EventFlat);
  } else if (strategy.kind === 'by-place') {
    const to = q.to ? sql` AND e.date_start <= ${q.to}` : sql``;
    const arms = strategy.placeIds.map((id) => ({ index: sql.raw('events_location_idx'), condition: sql`e.location_id = ${id}${to}` }));
    rows = db.all<EventFlat>(ordered(arms, rest, limit + 1));
  } else {
    const arms = dateRanges(q).map((a) => ({ index: strategy.force ? a.index : null, condition: a.condition }));
    rows = db.all<EventFlat>(ordered(arms, rest, limit + 1));
  }
  const { total, exact } = options.exactTotal
    ? { total: db.get<{ n: number }>(sql`SELECT count(*) AS n FROM events e WHERE ${q.where}`)?.n ?? 0, exact: true }
    : (counted ?? countEvents(db, q, strategy));
  const page = toPage('events', rows, limit, total, (r) => ({ sort: r.date_start, id: r.id }));
  return { ...page, totalExact: exact, rows: toSummaries(db, page.rows) };
}

/**
 * Full-text ranking is bounded. bm25 first walks every match of each searched
 * word (for its document frequency) and then costs about a microsecond per
 * ranked row, so: hits are ranked among at most RANK_WINDOW matching events
 * and RANK_WINDOW matching claims, the most recently added; and a word found
 * in more than COMMON_WORD rows of either index is too common to rank by, so
 * such results come newest first, with no score. `total=exact` ranks every match.
 */
export const RANK_WINDOW = 500;
export const COMMON_WORD = 20_000;

/** The two full-text indexes, how a hit leads to its event, and (for filters) to the event row. */
const SEARCH_TABLES = [
  { table: sql.raw('search_events'), event: sql`search_events.rowid`, join: sql``, rowid: sql.raw('search_events.rowid') },
  {
    table: sql.raw('search_claims'),
    event: sql`ce.event_id`,
    join: sql`JOIN claim_events ce ON ce.claim_id = search_claims.rowid`,
    rowid: sql.raw('search_claims.rowid'),
  },
];

function searchEvents(
  db: Db,
  q: EventQuery,
  limit: number,
  cursor: string | undefined,
  search: { fts: string; q: string },
  options: { exactTotal?: boolean },
): Page<EventSummary> {
  const after = decodeCursor('events:q', cursor);
  const exact = options.exactTotal ?? false;
  const words = search.fts.match(/"(?:[^"]|"")*"/g) ?? [];
  const common =
    !exact &&
    SEARCH_TABLES.some(({ table }) =>
      words.some(
        (w) =>
          (db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ${w} LIMIT ${COMMON_WORD + 1})`)
            ?.n ?? 0) > COMMON_WORD,
      ),
    );
  // One pass over each index: every hit in the window with its score; the ranking is done here.
  // Without other filters a hit needs no event row: the index gives the event id (or the claim's, via claim_events).
  const arms = SEARCH_TABLES.map(
    ({ table, event, join, rowid }, i) =>
      sql`SELECT event_id, score, ${sql.raw(String(i))} AS source FROM (
            SELECT ${event} AS event_id, ${common ? sql`NULL` : sql`bm25(${table})`} AS score FROM ${table} ${join}
            ${q.filtered ? sql`JOIN events e ON e.id = ${event} ` : sql``}WHERE ${table} MATCH ${search.fts} AND ${q.where}
            ${exact ? sql`` : sql`ORDER BY ${rowid} DESC LIMIT ${RANK_WINDOW}`})`,
  );
  const hits = db.all<{ event_id: number; score: number | null; source: number }>(sql.join(arms, sql` UNION ALL `));
  const best = new Map<number, number>();
  const perSource = [0, 0];
  for (const h of hits) {
    perSource[h.source] = (perSource[h.source] ?? 0) + 1;
    // Newest first when there is no score: the rank of an event is minus its id.
    const rank = h.score ?? -h.event_id;
    const current = best.get(h.event_id);
    if (current === undefined || rank < current) best.set(h.event_id, rank);
  }
  const windowFull = !exact && perSource.some((n) => n >= RANK_WINDOW);
  const ranked = [...best]
    .map(([id, rank]) => ({ id, rank }))
    .filter((r) => !after || r.rank > (after.sort as number) || (r.rank === after.sort && r.id > after.id))
    .sort((a, b) => a.rank - b.rank || a.id - b.id)
    .slice(0, limit + 1);
  const flat = new Map(
    (ranked.length
      ? db.all<EventFlat>(
          sql`${EVENT_SELECT} WHERE ${inIds(
            sql`e.id`,
            ranked.map((r) => r.id),
          )}`,
        )
      : []
    ).map((r) => [r.id, r]),
  );
  const rows = ranked.map((r) => ({ ...(flat.get(r.id) as EventFlat), rank: r.rank, score: common ? null : r.rank }));
  const page = toPage('events:q', rows, limit, best.size, (r) => ({ sort: r.rank, id: r.id }));
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
    totalExact: !windowFull,
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
