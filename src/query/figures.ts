import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { OUTCOMES, QUALIFIERS } from '../domain.js';
import { containsPattern, inIds, type ResolvedFilters } from './filters.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

type Ref = { id: number; name: string };

/** A figure as the API shows it: a number a claim states that is no single event's casualty figure. */
export interface FigureRow {
  id: number;
  claim_id: number;
  article_id: number;
  claimant: Ref;
  what: string;
  unit: string;
  count_low: number | null;
  count_high: number | null;
  qualifier: (typeof QUALIFIERS)[number];
  vague_text: string | null;
  outcome: (typeof OUTCOMES)[number] | null;
  victim_actor: Ref | null;
  victim_group: string | null;
  place: Ref | null;
  period_start: string | null;
  period_end: string | null;
  quote: string;
  note: string | null;
}

interface FlatRow extends Omit<FigureRow, 'claimant' | 'victim_actor' | 'place'> {
  claimant_id: number;
  claimant_name: string;
  victim_actor_id: number | null;
  victim_actor_name: string | null;
  place_id: number | null;
  place_name: string | null;
}

const FIGURE_SELECT = sql`
  SELECT f.id, f.claim_id, c.article_id, c.claimant_id, ca.name AS claimant_name, f.what, f.unit, f.count_low, f.count_high,
         f.qualifier, f.vague_text, f.outcome, f.victim_actor_id, va.name AS victim_actor_name, f.victim_group,
         f.place_id, l.name AS place_name, f.period_start, f.period_end, c.quote, f.note
  FROM figures f
  JOIN claims c ON c.id = f.claim_id
  JOIN actors ca ON ca.id = c.claimant_id
  LEFT JOIN actors va ON va.id = f.victim_actor_id
  LEFT JOIN locations l ON l.id = f.place_id`;

function toFigure(r: FlatRow): FigureRow {
  return {
    id: r.id,
    claim_id: r.claim_id,
    article_id: r.article_id,
    claimant: { id: r.claimant_id, name: r.claimant_name },
    what: r.what,
    unit: r.unit,
    count_low: r.count_low,
    count_high: r.count_high,
    qualifier: r.qualifier,
    vague_text: r.vague_text,
    outcome: r.outcome,
    victim_actor: r.victim_actor_id === null ? null : { id: r.victim_actor_id, name: r.victim_actor_name ?? '' },
    victim_group: r.victim_group,
    place: r.place_id === null ? null : { id: r.place_id, name: r.place_name ?? '' },
    period_start: r.period_start,
    period_end: r.period_end,
    quote: r.quote,
    note: r.note,
  };
}

export interface FigureFilters {
  claim?: number[];
  q?: string;
}

/** `place` is the figure's place with the places inside it; `q` is plain text in what is counted, the words, the quote or the note. */
export function figureConditions(f: FigureFilters, r: ResolvedFilters): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (f.claim) parts.push(inIds(sql`f.claim_id`, f.claim));
  if (r.placeIds) parts.push(inIds(sql`f.place_id`, r.placeIds));
  if (r.claimantIds) parts.push(inIds(sql`c.claimant_id`, r.claimantIds));
  if (r.articleIds) parts.push(inIds(sql`c.article_id`, r.articleIds));
  if (f.q) {
    const like = containsPattern(f.q);
    parts.push(
      sql`(f.what LIKE ${like} ESCAPE '\\' OR f.unit LIKE ${like} ESCAPE '\\' OR f.vague_text LIKE ${like} ESCAPE '\\'
           OR f.victim_group LIKE ${like} ESCAPE '\\' OR c.quote LIKE ${like} ESCAPE '\\' OR c.statement_en LIKE ${like} ESCAPE '\\')`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/** In the order the seed wrote them (article, then claim, then the figure's place in its claim), which ids keep. */
export function listFigures(db: Db, where: SQL, limit: number, cursor: string | undefined): Page<FigureRow> {
  const after = decodeCursor('figures', cursor);
  const keyset = after ? sql` AND f.id > ${after.id}` : sql``;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM figures f JOIN claims c ON c.id = f.claim_id WHERE ${where}`)?.n ?? 0;
  const rows = db.all<FlatRow>(sql`${FIGURE_SELECT} WHERE ${where}${keyset} ORDER BY f.id LIMIT ${limit + 1}`).map(toFigure);
  return toPage('figures', rows, limit, total, (r) => ({ sort: null, id: r.id }));
}

export function getFigure(db: Db, id: number): FigureRow | null {
  const row = db.get<FlatRow>(sql`${FIGURE_SELECT} WHERE f.id = ${id}`);
  return row ? toFigure(row) : null;
}
