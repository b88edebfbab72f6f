import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { changes, records } from '../db/schema.js';
import type { Change, ChangesQuery, HistoryEntry, WritableResource } from '../schemas/writes.js';
import { type Body, loadPublished } from '../write/resources.js';

/**
 * GET /{resource}/{id}/history: every version, oldest first; a seeded record
 * never written through the API has one. Without `drafts` (a public read) the
 * versions before the record was first published are left out, as drafts are
 * out of every public read. Null: no such record, or none that is public.
 */
export function recordHistory(db: Db, resource: WritableResource, id: number, options: { drafts: boolean }): HistoryEntry[] | null {
  const rows = db
    .select()
    .from(changes)
    .where(and(eq(changes.resource, resource), eq(changes.record_id, id)))
    .orderBy(asc(changes.version))
    .all();
  if (rows.length === 0) {
    const seeded = loadPublished(db, resource, id);
    if (!seeded) return null;
    return [{ version: 1, at: '', by: 'seed', action: 'created', reason: null, status: 'published', record: seeded }];
  }
  const versions = rows.map((r): HistoryEntry => {
    const { status, ...record } = JSON.parse(r.record) as Body & { status: HistoryEntry['status'] };
    return { version: r.version, at: r.at, by: r.by, action: r.action, reason: r.reason, status, record };
  });
  if (options.drafts) return versions;
  const published = versions.findIndex((v) => v.status === 'published');
  return published < 0 ? null : versions.slice(published);
}

/** GET /changes: changes to published data after the cursor, in commit order. */
export function findChanges(db: Db, query: ChangesQuery): { data: Change[]; meta: { limit: number; next_cursor: string | null } } {
  const rows = db
    .select({
      seq: changes.seq,
      at: changes.at,
      resource: changes.resource,
      id: changes.record_id,
      action: changes.action,
      version: changes.version,
    })
    .from(changes)
    .where(and(eq(changes.public, 1), gt(changes.seq, Number(query.since ?? 0))))
    .orderBy(asc(changes.seq))
    .limit(query.limit + 1)
    .all();
  const data = rows.slice(0, query.limit);
  const last = data.at(-1);
  return { data, meta: { limit: query.limit, next_cursor: rows.length > query.limit && last ? String(last.seq) : null } };
}

/** The reason a record was retracted, or null when it is not (for the 410 of GET /{resource}/{id}). */
export function retractionReason(db: Db, resource: WritableResource, id: number): string | null {
  const row = retraction(db).get({ resource, id });
  return row ? (row.reason ?? '') : null;
}

/** Asked by every one-record GET, so prepared once per connection. */
const retraction = perConnection((db) =>
  db
    .select({ reason: records.reason })
    .from(records)
    .where(and(eq(records.resource, sql.placeholder('resource')), eq(records.id, sql.placeholder('id')), eq(records.status, 'retracted')))
    .prepare(),
);
