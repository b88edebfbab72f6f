import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { normaliseName } from '../names/normalise.js';

/** What one name in a filter matched, reported back in `meta.matched`. */
export interface NameMatch {
  id: number;
  name: string;
  kind: string;
}

export interface ResolvedNames {
  /** Per name as the user wrote it: what it matched. */
  matched: Record<string, NameMatch[]>;
  /** Names that matched nothing. */
  unmatched: string[];
  /** Ids to filter on: every match, and with `scope: 'tree'` every descendant of each. */
  ids: number[];
}

type Entity = 'actors' | 'locations';

const TABLES: Record<Entity, { table: SQL; aliases: SQL; fk: SQL }> = {
  actors: { table: sql.raw('actors'), aliases: sql.raw('actor_aliases'), fk: sql.raw('actor_id') },
  locations: { table: sql.raw('locations'), aliases: sql.raw('location_aliases'), fk: sql.raw('location_id') },
};

/** Splits a comma-separated filter value into its names (several names are OR-ed). */
export function splitNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Resolves names or ids to entity ids: a number is an id, anything else is
 * folded by normaliseName and looked up in the alias index. A name may match
 * several entities (a city and its governorate); all of them count.
 */
export function resolveNames(db: Db, entity: Entity, names: string[], scope: 'tree' | 'exact' = 'tree'): ResolvedNames {
  const { table, aliases, fk } = TABLES[entity];
  const matched: Record<string, NameMatch[]> = {};
  const unmatched: string[] = [];
  const found = new Set<number>();
  for (const name of names) {
    const rows: NameMatch[] = /^\d{1,15}$/.test(name)
      ? db.all<NameMatch>(sql`SELECT id, name, kind FROM ${table} WHERE id = ${Number(name)}`)
      : db.all<NameMatch>(
          sql`SELECT DISTINCT e.id, e.name, e.kind FROM ${aliases} a JOIN ${table} e ON e.id = a.${fk}
              WHERE a.norm_key = ${normaliseName(name)} ORDER BY e.id`,
        );
    if (rows.length === 0) unmatched.push(name);
    else matched[name] = rows;
    for (const r of rows) found.add(r.id);
  }
  const ids = scope === 'exact' || found.size === 0 ? [...found] : descendantsAndSelf(db, entity, [...found]);
  return { matched, unmatched, ids };
}

/** The given ids and every entity below them in the parent tree. */
export function descendantsAndSelf(db: Db, entity: Entity, ids: number[]): number[] {
  const { table } = TABLES[entity];
  const rows = db.all<{ id: number }>(
    sql`WITH RECURSIVE tree(id) AS (
          SELECT value FROM json_each(${JSON.stringify(ids)})
          UNION SELECT child.id FROM ${table} child JOIN tree ON child.parent_id = tree.id
        ) SELECT id FROM tree`,
  );
  return rows.map((r) => r.id);
}

/** The chain from the root down to the entity itself (country → governorate → city...). */
export function ancestorPath(db: Db, entity: Entity, id: number): { id: number; name: string; name_ar: string | null; kind: string }[] {
  const { table } = TABLES[entity];
  return db.all(
    sql`WITH RECURSIVE up(id, depth) AS (
          SELECT ${id}, 0
          UNION ALL SELECT p.parent_id, up.depth + 1 FROM ${table} p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL
        ) SELECT e.id, e.name, e.name_ar, e.kind FROM up JOIN ${table} e ON e.id = up.id ORDER BY up.depth DESC`,
  );
}
