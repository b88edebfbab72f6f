import { type SQL, sql } from 'drizzle-orm';
import { SPAN_CLASS_DAYS, spanClass } from '../../db/checks.js';
import { events } from '../../db/schema.js';
import type { CursorPosition } from '../pagination.js';
import type { Condition, EventPlan, EventRef, Range, SetFilter } from './plan.js';
import { e } from './tables.js';

/** The conditions joined with AND, on the event `ref` (`1 = 1` for none). */
export function whereOf(conditions: Condition[], ref: EventRef): SQL {
  if (conditions.length === 0) return sql`1 = 1`;
  return sql.join(
    conditions.map((c) => c.on(ref)),
    sql` AND `,
  );
}

/** The date bounds of a range's entries: the events that start inside [from, to] (earlier starts are found by span class). */
export function rangeBounds(range: Pick<Range, 'date_start'>, from: string | undefined, to: string | undefined): SQL {
  return sql`${from ? sql` AND ${range.date_start} >= ${from}` : sql``}${to ? sql` AND ${range.date_start} <= ${to}` : sql``}`;
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The date filter as ranges of an index, each in list order. Events that start
 * inside [from, to] are one range of events_date_idx; events that started
 * earlier and still run at `from` are found per span class (events_span_idx),
 * where a class of spans of at most N days only needs the N days before `from`.
 */
export function dateRanges(plan: Pick<EventPlan, 'from' | 'to'>): { index: SQL; condition: SQL }[] {
  const byDate = sql.raw('events_date_idx');
  const to = plan.to ? sql` AND ${e.date_start} <= ${plan.to}` : sql``;
  if (!plan.from) return [{ index: byDate, condition: plan.to ? sql`${e.date_start} <= ${plan.to}` : sql`1 = 1` }];
  const from = plan.from;
  const span = spanClass(sql`${e.date_start}`, sql`${e.date_end}`);
  const bySpan = sql.raw('events_span_idx');
  return [
    { index: byDate, condition: sql`${e.date_start} >= ${from}${to}` },
    ...SPAN_CLASS_DAYS.slice(1).map((days, i) => ({
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(i + 1))} AND ${e.date_start} >= ${daysBefore(from, days)} AND ${e.date_start} < ${from} AND ${e.date_end} >= ${from}`,
    })),
    {
      index: bySpan,
      condition: sql`${span} = ${sql.raw(String(SPAN_CLASS_DAYS.length))} AND ${e.date_start} < ${from} AND ${e.date_end} >= ${from}`,
    },
  ];
}

/** What a reader of `set`'s ranges still checks on each entry: not the set's own filter, nor the dates (the ranges' bounds hold them). */
export function checksBeside(plan: EventPlan, set: SetFilter): Condition[] {
  return plan.conditions.filter((c) => c.filter !== set.name && c.filter !== 'from' && c.filter !== 'to');
}

/**
 * The SELECTs that list the events of a set's ranges in list order, each
 * giving `(id, date_start)` after the cursor: one per range, bounded by the
 * dates; with `from`, also one per span class for the events that started
 * before it and still run (events_span_idx, each checked against the set's
 * own filter by an index seek). With `checked`, each also checks the other
 * filters, joining the event row only when one of them reads it.
 */
export function rangeArms(plan: EventPlan, set: SetFilter, after: CursorPosition | null, checked: boolean): SQL[] {
  const checks = checked ? checksBeside(plan, set) : [];
  const joinRow = checks.some((c) => c.row);
  const keyset = (ref: EventRef) => (after ? sql` AND (${ref.date_start}, ${ref.id}) > (${after.sort}, ${after.id})` : sql``);
  // SQLite seeks a range by one lower bound and filters by the other: past `from`, the cursor is the seek, else
  // every page would read from `from` again up to the cursor.
  const from = after && typeof after.sort === 'string' && plan.from && after.sort >= plan.from ? undefined : plan.from;
  const arms = (set.ranges ?? []).map((r) => {
    const join = joinRow ? sql` CROSS JOIN ${events} ${e} ON ${e.id} = ${r.id}` : sql``;
    const rest = checks.length > 0 ? sql` AND ${whereOf(checks, r)}` : sql``;
    return sql`SELECT ${r.id} AS id, ${r.date_start} AS date_start FROM ${r.source}${join}
               WHERE ${r.where}${rangeBounds(r, from, plan.to)}${keyset(r)}${rest}`;
  });
  if (!plan.from) return arms;
  const own = plan.conditions.filter((c) => c.filter === set.name || c.filter === 'to' || checks.includes(c));
  const earlier = dateRanges(plan)
    .slice(1)
    .map(
      (a) =>
        sql`SELECT ${e.id} AS id, ${e.date_start} AS date_start FROM ${events} ${e} INDEXED BY ${a.index}
            WHERE ${a.condition} AND ${whereOf(own, e)}${keyset(e)}`,
    );
  return [...arms, ...earlier];
}

/** The arms as one compound SELECT: UNION ALL when no event is in two of them, else UNION. */
export function compound(arms: SQL[], disjoint: boolean | undefined): SQL {
  return sql.join(arms, disjoint ? sql` UNION ALL ` : sql` UNION `);
}
