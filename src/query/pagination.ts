import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { ListMeta } from '../schemas/common.js';
import { TOTAL_CAP } from '../schemas/params.js';
import { QueryError } from './errors.js';
import { rememberedTotal } from './totals.js';

/**
 * Opaque keyset cursors: base64url of `[resource, sortKey, id]`. The resource
 * tag makes a cursor from another list a 400, and the shape check makes a
 * forged or truncated one a 400, both naming `cursor`.
 */
export interface CursorPosition {
  sort: string | number | null;
  id: number;
}

// Id 0 is a position before every row (where `status=all` crosses from the published records to the drafts).
const cursorPayload = z.tuple([z.string(), z.union([z.string().max(64), z.number(), z.null()]), z.number().int().nonnegative()]);

export function encodeCursor(resource: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([resource, position.sort, position.id]), 'utf8').toString('base64url');
}

const badCursor = (reason: string) => new QueryError('bad-cursor', 'cursor', reason);

export function decodeCursor(resource: string, cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined || cursor === '') return null;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor('is not a cursor returned by this API (not base64url)');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('is not a cursor returned by this API (cannot be decoded; was it truncated?)');
  }
  const parsed = cursorPayload.safeParse(payload);
  if (!parsed.success) throw badCursor('is not a cursor returned by this API (unexpected content)');
  const [tag, sort, id] = parsed.data;
  if (tag !== resource) throw badCursor(`belongs to another list ('${tag}'), not to '${resource}'`);
  return { sort, id };
}

/** Whether `cursor` is one the list tagged `resource` returned (false for another list's, or a malformed one). */
export function isCursorOf(resource: string, cursor: string | undefined): boolean {
  try {
    return decodeCursor(resource, cursor) !== null;
  } catch {
    return false;
  }
}

/**
 * Lists count matching rows up to this many; past it `meta.total` is a lower
 * bound and `meta.total_exact` is false (counting millions of rows would cost
 * more than the page itself). `total=exact` asks for the full count.
 */
export const COUNT_CAP = TOTAL_CAP;

/** `meta.total` of a list whose matching rows are `rows` (any SELECT): exact up to COUNT_CAP, or every row when asked. */
export function countRows(db: Db, rows: SQL, exact: boolean, key?: string): Total {
  if (key !== undefined) return rememberedTotal(db, key, () => countRows(db, rows, exact));
  if (exact) return { total: db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${rows})`)?.n ?? 0, exact: true };
  const n = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${rows} LIMIT ${COUNT_CAP + 1})`)?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

/** A page of a list, exactly as the JSON answer carries it. */
export interface Page<T> {
  data: T[];
  meta: ListMeta;
}

/** How many rows match: exact, or (when counting stopped early) a lower bound. */
export interface Total {
  total: number;
  exact: boolean;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that a
 * next page exists; the cursor points at the last row shown.
 */
export function toPage<T>(resource: string, rows: T[], limit: number, counted: Total, position: (row: T) => CursorPosition): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return {
    data,
    meta: {
      total: counted.total,
      total_exact: counted.exact,
      limit,
      next_cursor: hasMore && last !== undefined ? encodeCursor(resource, position(last)) : null,
    },
  };
}

/** Rows, already in list order, that come after the cursor's position: the keyset condition done in memory. */
export function afterPosition<T extends { id: number }>(rows: T[], after: CursorPosition | null, sortOf: (row: T) => string | number): T[] {
  if (!after) return rows;
  const sort = after.sort as string | number;
  return rows.filter((r) => {
    const key = sortOf(r);
    return key > sort || (key === sort && r.id > after.id);
  });
}

/** Rows read by id, put back in the order of `ids` (a page chosen by one query, its rows read by another). */
export function inOrderOf<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
