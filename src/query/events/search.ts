import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { claimEvents, events } from '../../db/schema.js';
import type { EventSummary } from '../../schemas/events.js';
import { snippet } from '../../search/index.js';
import { afterPosition, type CursorPosition, type Page, toPage } from '../pagination.js';
import type { FullTextSearch } from '../search.js';
import { rememberedCount } from '../totals.js';
import type { EventPlan } from './plan.js';
import { claimTextsOf, summariesInOrder } from './rows.js';
import { ce, e } from './tables.js';

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

/** The two full-text indexes, and how a hit in each leads to its event. */
const SEARCH_TABLES = [
  {
    name: 'search_events',
    table: sql.raw('search_events'),
    event: sql`search_events.rowid`,
    join: sql``,
    rowid: sql.raw('search_events.rowid'),
  },
  {
    name: 'search_claims',
    table: sql.raw('search_claims'),
    event: sql`${ce.event_id}`,
    join: sql`JOIN ${claimEvents} ${ce} ON ${ce.claim_id} = search_claims.rowid`,
    rowid: sql.raw('search_claims.rowid'),
  },
];

/**
 * GET /events with `q`: by relevance (bm25 over the event's summaries and its
 * claims' quotes and statements, best first) then id, each with a highlighted
 * snippet.
 */
export function searchEvents(
  db: Db,
  plan: EventPlan,
  limit: number,
  after: CursorPosition | null,
  search: FullTextSearch,
  exact: boolean,
): Page<EventSummary> {
  const words = search.fts.match(/"(?:[^"]|"")*"/g) ?? [];
  const common =
    !exact &&
    SEARCH_TABLES.some(({ name, table }) =>
      words.some(
        (w) =>
          // Counted once per word while the data is unchanged: up to 20,001 matches read, 1-2 ms a word and index.
          rememberedCount(
            db,
            `common ${name} ${w}`,
            () =>
              db.get<{ n: number }>(
                sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ${w} LIMIT ${COMMON_WORD + 1})`,
              )?.n ?? 0,
          ) > COMMON_WORD,
      ),
    );
  // One pass over each index: every hit in the window with its score; the ranking is done here.
  // Without other filters a hit needs no event row: the index gives the event id (or the claim's, via claim_events).
  const arms = SEARCH_TABLES.map(
    ({ table, event, join, rowid }, i) =>
      sql`SELECT event_id, score, ${sql.raw(String(i))} AS source FROM (
            SELECT ${event} AS event_id, ${common ? sql`NULL` : sql`bm25(${table})`} AS score FROM ${table} ${join}
            ${plan.filtered ? sql`JOIN ${events} ${e} ON ${e.id} = ${event} ` : sql``}WHERE ${table} MATCH ${search.fts} AND ${plan.where}
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
  const ranked = [...best].map(([id, rank]) => ({ id, rank })).sort((a, b) => a.rank - b.rank || a.id - b.id);
  const shown = afterPosition(ranked, after, (r) => r.rank).slice(0, limit + 1);
  const page = toPage('events:q', shown, limit, { total: best.size, exact: !windowFull }, (r) => ({ sort: r.rank, id: r.id }));
  const ids = page.data.map((r) => r.id);
  const claimTexts = claimTextsOf(db, ids);
  const data = summariesInOrder(db, ids).map((event, i) => ({
    ...event,
    score: common ? null : (page.data[i]?.rank ?? null),
    snippet: snippet(
      [event.summary_en, event.summary_ar, ...claimTexts.filter((t) => t.event_id === event.id).flatMap((t) => [t.quote, t.statement_en])],
      search.text,
    ),
  }));
  return { data, meta: page.meta };
}
