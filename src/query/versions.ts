import { and, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { changes } from '../db/schema.js';

/** The version a record is at: the last one its history records, or 1 for a seeded record never written through the API. */
export function recordVersion(db: Db, resource: string, id: number): number {
  return lastVersion(db).get({ resource, id })?.version ?? 1;
}

/** Asked by every one-record GET (its ETag), so prepared once per connection. */
const lastVersion = perConnection((db) =>
  db
    .select({ version: max(changes.version) })
    .from(changes)
    .where(and(eq(changes.resource, sql.placeholder('resource')), eq(changes.record_id, sql.placeholder('id'))))
    .prepare(),
);
