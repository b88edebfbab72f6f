import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema.js';
import { inIds } from '../filters.js';
import { COUNT_CAP, type Total } from '../pagination.js';
import { dateRanges, type EventPlan, type Strategy } from './plan.js';
import { e } from './tables.js';

/** Events a count may examine through a set filter before it settles for a lower bound: by reading their rows, or from an index alone. */
const COUNT_BUDGET = 2 * COUNT_CAP;
const INDEX_COUNT_BUDGET = 3 * COUNT_CAP;

const capAt = (n: number, exhausted: boolean): Total =>
  n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: exhausted };

const countOf = (db: Db, rows: SQL) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${rows})`)?.n ?? 0;

/** Every matching event, however many: what `total=exact` asks for. */
export function countAllEvents(db: Db, plan: EventPlan): Total {
  return { total: countOf(db, sql`SELECT 1 FROM ${events} ${e} WHERE ${plan.where}`), exact: true };
}

/**
 * `meta.total`: exact up to COUNT_CAP rows; past it, or when set filters are
 * large and counting would read more than COUNT_BUDGET events (or
 * INDEX_COUNT_BUDGET index entries), a lower bound with `exact: false`: the
 * matches among the first events read in list order.
 */
export function countEvents(db: Db, plan: EventPlan, strategy: Strategy): Total {
  if (strategy.kind === 'date-order' && !strategy.indexedByDate) {
    const arms = dateRanges(plan).map((a) => sql`SELECT 1 FROM ${events} ${e} WHERE ${a.condition} AND ${plan.where}`);
    return capAt(countOf(db, sql`${sql.join(arms, sql` UNION ALL `)} LIMIT ${COUNT_CAP + 1}`), true);
  }
  if (strategy.kind === 'by-place') {
    // The first events of the places, read from the (location, date) index alone; the filters that need more
    // than the id, place and start date read the event row.
    const to = plan.to ? sql` AND ${events.date_start} <= ${plan.to}` : sql``;
    const budget = plan.indexOnly ? INDEX_COUNT_BUDGET : COUNT_BUDGET;
    const first = (
      n: number,
    ) => sql`SELECT ${events.id}, ${events.location_id}, ${events.date_start} FROM ${events} INDEXED BY events_location_idx
                                     WHERE ${inIds(events.location_id, strategy.placeIds)}${to} LIMIT ${n}`;
    const source = plan.indexOnly ? sql`(${first(budget)}) ${e}` : sql`(${first(budget)}) d CROSS JOIN ${events} ${e} ON ${e.id} = d.id`;
    const n = countOf(db, sql`SELECT 1 FROM ${source} WHERE ${plan.where} LIMIT ${COUNT_CAP + 1}`);
    if (n > COUNT_CAP) return capAt(n, true);
    return capAt(n, countOf(db, first(budget + 1)) <= budget);
  }
  // Read in list order through the date filter's ranges: the first COUNT_BUDGET events they hold, checked one by one.
  const within = (n: number) =>
    sql`SELECT id FROM (${sql.join(
      dateRanges(plan).map((a) => sql`SELECT ${e.id} FROM ${events} ${e} WHERE ${a.condition}`),
      sql` UNION ALL `,
    )}) LIMIT ${n}`;
  const n = countOf(
    db,
    sql`SELECT 1 FROM (${within(COUNT_BUDGET)}) d CROSS JOIN ${events} ${e} ON ${e.id} = d.id WHERE ${plan.where} LIMIT ${COUNT_CAP + 1}`,
  );
  if (n > COUNT_CAP) return capAt(n, true);
  return capAt(n, countOf(db, within(COUNT_BUDGET + 1)) <= COUNT_BUDGET);
}
