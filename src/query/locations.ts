import { count } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { events, locations } from '../db/schema.js';
import type { Location, LocationDetail, LocationsQuery } from '../schemas/entities.js';
import { aliasesOf, childrenOf, listEntities } from './entities.js';
import { inIds } from './filters.js';
import { ancestorPath, descendantsAndSelf } from './names.js';
import type { Page } from './pagination.js';

function locationsByIds(db: Db, ids: number[]): Location[] {
  if (ids.length === 0) return [];
  const rows = db
    .select({
      id: locations.id,
      name: locations.name,
      name_ar: locations.name_ar,
      kind: locations.kind,
      parent_id: locations.parent_id,
      lat: locations.lat,
      lon: locations.lon,
      geo_precision: locations.geo_precision,
      coord_source: locations.coord_source,
      geonames_id: locations.geonames_id,
      pcode: locations.pcode,
    })
    .from(locations)
    .where(inIds(locations.id, ids))
    .orderBy(locations.id)
    .all();
  const aliases = aliasesOf(db, 'locations', ids);
  return rows.map((r) => ({ ...r, aliases: aliases.get(r.id) ?? [] }));
}

/** GET /locations: by id, or with `q` by how well a name matches. */
export function findLocations(db: Db, query: LocationsQuery): Page<Location & { match_rank: number | null }> {
  return listEntities(db, 'locations', query, (ids) => locationsByIds(db, ids));
}

export function getLocation(db: Db, id: number): LocationDetail | null {
  const [row] = locationsByIds(db, [id]);
  if (!row) return null;
  const tree = descendantsAndSelf(db, 'locations', [id]);
  const eventsAt = (ids: number[]) => db.select({ n: count() }).from(events).where(inIds(events.location_id, ids)).get()?.n ?? 0;
  const path = ancestorPath(db, 'locations', id);
  return {
    ...row,
    ancestors: path.slice(0, -1),
    children: childrenOf(db, 'locations', id),
    event_counts: { total: eventsAt([id]), including_places_inside: eventsAt(tree) },
  };
}
