import { z } from 'zod';
import { badParam } from '../http/problem.js';

/**
 * Opaque keyset cursors: base64url of `[resource, sortKey, id]`. The resource
 * tag makes a cursor from another list a 400, and the shape check makes a
 * forged or truncated one a 400, both naming `cursor`.
 */
export interface CursorPosition {
  sort: string | number | null;
  id: number;
}

const cursorPayload = z.tuple([z.string(), z.union([z.string().max(64), z.number(), z.null()]), z.number().int().positive()]);

export function encodeCursor(resource: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([resource, position.sort, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(resource: string, cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined || cursor === '') return null;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badParam('cursor', 'is not a cursor returned by this API (not base64url)');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badParam('cursor', 'is not a cursor returned by this API (cannot be decoded; was it truncated?)');
  }
  const parsed = cursorPayload.safeParse(payload);
  if (!parsed.success) throw badParam('cursor', 'is not a cursor returned by this API (unexpected content)');
  const [tag, sort, id] = parsed.data;
  if (tag !== resource) throw badParam('cursor', `belongs to another list ('${tag}'), not to '${resource}'`);
  return { sort, id };
}

export const DEFAULT_LIMIT = 50;

/**
 * GET /events counts matching rows up to this many; past it `meta.total` is a
 * lower bound and `meta.total_exact` is false (counting millions of rows would
 * cost more than the page itself). `total=exact` asks for the full count.
 */
export const COUNT_CAP = 1000;
export const MAX_LIMIT = 500;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .describe(`Page size, 1-${MAX_LIMIT} (default ${DEFAULT_LIMIT})`)
    .meta({ example: 20 }),
  cursor: z.string().max(512).optional().describe('The `meta.next_cursor` of the previous page; omit for the first page'),
};

export interface Page<T> {
  rows: T[];
  total: number;
  /** False when `total` is a lower bound (see COUNT_CAP); exact when absent. */
  totalExact?: boolean;
  nextCursor: string | null;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that a
 * next page exists; the cursor points at the last row shown.
 */
export function toPage<T>(resource: string, rows: T[], limit: number, total: number, position: (row: T) => CursorPosition): Page<T> {
  const hasMore = rows.length > limit;
  const shown = hasMore ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { rows: shown, total, nextCursor: hasMore && last !== undefined ? encodeCursor(resource, position(last)) : null };
}
