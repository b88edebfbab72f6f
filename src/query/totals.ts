import { type Db, sqliteOf } from '../db/client.js';
import type { Total } from './pagination.js';

/** Totals kept per connection; each is a few dozen bytes. */
const TOTALS_KEPT = 2000;

interface Remembered {
  /** SQLite's `data_version`: it changes when another connection (the writer, another process) commits. */
  version: number;
  totals: Map<string, Total>;
}

const remembered = new WeakMap<Db, Remembered>();

/**
 * `meta.total` of a list, counted once per set of filters while the data is
 * unchanged: the next pages of a list (the cursor is not part of `key`) and a
 * list asked for again reuse it. A capped count reads up to 10,001 index
 * entries or rows, 1-5 ms on a 200,000-event file, more than the page itself;
 * any commit to the file empties the cache.
 */
export function rememberedTotal(db: Db, key: string, count: () => Total): Total {
  const version = sqliteOf(db).prepare('PRAGMA data_version').pluck().get() as number;
  let entry = remembered.get(db);
  if (!entry || entry.version !== version) {
    entry = { version, totals: new Map() };
    remembered.set(db, entry);
  }
  const kept = entry.totals.get(key);
  if (kept) return kept;
  const total = count();
  if (entry.totals.size >= TOTALS_KEPT) entry.totals.delete(entry.totals.keys().next().value as string);
  entry.totals.set(key, total);
  return total;
}

/** The part of a list's query that decides its total: everything but the page (cursor, limit) and the format. */
export function totalKey(resource: string, query: Record<string, unknown>): string {
  const { cursor: _cursor, limit: _limit, format: _format, ...filters } = query;
  return `${resource} ${JSON.stringify(filters)}`;
}
