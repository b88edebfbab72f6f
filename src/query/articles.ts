import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { articles, claims } from '../db/schema.js';
import type { Article, ArticleDetail, ArticlesQuery } from '../schemas/articles.js';
import { claimsWhere } from './claims.js';
import { inIds } from './filters.js';
import { countRows, decodeCursor, type Page, toPage } from './pagination.js';
import { totalKey } from './totals.js';

const articleColumns = {
  id: articles.id,
  file_name: articles.file_name,
  title: articles.title,
  publisher: articles.publisher,
  language: articles.language,
  published_start: articles.published_start,
  published_end: articles.published_end,
  published_precision: articles.published_precision,
  published_note: articles.published_note,
  published_basis: articles.published_basis,
  // Counted per article through claims_article_idx: grouping a join of every article with its claims made SQLite
  // count all 67,000 articles of a 200,000-event file before taking a page of 50 (290 ms).
  // In a one-table select Drizzle leaves column names bare, and a bare "id" inside the subquery would be the
  // claim's: the article's id is written as `articles`.`id` (selectArticles joins nothing).
  claim_count: sql<number>`(SELECT count(*) FROM ${claims} WHERE ${claims.article_id} = ${articles}.${articles.id})`.mapWith(Number),
};

/** Articles with their claim counts; every condition may name `articles`. */
function selectArticles(db: Db, where: SQL) {
  return db.select(articleColumns).from(articles).where(where).$dynamic();
}

/** GET /articles: by publication date (start of its range), then id. */
export function findArticles(db: Db, query: ArticlesQuery): Page<Article> {
  const after = decodeCursor('articles', query.cursor);
  const keyset: SQL = after ? sql`(${articles.published_start}, ${articles.id}) > (${after.sort}, ${after.id})` : sql`1 = 1`;
  const total = countRows(db, sql`SELECT 1 FROM ${articles}`, query.total === 'exact', totalKey('articles', query));
  const rows = selectArticles(db, keyset)
    .orderBy(articles.published_start, articles.id)
    .limit(query.limit + 1)
    .all();
  return toPage('articles', rows, query.limit, total, (r) => ({ sort: r.published_start, id: r.id }));
}

export function getArticle(db: Db, id: number): ArticleDetail | null {
  const [row] = selectArticles(db, eq(articles.id, id)).all();
  if (!row) return null;
  const text = db.select({ text: articles.text }).from(articles).where(eq(articles.id, id)).get()?.text ?? '';
  return { ...row, text, claims: claimsWhere(db, eq(claims.article_id, id)) };
}

/** The full texts of these articles, by id: what claims' offsets and quote contexts are taken from. */
export function articleTexts(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: articles.id, text: articles.text }).from(articles).where(inIds(articles.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.text]));
}
