import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { location } from '../routes/shapes.js';
import { aliasesOf, childrenOf } from './entities.js';
import { inIds } from './filters.js';
import { ancestorPath, descendantsAndSelf } from './names.js';

export type LocationRow = z.infer<typeof location>;

export function locationsByIds(db: Db, ids: number[]): LocationRow[] {
  if (ids.length === 0) return [];
  const rows = db.all<Omit<LocationRow, 'aliases'>>(
    sql`SELECT id, name, name_ar, kind, parent_id, lat, lon, geo_precision, coord_source, geonames_id, pcode
        FROM locations WHERE ${inIds(sql`id`, ids)} ORDER BY id`,
  );
  const aliases = aliasesOf(db, 'locations', ids);
  return rows.map((r) => ({ ...r, aliases: aliases.get(r.id) ?? [] }));
}

export function getLocation(db: Db, id: number) {
  const [row] = locationsByIds(db, [id]);
  if (!row) return null;
  const tree = descendantsAndSelf(db, 'locations', [id]);
  const count = (ids: number[]) =>
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM events WHERE ${inIds(sql`location_id`, ids)}`)?.n ?? 0;
  const path = ancestorPath(db, 'locations', id);
  return {
    ...row,
    ancestors: path.slice(0, -1),
    children: childrenOf(db, 'locations', id),
    event_counts: { total: count([id]), including_places_inside: count(tree) },
  };
}
