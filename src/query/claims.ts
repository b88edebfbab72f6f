import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { claim } from '../routes/shapes.js';
import { snippet } from '../search/index.js';
import { inIds, type ResolvedFilters } from './filters.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

export type ClaimRow = z.infer<typeof claim>;

interface ClaimFlat {
  id: number;
  article_id: number;
  claimant_id: number;
  claimant_name: string;
  claimant_text: string | null;
  quote: string;
  quote_start: number;
  quote_end: number;
  statement_en: string;
  claim_type: ClaimRow['claim_type'];
  certainty: ClaimRow['certainty'];
  event_ids: string;
  note: string | null;
}

const CLAIM_COLUMNS = sql`
  c.id, c.article_id, c.claimant_id, a.name AS claimant_name, c.claimant_text, c.quote, c.quote_start, c.quote_end,
         c.statement_en, c.claim_type, c.certainty, c.note,
         (SELECT json_group_array(event_id) FROM (SELECT event_id FROM claim_events WHERE claim_id = c.id ORDER BY event_id)) AS event_ids`;
const CLAIM_FROM = sql`FROM claims c JOIN actors a ON a.id = c.claimant_id`;
const CLAIM_SELECT = sql`SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM}`;

function toClaim(r: ClaimFlat): ClaimRow {
  return {
    id: r.id,
    article_id: r.article_id,
    claimant: { id: r.claimant_id, name: r.claimant_name },
    claimant_text: r.claimant_text,
    quote: r.quote,
    quote_start: r.quote_start,
    quote_end: r.quote_end,
    statement_en: r.statement_en,
    claim_type: r.claim_type,
    certainty: r.certainty,
    event_ids: JSON.parse(r.event_ids) as number[],
    note: r.note,
  };
}

/** Claims matching a condition, in reading order (article, then position in its text). */
export function claimsWhere(db: Db, where: SQL): ClaimRow[] {
  return db.all<ClaimFlat>(sql`${CLAIM_SELECT} WHERE ${where} ORDER BY c.article_id, c.quote_start, c.id`).map(toClaim);
}

export function getClaim(db: Db, id: number): ClaimRow | null {
  return claimsWhere(db, sql`c.id = ${id}`)[0] ?? null;
}

export interface ClaimFilters {
  event?: number[];
  claim_type?: string;
  certainty?: string;
}

export function claimConditions(f: ClaimFilters, r: ResolvedFilters): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (r.articleIds) parts.push(inIds(sql`c.article_id`, r.articleIds));
  if (r.claimantIds) parts.push(inIds(sql`c.claimant_id`, r.claimantIds));
  if (f.event) parts.push(sql`c.id IN (SELECT claim_id FROM claim_events WHERE ${inIds(sql`event_id`, f.event)})`);
  if (f.claim_type) parts.push(sql`c.claim_type = ${f.claim_type}`);
  if (f.certainty) parts.push(sql`c.certainty = ${f.certainty}`);
  return sql.join(parts, sql` AND `);
}

/** Claims are listed in id order, which is the order they were coded: article by article, in reading order; with a full-text query, by relevance. */
export function listClaims(
  db: Db,
  where: SQL,
  limit: number,
  cursor: string | undefined,
  search?: { fts: string; q: string },
): Page<ClaimRow> {
  if (search) {
    const after = decodeCursor('claims:q', cursor);
    const hits = sql`WITH ranked(claim_id, score) AS (SELECT rowid, bm25(search_claims) FROM search_claims WHERE search_claims MATCH ${search.fts})`;
    const keyset = after ? sql` AND (r.score, c.id) > (${after.sort}, ${after.id})` : sql``;
    const total =
      db.get<{ n: number }>(sql`${hits} SELECT count(*) AS n FROM ranked r JOIN claims c ON c.id = r.claim_id WHERE ${where}`)?.n ?? 0;
    const rows = db
      .all<ClaimFlat & { score: number }>(
        // The score is selected too: the next page's cursor starts after the last row's (score, id).
        sql`${hits} SELECT ${CLAIM_COLUMNS}, r.score AS score ${CLAIM_FROM} JOIN ranked r ON r.claim_id = c.id WHERE ${where}${keyset} ORDER BY r.score, c.id LIMIT ${limit + 1}`,
      )
      .map((r) => ({ ...toClaim(r), score: r.score, snippet: snippet([r.quote, r.statement_en], search.q) }));
    return toPage('claims:q', rows, limit, total, (r) => ({ sort: r.score ?? 0, id: r.id }));
  }
  const after = decodeCursor('claims', cursor);
  const keyset = after ? sql` AND c.id > ${after.id}` : sql``;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM claims c WHERE ${where}`)?.n ?? 0;
  const rows = db.all<ClaimFlat>(sql`${CLAIM_SELECT} WHERE ${where}${keyset} ORDER BY c.id LIMIT ${limit + 1}`).map(toClaim);
  return toPage('claims', rows, limit, total, (r) => ({ sort: null, id: r.id }));
}
