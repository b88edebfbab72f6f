import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { actor } from '../routes/shapes.js';
import { aliasesOf, childrenOf } from './entities.js';
import { inIds } from './filters.js';
import { ancestorPath, descendantsAndSelf } from './names.js';

export type ActorRow = z.infer<typeof actor>;

export function actorsByIds(db: Db, ids: number[]): ActorRow[] {
  if (ids.length === 0) return [];
  const rows = db.all<Omit<ActorRow, 'aliases'>>(
    sql`SELECT id, name, name_ar, kind, parent_id FROM actors WHERE ${inIds(sql`id`, ids)} ORDER BY id`,
  );
  const aliases = aliasesOf(db, 'actors', ids);
  return rows.map((r) => ({ ...r, aliases: aliases.get(r.id) ?? [] }));
}

export function getActor(db: Db, id: number) {
  const [row] = actorsByIds(db, [id]);
  if (!row) return null;
  const tree = descendantsAndSelf(db, 'actors', [id]);
  const roles = db.all<{ role: string; n: number }>(
    sql`SELECT role, count(DISTINCT event_id) AS n FROM event_actors WHERE actor_id = ${id} GROUP BY role`,
  );
  const count = (ids: number[]) =>
    db.get<{ n: number }>(sql`SELECT count(DISTINCT event_id) AS n FROM event_actors WHERE ${inIds(sql`actor_id`, ids)}`)?.n ?? 0;
  const claimsMade = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM claims WHERE claimant_id = ${id}`)?.n ?? 0;
  const path = ancestorPath(db, 'actors', id);
  return {
    ...row,
    parent: path.length > 1 ? (path[path.length - 2] ?? null) : null,
    ancestors: path.slice(0, -1),
    children: childrenOf(db, 'actors', id),
    event_counts: {
      total: count([id]),
      including_sub_actors: count(tree),
      by_role: Object.fromEntries(roles.map((r) => [r.role, r.n])),
    },
    claims_made: claimsMade,
  };
}
