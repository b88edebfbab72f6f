import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema.js';
import { COUNT_CAP, type Total } from '../pagination.js';
import type { EventPlan, EventRef, SetFilter, Strategy } from './plan.js';
import { checksBeside, compound, dateRanges, rangeArms, whereOf } from './ranges.js';
import { e } from './tables.js';

/** Events a count may examine beside its filter before it settles for a lower bound: by reading their rows, or from an index alone. */
const COUNT_BUDGET = 2 * COUNT_CAP;
const INDEX_COUNT_BUDGET = 3 * COUNT_CAP;

const capAt = (n: number, exhausted: boolean): Total =>
  n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: exhausted };

const countOf = (db: Db, rows: SQL) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${rows})`)?.n ?? 0;

/** A set's range entries, unchecked, as `d`; with the event row `e` joined when a check reads it. */
function entriesSource(entries: SQL, checks: { row: boolean }[]): SQL {
  return checks.some((c) => c.row) ? sql`(${entries}) d CROSS JOIN ${events} ${e} ON ${e.id} = d.id` : sql`(${entries}) d`;
}
const entry: EventRef = { id: sql`d.id`, date_start: sql`d.date_start` };

/** Every matching event, however many: what `total=exact` asks for. */
export function countAllEvents(db: Db, plan: EventPlan, strategy: Strategy): Total {
  if (strategy.kind === 'ranges') {
    const checks = checksBeside(plan, strategy.set);
    const entries = compound(rangeArms(plan, strategy.set, null, false), strategy.set.disjoint);
    return { total: countOf(db, sql`SELECT 1 FROM ${entriesSource(entries, checks)} WHERE ${whereOf(checks, entry)}`), exact: true };
  }
  return { total: countOf(db, sql`SELECT 1 FROM ${events} ${e} WHERE ${plan.where}`), exact: true };
}

/**
 * The capped count through a set's ranges: the first entries in list order
 * (up to a budget) checked against the other filters. A set alone, with no
 * other filter and no earlier-starting events to add, was counted by its
 * estimate already.
 */
function countRanges(db: Db, plan: EventPlan, set: SetFilter, estimate: number): Total {
  const checks = checksBeside(plan, set);
  if (checks.length === 0 && !plan.from && set.disjoint) return capAt(estimate, true);
  const entries = (n: number) => sql`${compound(rangeArms(plan, set, null, false), set.disjoint)} ORDER BY 2, 1 LIMIT ${n}`;
  if (checks.length === 0) return capAt(countOf(db, entries(COUNT_CAP + 1)), true);
  const budget = checks.some((c) => c.row) ? COUNT_BUDGET : INDEX_COUNT_BUDGET;
  const n = countOf(
    db,
    sql`SELECT 1 FROM ${entriesSource(entries(budget), checks)} WHERE ${whereOf(checks, entry)} LIMIT ${COUNT_CAP + 1}`,
  );
  if (n > COUNT_CAP) return capAt(n, true);
  return capAt(n, countOf(db, entries(budget + 1)) <= budget);
}

/**
 * `meta.total`: exact up to COUNT_CAP rows; past it, or when counting would
 * read more than COUNT_BUDGET events (or INDEX_COUNT_BUDGET index entries)
 * beside the filter that drives, a lower bound with `exact: false`: the
 * matches among the first events read in list order.
 */
export function countEvents(db: Db, plan: EventPlan, strategy: Strategy): Total {
  if (strategy.kind === 'ranges') return countRanges(db, plan, strategy.set, strategy.estimate);
  if (strategy.kind === 'date-order' && !strategy.indexedByDate) {
    const arms = dateRanges(plan).map((a) => sql`SELECT 1 FROM ${events} ${e} WHERE ${a.condition} AND ${plan.where}`);
    return capAt(countOf(db, sql`${sql.join(arms, sql` UNION ALL `)} LIMIT ${COUNT_CAP + 1}`), true);
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
