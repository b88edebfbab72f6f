import { and, asc, eq, gt, max, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { changes, records } from '../db/schema.js';
import type { DraftFields, DraftListQuery } from '../schemas/drafts.js';
import type { WritableResource } from '../schemas/writes.js';
import type { Body } from '../write/resources.js';
import { draftConditions } from './draft-filters.js';
import { nameMeta } from './filters.js';
import { countRows, decodeCursor, encodeCursor, isCursorOf, type Page, toPage } from './pagination.js';

/** A draft as the lists and GET by id show it to key holders: its body as written, with what it is. */
export type DraftItem = Body & DraftFields;

const version = sql<number>`(SELECT ${max(changes.version)} FROM ${changes}
  WHERE ${changes.resource} = ${records.resource} AND ${changes.record_id} = ${records.id})`;

function selectDrafts(db: Db, resource: WritableResource, where: SQL[]) {
  return db
    .select({ id: records.id, author: records.author, body: records.body, version })
    .from(records)
    .where(and(eq(records.resource, resource), eq(records.status, 'draft'), ...where));
}

const toItem = (row: { id: number; author: string; body: string; version: number | null }): DraftItem => ({
  ...(JSON.parse(row.body) as Body),
  id: row.id,
  status: 'draft',
  author: row.author,
  // Every draft has its `created` entry in the history; 1 is what a record without one would be at.
  version: row.version ?? 1,
});

/** The cursor tag of a list's drafts; a cursor at id 0 starts them from the first (where `all` crosses over). */
const draftsTag = (resource: WritableResource) => `${resource}:drafts`;
const firstDraft = (resource: WritableResource) => encodeCursor(draftsTag(resource), { sort: null, id: 0 });

/** `status=draft`: the drafts of one resource that match the filters, in id order. */
export function findDrafts(db: Db, resource: WritableResource, query: DraftListQuery): Page<DraftItem> {
  const after = decodeCursor(draftsTag(resource), query.cursor);
  const { conditions, names } = draftConditions(db, resource, query);
  const total = countRows(db, selectDrafts(db, resource, conditions).getSQL(), query.total === 'exact');
  const rows = selectDrafts(db, resource, [...conditions, gt(records.id, after?.id ?? 0)])
    .orderBy(asc(records.id))
    .limit(query.limit + 1)
    .all();
  const page = toPage(draftsTag(resource), rows.map(toItem), query.limit, total, (r) => ({ sort: null, id: r.id }));
  return { data: page.data, meta: { ...page.meta, ...nameMeta(names) } };
}

/**
 * `status=all`: the published list in its own order, then the drafts in id
 * order. A page that ends inside the published records carries the published
 * list's cursor; the page where they run out fills up with the first drafts,
 * and from there on the cursor is the drafts'. `meta.total` adds both counts.
 */
export function findWithDrafts<Q extends DraftListQuery, T>(
  db: Db,
  resource: WritableResource,
  query: Q,
  findPublished: (query: Q) => Page<T>,
): Page<T | DraftItem> {
  // The drafts are read first, so that a filter they cannot take is refused before any published work;
  // before the crossing only their count is wanted.
  const inDrafts = isCursorOf(draftsTag(resource), query.cursor);
  const drafts = findDrafts(db, resource, inDrafts ? query : { ...query, cursor: undefined, limit: 1 });
  const head = findPublished({ ...query, ...(inDrafts ? { cursor: undefined, limit: 1 } : {}) });
  const meta = {
    ...head.meta,
    total: head.meta.total + drafts.meta.total,
    total_exact: head.meta.total_exact && drafts.meta.total_exact,
    limit: query.limit,
  };
  if (inDrafts) return { data: drafts.data, meta: { ...meta, next_cursor: drafts.meta.next_cursor } };
  if (head.meta.next_cursor !== null) return { data: head.data, meta };

  const room = query.limit - head.data.length;
  if (room === 0) return { data: head.data, meta: { ...meta, next_cursor: drafts.meta.total > 0 ? firstDraft(resource) : null } };
  const first = findDrafts(db, resource, { ...query, cursor: undefined, limit: room });
  return { data: [...head.data, ...first.data], meta: { ...meta, next_cursor: first.meta.next_cursor } };
}

/** One draft by id, or null when the record is not a draft (published, retracted or unknown). */
export function getDraft(db: Db, resource: WritableResource, id: number): DraftItem | null {
  const row = selectDrafts(db, resource, [eq(records.id, id)]).get();
  return row ? toItem(row) : null;
}
