import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actorAliases, actors, locationAliases, locations } from '../db/schema.js';
import { normaliseName } from '../names/normalise.js';
import type { NameMatch, PathEntry } from '../schemas/common.js';

/** Actors and locations are both named trees with aliases: their tables, and the alias column naming the owner. */
export const ENTITY_TABLES = {
  actors: { table: actors, aliases: actorAliases, owner: actorAliases.actor_id },
  locations: { table: locations, aliases: locationAliases, owner: locationAliases.location_id },
};
export type EntityKind = keyof typeof ENTITY_TABLES;

export interface ResolvedNames {
  /** Per name as the user wrote it: what it matched. */
  matched: Record<string, NameMatch[]>;
  /** Names that matched nothing. */
  unmatched: string[];
  /** Ids to filter on: every match, and with `scope: 'tree'` every descendant of each. */
  ids: number[];
}

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
/**
 * How a tree-scoped match becomes ids: `expanded` lists every entity below
 * each match; `outermost` keeps only the matches no other match contains, for
 * queries that read what lies below an entity from the read model's closure
 * tables (listing the places inside Syria alone would take some 50,000 ids).
 */
export type TreeIds = 'expanded' | 'outermost';

export function resolveNames(
  db: Db,
  entity: EntityKind,
  names: string[],
  scope: 'tree' | 'exact' = 'tree',
  trees: TreeIds = 'expanded',
): ResolvedNames {
  const { table, aliases, owner } = ENTITY_TABLES[entity];
  const matched: Record<string, NameMatch[]> = {};
  const unmatched: string[] = [];
  const found = new Set<number>();
  for (const name of names) {
    const rows: NameMatch[] = /^\d{1,15}$/.test(name)
      ? db.all<NameMatch>(sql`SELECT ${table.id}, ${table.name}, ${table.kind} FROM ${table} WHERE ${table.id} = ${Number(name)}`)
      : db.all<NameMatch>(
          sql`SELECT DISTINCT ${table.id}, ${table.name}, ${table.kind} FROM ${aliases} JOIN ${table} ON ${table.id} = ${owner}
              WHERE ${aliases.norm_key} = ${normaliseName(name)} ORDER BY ${table.id}`,
        );
    if (rows.length === 0) unmatched.push(name);
    else matched[name] = rows;
    for (const r of rows) found.add(r.id);
  }
  const ids =
    scope === 'exact' || found.size === 0
      ? [...found]
      : trees === 'outermost'
        ? outermost(db, entity, [...found])
        : descendantsAndSelf(db, entity, [...found]);
  return { matched, unmatched, ids };
}

/** The given ids less those that lie below another of them: each subtree once. */
export function outermost(db: Db, entity: EntityKind, ids: number[]): number[] {
  const { table } = ENTITY_TABLES[entity];
  const list = JSON.stringify(ids);
  const inner = new Set(
    db
      .all<{ id: number }>(
        sql`WITH RECURSIVE up(start, id) AS (
              SELECT value, value FROM json_each(${list})
              UNION SELECT up.start, ${table.parent_id} FROM ${table} JOIN up ON ${table.id} = up.id WHERE ${table.parent_id} IS NOT NULL
            ) SELECT DISTINCT start AS id FROM up WHERE id <> start AND id IN (SELECT value FROM json_each(${list}))`,
      )
      .map((r) => r.id),
  );
  return ids.filter((id) => !inner.has(id)).sort((a, b) => a - b);
}

/** The given ids and every entity below them in the parent tree. */
export function descendantsAndSelf(db: Db, entity: EntityKind, ids: number[]): number[] {
  const { table } = ENTITY_TABLES[entity];
  const rows = db.all<{ id: number }>(
    sql`WITH RECURSIVE tree(id) AS (
          SELECT value FROM json_each(${JSON.stringify(ids)})
          UNION SELECT ${table.id} FROM ${table} JOIN tree ON ${table.parent_id} = tree.id
        ) SELECT id FROM tree`,
  );
  return rows.map((r) => r.id);
}

/** The chain from the root down to the entity itself (country → governorate → city...). */
export function ancestorPath(db: Db, entity: EntityKind, id: number): PathEntry[] {
  const { table } = ENTITY_TABLES[entity];
  return db.all<PathEntry>(
    sql`WITH RECURSIVE up(id, depth) AS (
          SELECT ${id}, 0
          UNION ALL SELECT ${table.parent_id}, up.depth + 1 FROM ${table} JOIN up ON ${table.id} = up.id WHERE ${table.parent_id} IS NOT NULL
        ) SELECT ${table.id}, ${table.name}, ${table.name_ar}, ${table.kind} FROM up JOIN ${table} ON ${table.id} = up.id ORDER BY up.depth DESC`,
  );
}

/** The top-level ancestor of each actor (SANA → Syrian government). */
export function rootActors(db: Db, ids: number[]): Map<number, number> {
  const roots = new Map<number, number>();
  for (const id of new Set(ids)) {
    const row = db.get<{ id: number }>(
      sql`WITH RECURSIVE up(id, parent_id) AS (
            SELECT ${actors.id}, ${actors.parent_id} FROM ${actors} WHERE ${actors.id} = ${id}
            UNION ALL SELECT ${actors.id}, ${actors.parent_id} FROM ${actors} JOIN up ON ${actors.id} = up.parent_id
          ) SELECT id FROM up WHERE parent_id IS NULL`,
    );
    roots.set(id, row?.id ?? id);
  }
  return roots;
}
