import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { actors, claimEvents, claims } from '../db/schema.js';
import type { Claim, ClaimsQuery } from '../schemas/claims.js';
import { snippet } from '../search/index.js';
import { inFewIds, inIds, nameMeta, type ResolvedFilters, resolveFilters } from './filters.js';
import { afterPosition, countRows, decodeCursor, inOrderOf, type Page, toPage } from './pagination.js';
import { type FullTextSearch, fullTextSearch } from './search.js';
import { totalKey } from './totals.js';

const claimant = alias(actors, 'claimant');

const claimColumns = {
  id: claims.id,
  article_id: claims.article_id,
  claimant_id: claims.claimant_id,
  claimant_name: claimant.name,
  claimant_text: claims.claimant_text,
  quote: claims.quote,
  quote_start: claims.quote_start,
  quote_end: claims.quote_end,
  statement_en: claims.statement_en,
  claim_type: claims.claim_type,
  certainty: claims.certainty,
  note: claims.note,
  event_ids: sql<string>`(SELECT json_group_array(event_id) FROM (
    SELECT ${claimEvents.event_id} AS event_id FROM ${claimEvents} WHERE ${claimEvents.claim_id} = ${claims.id} ORDER BY 1))`,
};

/**
 * The claimant is joined by `+claimant_id`, which no index serves, so that
 * SQLite reads claims in id order and seeks each claimant. Otherwise it read
 * every claimant's claims through claims_claimant_idx and sorted them: 3.7 ms
 * for a page of 50 on a 200,000-event file, against 0.3 ms.
 */
function selectClaims(db: Db, where: SQL) {
  return db
    .select(claimColumns)
    .from(claims)
    .innerJoin(claimant, eq(claimant.id, sql`+${claims.claimant_id}`))
    .where(where)
    .$dynamic();
}

type ClaimSelected = Awaited<ReturnType<ReturnType<typeof selectClaims>['all']>>[number];

function toClaim({ claimant_id, claimant_name, event_ids, ...row }: ClaimSelected): Claim {
  return { ...row, claimant: { id: claimant_id, name: claimant_name }, event_ids: JSON.parse(event_ids) as number[] };
}

/** Claims matching a condition, in reading order (article, then position in its text). */
export function claimsWhere(db: Db, where: SQL): Claim[] {
  return selectClaims(db, where).orderBy(claims.article_id, claims.quote_start, claims.id).all().map(toClaim);
}

/** An event's claims in reading order (GET /events/{id}; prepared once per connection). */
export function claimsOfEvent(db: Db, eventId: number): Claim[] {
  return claimsOfEventQuery(db).all({ event: eventId }).map(toClaim);
}

const claimsOfEventQuery = perConnection((db) =>
  selectClaims(
    db,
    sql`${claims.id} IN (SELECT ${claimEvents.claim_id} FROM ${claimEvents} WHERE ${claimEvents.event_id} = ${sql.placeholder('event')})`,
  )
    .orderBy(claims.article_id, claims.quote_start, claims.id)
    .prepare(),
);

export function getClaim(db: Db, id: number): Claim | null {
  return claimsWhere(db, eq(claims.id, id))[0] ?? null;
}

function claimConditions(query: ClaimsQuery, filters: ResolvedFilters): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  // One claimant as `=`: its index entries come in id order, so a page stops after 50 (0.5 ms) where an IN list
  // sorted all of its claims first (11 ms for the 109,000 of the busiest claimant on a 200,000-event file).
  if (filters.articleIds) parts.push(inFewIds(claims.article_id, filters.articleIds));
  if (filters.claimantIds) parts.push(inFewIds(claims.claimant_id, filters.claimantIds));
  if (query.event) {
    parts.push(sql`${claims.id} IN (SELECT ${claimEvents.claim_id} FROM ${claimEvents} WHERE ${inIds(claimEvents.event_id, query.event)})`);
  }
  if (query.claim_type) parts.push(eq(claims.claim_type, query.claim_type));
  if (query.certainty) parts.push(eq(claims.certainty, query.certainty));
  return sql.join(parts, sql` AND `);
}

/** GET /claims: in id order, which is the order they were coded (article by article, in reading order); with `q`, by relevance. */
export function findClaims(db: Db, query: ClaimsQuery): Page<Claim> {
  const filters = resolveFilters(db, { article: query.article, claimant: query.claimant });
  const where = claimConditions(query, filters);
  const search = fullTextSearch(query.q);
  const page = search ? searchClaims(db, where, query, search) : listClaims(db, where, query);
  return { data: page.data, meta: { ...page.meta, ...nameMeta(filters) } };
}

function listClaims(db: Db, where: SQL, query: ClaimsQuery): Page<Claim> {
  const after = decodeCursor('claims', query.cursor);
  const keyset = after ? sql` AND ${claims.id} > ${after.id}` : sql``;
  const total = countRows(db, sql`SELECT 1 FROM ${claims} WHERE ${where}`, query.total === 'exact', totalKey('claims', query));
  const rows = selectClaims(db, sql`${where}${keyset}`)
    .orderBy(claims.id)
    .limit(query.limit + 1)
    .all()
    .map(toClaim);
  return toPage('claims', rows, query.limit, total, (r) => ({ sort: null, id: r.id }));
}

/** Ranked by bm25 over the quote and the English statement, best first, each with a highlighted snippet. */
function searchClaims(db: Db, where: SQL, query: ClaimsQuery, search: FullTextSearch): Page<Claim> {
  const after = decodeCursor('claims:q', query.cursor);
  const ranked = db.all<{ id: number; score: number }>(
    sql`SELECT search_claims.rowid AS id, bm25(search_claims) AS score FROM search_claims JOIN ${claims} ON ${claims.id} = search_claims.rowid
        WHERE search_claims MATCH ${search.fts} AND ${where} ORDER BY score, id`,
  );
  const shown = afterPosition(ranked, after, (r) => r.score).slice(0, query.limit + 1);
  const ids = shown.map((r) => r.id);
  const rows = inOrderOf(ids, ids.length ? claimsWhere(db, inIds(claims.id, ids)) : []).map((c, i) => ({
    ...c,
    score: shown[i]?.score ?? null,
    snippet: snippet([c.quote, c.statement_en], search.text),
  }));
  return toPage('claims:q', rows, query.limit, { total: ranked.length, exact: true }, (r) => ({ sort: r.score ?? 0, id: r.id }));
}
