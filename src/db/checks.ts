import { type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ACLED_TAXONOMY } from '../domain.js';

/** SQL expressions the schema's CHECK constraints and indexes are built from. */

/** `column IN ('a', 'b', ...)` for a CHECK constraint (CHECK cannot take bound parameters). */
export function oneOf(column: AnySQLiteColumn, values: readonly (string | number)[]): SQL {
  const list = values.map((v) => (typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`)).join(', ');
  return sql`${column} IN (${sql.raw(list)})`;
}

export const isoDate = (column: AnySQLiteColumn): SQL => sql`${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

/** Upper bounds, in days, of the span classes of event date ranges; longer ranges are the last class. */
export const SPAN_CLASS_DAYS = [0, 7, 31, 92, 366] as const;

/**
 * The span class of a date range (0 = one day ... 5 = more than a year). An
 * event that overlaps a date filter but starts before it started at most that
 * many days earlier, so per class the search for such events is one short
 * range of events_span_idx. Queries must write the expression exactly like
 * this for SQLite to use the index.
 */
export function spanClass(start: SQL | AnySQLiteColumn, end: SQL | AnySQLiteColumn): SQL {
  const days = sql`julianday(${end}) - julianday(${start})`;
  const bounded = SPAN_CLASS_DAYS.slice(1).map((n, i) => sql` WHEN ${days} <= ${sql.raw(String(n))} THEN ${sql.raw(String(i + 1))}`);
  return sql`(CASE WHEN ${end} = ${start} THEN 0${sql.join(bounded)} ELSE ${sql.raw(String(SPAN_CLASS_DAYS.length))} END)`;
}

export const taxonomyCheck = (type: AnySQLiteColumn, subType: AnySQLiteColumn): SQL =>
  sql.join(
    Object.entries(ACLED_TAXONOMY).map(([et, subs]) => sql`(${oneOf(type, [et])} AND ${oneOf(subType, subs)})`),
    sql` OR `,
  );
