import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { normaliseName } from '../names/normalise.js';
import { containsPattern, inIds } from './filters.js';
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
 * alias match on the normalised key — 0 exact, 1 prefix (both index range
 * seeks on norm_key), 2 partial (a scan of the alias table, never of the
 * entities) — so an autocomplete box shows the exact name first; without
 * `q` they are in id order.
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
  let source = sql`SELECT e.id, 0 AS rank FROM ${table} e`;
  if (f.q) {
    const key = normaliseName(f.q);
    const escaped = key.replaceAll(/[%_\\]/g, (c) => `\\${c}`);
    source = sql`WITH candidates(id, rank) AS (
        SELECT ${fk}, 0 FROM ${aliases} WHERE norm_key = ${key}
        UNION ALL SELECT ${fk}, 1 FROM ${aliases} WHERE norm_key > ${key} AND norm_key < ${`${key}\u{10FFFF}`}
        UNION ALL SELECT ${fk}, 2 FROM ${aliases}
          WHERE norm_key LIKE ${`%${escaped}%`} ESCAPE '\\' OR alias LIKE ${containsPattern(f.q)} ESCAPE '\\'
      ) SELECT e.id, min(c.rank) AS rank FROM candidates c JOIN ${table} e ON e.id = c.id GROUP BY e.id`;
  }
  const where = sql.join(conditions, sql` AND `);
  const resource = `${entity}${f.q ? ':q' : ''}`;
  const after = decodeCursor(resource, cursor);
  const keyset = after ? sql` AND (m.rank, e.id) > (${after.sort ?? 0}, ${after.id})` : sql``;
  const matches = sql`SELECT m.id, m.rank FROM (${source}) m JOIN ${table} e ON e.id = m.id WHERE ${where}`;
  const counted = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${matches})`)?.n ?? 0;
  const ranked = db.all<{ id: number; rank: number }>(sql`${matches}${keyset} ORDER BY m.rank, e.id LIMIT ${limit + 1}`);
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
