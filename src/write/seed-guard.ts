import { sql } from 'drizzle-orm';
import { type Db, sqliteOf } from '../db/client.js';
import { followChange } from '../db/read-model.js';
import { changes } from '../db/schema.js';
import type { WritableResource } from '../schemas/writes.js';
import { type Body, loadPublished, removePublished, tableName, writePublished } from './resources.js';

/**
 * After a changed seed was loaded: seeded records that coders edited or
 * retracted through the API get their last API version back, so the seed never
 * silently overwrites an edit, and the read model follows each. Returns how
 * many were kept. One transaction.
 */
export function keepApiEdits(db: Db): number {
  const sqlite = sqliteOf(db);
  const edited = db.all<{ resource: WritableResource; id: number; record: string }>(
    sql`SELECT c.resource AS resource, c.record_id AS id, c.record AS record FROM ${changes} c
        WHERE c.version = (SELECT max(d.version) FROM ${changes} d WHERE d.resource = c.resource AND d.record_id = c.record_id)
          AND c.version > 1
          AND EXISTS (SELECT 1 FROM ${changes} s WHERE s.resource = c.resource AND s.record_id = c.record_id AND s.version = 1 AND s.by = 'seed')`,
  );
  let kept = 0;
  sqlite.transaction(() => {
    for (const row of edited) {
      const { status, ...body } = JSON.parse(row.record) as Body & { status: string };
      const current = loadPublished(db, row.resource, row.id);
      if (status === 'published' && current && JSON.stringify(current) !== JSON.stringify(body)) {
        followChange(db, tableName(row.resource), row.id, () => writePublished(sqlite, row.resource, row.id, body, false));
        kept++;
      } else if (status === 'retracted' && current) {
        followChange(db, tableName(row.resource), row.id, () => removePublished(sqlite, row.resource, row.id));
        kept++;
      }
    }
  })();
  return kept;
}
