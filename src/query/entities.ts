import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { normaliseName } from '../names/normalise.js';
import { containsPattern, inIds } from './filters.js';
import { ancestorPath, descendantsAndSelf } from './names.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

/** Actors and locations share their list logic: both are named trees with aliases. */
export type EntityKind = 'actors' | 'locations';

const T = {
  actors: { table: sql.raw('actors'), aliases: sql.raw('actor_aliases'), fk: sql.raw('actor_id') },
  locations: { table: sql.raw('locations'), aliases: sql.raw('location_aliases'), fk: sql.raw('location_id') },
};

export interface EntityFilters {
  q?: string;
  kind?: string;
  parent?: number;
}

/**
 * Lists actors or locations. With `q`, entities are ranked by their best
 * alias match — 0 exact, 1 prefix, 2 partial, on the normalised key — so an
 * autocomplete box shows the exact name first; otherwise they are in id order.
 */
export function listEntities<Row extends { id: number }>(
  db: Db,
  entity: EntityKind,
  f: EntityFilters,
  limit: number,
  cursor: string | undefined,
  hydrate: (ids: number[]) => Row[],
): Page<Row & { match_rank: number | null }> {
  const { table, aliases, fk } = T[entity];
  const conditions: SQL[] = [sql`1 = 1`];
  if (f.kind) conditions.push(sql`e.kind = ${f.kind}`);
  if (f.parent !== undefined) conditions.push(sql`e.parent_id = ${f.parent}`);
  let rankExpr = sql`0`;
  if (f.q) {
    const key = normaliseName(f.q);
    const raw = containsPattern(f.q);
    const keyPrefix = `${key.replaceAll(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const keyPart = `%${key.replaceAll(/[%_\\]/g, (c) => `\\${c}`)}%`;
    rankExpr = sql`(SELECT min(CASE WHEN a.norm_key = ${key} THEN 0 WHEN a.norm_key LIKE ${keyPrefix} ESCAPE '\\' THEN 1 ELSE 2 END)
                    FROM ${aliases} a WHERE a.${fk} = e.id
                      AND (a.norm_key LIKE ${keyPart} ESCAPE '\\' OR a.alias LIKE ${raw} ESCAPE '\\'))`;
    conditions.push(sql`rank IS NOT NULL`);
  }
  const where = sql.join(conditions, sql` AND `);
  const resource = `${entity}${f.q ? ':q' : ''}`;
  const after = decodeCursor(resource, cursor);
  const keyset = after ? sql` AND (${f.q ? sql`rank` : sql`0`}, e.id) > (${after.sort ?? 0}, ${after.id})` : sql``;
  const counted =
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT e.*, ${rankExpr} AS rank FROM ${table} e) e WHERE ${where}`)?.n ?? 0;
  const ranked = db.all<{ id: number; rank: number }>(
    sql`SELECT e.id, e.rank FROM (SELECT e.*, ${rankExpr} AS rank FROM ${table} e) e WHERE ${where}${keyset}
        ORDER BY ${f.q ? sql`e.rank, ` : sql``}e.id LIMIT ${limit + 1}`,
  );
  const byId = new Map(hydrate(ranked.map((r) => r.id)).map((r) => [r.id, r]));
  const rows = ranked.map((r) => ({ ...(byId.get(r.id) as Row), match_rank: f.q ? r.rank : null }));
  return toPage(resource, rows, limit, counted, (r) => ({ sort: r.match_rank ?? 0, id: r.id }));
}

export function aliasesOf(db: Db, entity: EntityKind, ids: number[]): Map<number, { alias: string; lang: 'ar' | 'en' }[]> {
  const { aliases, fk } = T[entity];
  const out = new Map<number, { alias: string; lang: 'ar' | 'en' }[]>();
  if (ids.length === 0) return out;
  const rows = db.all<{ owner: number; alias: string; lang: 'ar' | 'en' }>(
    sql`SELECT ${fk} AS owner, alias, lang FROM ${aliases} WHERE ${inIds(sql`${fk}`, ids)} ORDER BY ${fk}, lang, alias`,
  );
  for (const r of rows) out.set(r.owner, [...(out.get(r.owner) ?? []), { alias: r.alias, lang: r.lang }]);
  return out;
}

export function childrenOf(db: Db, entity: EntityKind, id: number): { id: number; name: string; kind: string }[] {
  return db.all(sql`SELECT id, name, kind FROM ${T[entity].table} WHERE parent_id = ${id} ORDER BY name, id`);
}

export { ancestorPath, descendantsAndSelf };
