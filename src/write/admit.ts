import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { articles, claims } from '../db/schema.js';
import type { WritableResource } from '../schemas/writes.js';
import { loadPublished } from './resources.js';
import { checkRecord, type FieldError, type Lookup } from './rules.js';

/** A rule a stored record breaks: the record, and the field as a 422 of the write API would name it. */
export interface RecordRefusal extends FieldError {
  resource: WritableResource;
  id: number;
}

/**
 * The rules' view of the published tables (what the seed loader writes): no
 * drafts, nothing retracted. Records are read once per pass: the seed's 187
 * claims cite 5 articles of up to ~100 KB each.
 */
export function publishedLookup(db: Db): Lookup {
  const read = new Map<string, ReturnType<Lookup['find']>>();
  return {
    find: (resource, id) => {
      const key = `${resource} ${id}`;
      if (!read.has(key)) {
        const body = loadPublished(db, resource, id);
        read.set(key, body ? { status: 'published', body } : null);
      }
      return read.get(key) ?? null;
    },
    articleCited: (articleId) =>
      db.select({ id: claims.id }).from(claims).where(eq(claims.article_id, articleId)).limit(1).get() !== undefined,
    fileNameTaken: (fileName, id) =>
      db
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.file_name, fileName), id === null ? undefined : ne(articles.id, id)))
        .limit(1)
        .get() !== undefined,
  };
}

/**
 * Reads back records already written to the published tables and puts each,
 * in the shape the write API takes, through the same `checkRecord` that answers
 * the API's 422s. The seed loader calls it inside its transaction, so a seed
 * the API would refuse record by record is refused as a whole.
 */
export function refusedRecords(db: Db, written: Partial<Record<WritableResource, Iterable<number>>>): RecordRefusal[] {
  const lookup = publishedLookup(db);
  const refusals: RecordRefusal[] = [];
  for (const [resource, ids] of Object.entries(written) as [WritableResource, Iterable<number>][]) {
    for (const id of ids) {
      const found = lookup.find(resource, id);
      if (!found) continue;
      // checkRecord completes the body it is given (a claim's offsets), so it gets a copy.
      for (const error of checkRecord(lookup, resource, id, { ...found.body }, null)) refusals.push({ resource, id, ...error });
    }
  }
  return refusals;
}
