import { eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { actors, claims, figures, locations } from '../db/schema.js';
import type { Figure, FiguresQuery } from '../schemas/figures.js';
import { containsPattern, inIds, nameMeta, resolveFilters } from './filters.js';
import { countRows, decodeCursor, type Page, toPage } from './pagination.js';
import { totalKey } from './totals.js';

const claimant = alias(actors, 'claimant');
const victim = alias(actors, 'victim');

const figureColumns = {
  id: figures.id,
  claim_id: figures.claim_id,
  article_id: claims.article_id,
  claimant_id: claims.claimant_id,
  claimant_name: claimant.name,
  what: figures.what,
  unit: figures.unit,
  count_low: figures.count_low,
  count_high: figures.count_high,
  qualifier: figures.qualifier,
  vague_text: figures.vague_text,
  outcome: figures.outcome,
  victim_actor_id: figures.victim_actor_id,
  victim_actor_name: victim.name,
  victim_group: figures.victim_group,
  place_id: figures.place_id,
  place_name: locations.name,
  period_start: figures.period_start,
  period_end: figures.period_end,
  quote: claims.quote,
  note: figures.note,
};

/** Figures with their claim, claimant, victim and place: every condition below may name any of these tables. */
function selectFigures(db: Db, where: SQL) {
  return db
    .select(figureColumns)
    .from(figures)
    .innerJoin(claims, eq(claims.id, figures.claim_id))
    .innerJoin(claimant, eq(claimant.id, claims.claimant_id))
    .leftJoin(victim, eq(victim.id, figures.victim_actor_id))
    .leftJoin(locations, eq(locations.id, figures.place_id))
    .where(where)
    .$dynamic();
}

/**
 * The places figures name that lie in these places or are one of them: the
 * few places of the figures, each walked up its ancestors. Listing every place
 * inside the match instead took 154 ms of a /figures?place=Syria request on a
 * 200,000-event file (23,000 places), for a table of 25 figures.
 */
function figurePlacesUnder(db: Db, placeIds: number[]): number[] {
  return db
    .all<{ id: number }>(
      sql`WITH RECURSIVE up(place_id, ancestor_id) AS (
            SELECT DISTINCT ${figures.place_id}, ${figures.place_id} FROM ${figures} WHERE ${figures.place_id} IS NOT NULL
            UNION SELECT up.place_id, ${locations.parent_id} FROM up JOIN ${locations} ON ${locations.id} = up.ancestor_id
              WHERE ${locations.parent_id} IS NOT NULL
          ) SELECT DISTINCT place_id AS id FROM up WHERE ${inIds(sql`up.ancestor_id`, placeIds)}`,
    )
    .map((r) => r.id);
}

type FigureSelected = Awaited<ReturnType<ReturnType<typeof selectFigures>['all']>>[number];

function toFigure(r: FigureSelected): Figure {
  const { claimant_id, claimant_name, victim_actor_id, victim_actor_name, place_id, place_name, ...rest } = r;
  return {
    ...rest,
    claimant: { id: claimant_id, name: claimant_name },
    victim_actor: victim_actor_id === null ? null : { id: victim_actor_id, name: victim_actor_name ?? '' },
    place: place_id === null ? null : { id: place_id, name: place_name ?? '' },
  };
}

/**
 * GET /figures, in the order the seed wrote them (article, then claim, then
 * the figure's place in its claim), which ids keep. `place` is the figure's
 * place with the places inside it; `q` is plain text in what is counted, the
 * words, the quote or the statement.
 */
export function findFigures(db: Db, query: FiguresQuery): Page<Figure> {
  const filters = resolveFilters(db, { place: query.place, claimant: query.claimant, article: query.article }, 'outermost');
  const parts: SQL[] = [sql`1 = 1`];
  if (query.claim) parts.push(inIds(figures.claim_id, query.claim));
  if (filters.placeIds) parts.push(inIds(figures.place_id, figurePlacesUnder(db, filters.placeIds)));
  if (filters.claimantIds) parts.push(inIds(claims.claimant_id, filters.claimantIds));
  if (filters.articleIds) parts.push(inIds(claims.article_id, filters.articleIds));
  if (query.q) {
    const like = containsPattern(query.q);
    const columns = [figures.what, figures.unit, figures.vague_text, figures.victim_group, claims.quote, claims.statement_en];
    parts.push(
      sql`(${sql.join(
        columns.map((column) => sql`${column} LIKE ${like} ESCAPE '\\'`),
        sql` OR `,
      )})`,
    );
  }
  const where = sql.join(parts, sql` AND `);
  const after = decodeCursor('figures', query.cursor);
  const keyset = after ? sql` AND ${figures.id} > ${after.id}` : sql``;
  const total = countRows(
    db,
    sql`SELECT 1 FROM ${figures} JOIN ${claims} ON ${claims.id} = ${figures.claim_id} WHERE ${where}`,
    query.total === 'exact',
    totalKey('figures', query),
  );
  const rows = selectFigures(db, sql`${where}${keyset}`)
    .orderBy(figures.id)
    .limit(query.limit + 1)
    .all()
    .map(toFigure);
  const page = toPage('figures', rows, query.limit, total, (r) => ({ sort: null, id: r.id }));
  return { data: page.data, meta: { ...page.meta, ...nameMeta(filters) } };
}

export function getFigure(db: Db, id: number): Figure | null {
  const [row] = selectFigures(db, eq(figures.id, id)).all();
  return row ? toFigure(row) : null;
}
