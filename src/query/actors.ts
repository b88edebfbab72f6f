import { count, countDistinct, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, claims, eventActors } from '../db/schema.js';
import type { Actor, ActorDetail, ActorsQuery } from '../schemas/entities.js';
import { aliasesOf, childrenOf, listEntities } from './entities.js';
import { inIds } from './filters.js';
import { ancestorPath, descendantsAndSelf } from './names.js';
import type { Page } from './pagination.js';

function actorsByIds(db: Db, ids: number[]): Actor[] {
  if (ids.length === 0) return [];
  const rows = db
    .select({ id: actors.id, name: actors.name, name_ar: actors.name_ar, kind: actors.kind, parent_id: actors.parent_id })
    .from(actors)
    .where(inIds(actors.id, ids))
    .orderBy(actors.id)
    .all();
  const aliases = aliasesOf(db, 'actors', ids);
  return rows.map((r) => ({ ...r, aliases: aliases.get(r.id) ?? [] }));
}

/** GET /actors: by id, or with `q` by how well a name matches. */
export function findActors(db: Db, query: ActorsQuery): Page<Actor & { match_rank: number | null }> {
  return listEntities(db, 'actors', query, (ids) => actorsByIds(db, ids));
}

export function getActor(db: Db, id: number): ActorDetail | null {
  const [row] = actorsByIds(db, [id]);
  if (!row) return null;
  const tree = descendantsAndSelf(db, 'actors', [id]);
  const roles = db
    .select({ role: eventActors.role, n: countDistinct(eventActors.event_id) })
    .from(eventActors)
    .where(eq(eventActors.actor_id, id))
    .groupBy(eventActors.role)
    .all();
  const eventsOf = (ids: number[]) =>
    db
      .select({ n: countDistinct(eventActors.event_id) })
      .from(eventActors)
      .where(inIds(eventActors.actor_id, ids))
      .get()?.n ?? 0;
  const claimsMade = db.select({ n: count() }).from(claims).where(eq(claims.claimant_id, id)).get()?.n ?? 0;
  const path = ancestorPath(db, 'actors', id);
  return {
    ...row,
    parent: path.length > 1 ? (path[path.length - 2] ?? null) : null,
    ancestors: path.slice(0, -1),
    children: childrenOf(db, 'actors', id),
    event_counts: {
      total: eventsOf([id]),
      including_sub_actors: eventsOf(tree),
      by_role: Object.fromEntries(roles.map((r) => [r.role, r.n])),
    },
    claims_made: claimsMade,
  };
}
