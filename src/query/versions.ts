import { and, eq, max } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { changes } from '../db/schema.js';

/** The version a record is at: the last one its history records, or 1 for a seeded record never written through the API. */
export function recordVersion(db: Db, resource: string, id: number): number {
  const row = db
    .select({ version: max(changes.version) })
    .from(changes)
    .where(and(eq(changes.resource, resource), eq(changes.record_id, id)))
    .get();
  return row?.version ?? 1;
}
