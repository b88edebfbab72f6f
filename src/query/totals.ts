import { type Db, sqliteOf } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import type { Total } from './pagination.js';

/** Counts kept per connection; each is a few dozen bytes. */
const COUNTS_KEPT = 2000;

interface Remembered {
  /** SQLite's `data_version`: it changes when another connection (the writer, another process) commits. */
  version: number;
  counts: Map<string, unknown>;
}

const remembered = new WeakMap<Db, Remembered>();

const dataVersion = perConnection((db) => sqliteOf(db).prepare('PRAGMA data_version').pluck());

/** A count computed once while the data is unchanged: any commit to the file (SQLite's data_version) forgets them all. */
export function rememberedCount<T extends number | Total>(db: Db, key: string, count: () => T): T {
  const version = dataVersion(db).get() as number;
  let entry = remembered.get(db);
  if (!entry || entry.version !== version) {
    entry = { version, counts: new Map() };
    remembered.set(db, entry);
  }
  const kept = entry.counts.get(key) as T | undefined;
  if (kept !== undefined) return kept;
  const value = count();
  if (entry.counts.size >= COUNTS_KEPT) entry.counts.delete(entry.counts.keys().next().value as string);
  entry.counts.set(key, value);
  return value;
}

/**
 * `meta.total` of a list, counted once per set of filters while the data is
 * unchanged: the next pages of a list (the cursor is not part of `key`) and a
 * list asked for again reuse it. A capped count reads up to 10,001 index
 * entries or rows, 1-5 ms on a 200,000-event file, more than the page itself;
 * any commit to the file empties the cache.
 */
export function rememberedTotal(db: Db, key: string, count: () => Total): Total {
  return rememberedCount(db, `total ${key}`, count);
}

/** The part of a list's query that decides its total: everything but the page (cursor, limit) and the format. */
export function totalKey(resource: string, query: Record<string, unknown>): string {
  const { cursor: _cursor, limit: _limit, format: _format, ...filters } = query;
  return `${resource} ${JSON.stringify(filters)}`;
}
