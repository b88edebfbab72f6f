import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { article } from '../routes/shapes.js';
import { claimsWhere } from './claims.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

export type ArticleRow = z.infer<typeof article>;

const ARTICLE_SELECT = sql`
  SELECT a.id, a.file_name, a.title, a.publisher, a.language, a.published_start, a.published_end, a.published_precision,
         a.published_note, a.published_basis, (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claim_count
  FROM articles a`;

export function listArticles(db: Db, where: SQL, limit: number, cursor: string | undefined): Page<ArticleRow> {
  const after = decodeCursor('articles', cursor);
  const keyset = after ? sql` AND (a.published_start, a.id) > (${after.sort}, ${after.id})` : sql``;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM articles a WHERE ${where}`)?.n ?? 0;
  const rows = db.all<ArticleRow>(sql`${ARTICLE_SELECT} WHERE ${where}${keyset} ORDER BY a.published_start, a.id LIMIT ${limit + 1}`);
  return toPage('articles', rows, limit, total, (r) => ({ sort: r.published_start, id: r.id }));
}

export function getArticle(db: Db, id: number) {
  const row = db.get<ArticleRow & { text: string }>(
    sql`SELECT x.*, a.text FROM (${ARTICLE_SELECT} WHERE a.id = ${id}) x JOIN articles a ON a.id = x.id`,
  );
  if (!row) return null;
  return { ...row, claims: claimsWhere(db, sql`c.article_id = ${id}`) };
}
