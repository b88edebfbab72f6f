import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema.js';
import type { EventSummary } from '../../schemas/events.js';
import { afterPosition, type CursorPosition, type Page, type Total, toPage } from '../pagination.js';
import { rememberedTotal } from '../totals.js';
import { countAllEvents, countEvents } from './count.js';
import { chooseStrategy, type EventPlan, type SetFilter } from './plan.js';
import { compound, dateRanges, rangeArms } from './ranges.js';
import { summariesInOrder } from './rows.js';
import { e } from './tables.js';

type Position = { id: number; date_start: string };

/**
 * One SELECT per index range, merged in list order (SQLite merges UNION ALL
 * arms that each come sorted).
 */
function ordered(arms: { index: SQL | null; condition: SQL }[], rest: SQL, limit: number): SQL {
  const selects = arms.map(
    (a) =>
      sql`SELECT ${e.id}, ${e.date_start} FROM ${events} ${e} ${a.index ? sql`INDEXED BY ${a.index} ` : sql``}WHERE ${a.condition} AND ${rest}`,
  );
  if (selects.length === 1) return sql`${selects[0]} ORDER BY ${e.date_start}, ${e.id} LIMIT ${limit}`;
  return sql`${sql.join(selects, sql` UNION ALL `)} ORDER BY 2, 1 LIMIT ${limit}`;
}

const distinctIds = (set: SetFilter) => (set.unique ? set.events : sql`SELECT DISTINCT id FROM (${set.events})`);

/** GET /events without `q`: by date, then id, read the way the plan's filters make cheapest. */
export function readEvents(
  db: Db,
  plan: EventPlan,
  limit: number,
  after: CursorPosition | null,
  exactTotal: boolean,
  key: string,
): Page<EventSummary> {
  const keyset = after ? sql` AND (${e.date_start}, ${e.id}) > (${after.sort}, ${after.id})` : sql``;
  const strategy = chooseStrategy(db, plan, keyset);
  let positions: Position[];
  let counted: Total | null = null;
  if (strategy.kind === 'ranges') {
    // The ranges of one filter, each already in list order, merged; the other filters are checked on each entry.
    const arms = rangeArms(plan, strategy.set, after, true);
    positions = db.all<Position>(sql`${compound(arms, strategy.set.disjoint)} ORDER BY 2, 1 LIMIT ${limit + 1}`);
  } else if (strategy.kind === 'from-set') {
    // Every matching event of the set in one pass gives the page and the exact total.
    const matching = db.all<Position>(
      sql`SELECT ${e.id}, ${e.date_start} FROM (${distinctIds(strategy.set)}) d CROSS JOIN ${events} ${e} ON ${e.id} = d.id
          WHERE ${plan.where} ORDER BY ${e.date_start}, ${e.id}`,
    );
    counted = { total: matching.length, exact: true };
    positions = afterPosition(matching, after, (r) => r.date_start).slice(0, limit + 1);
  } else {
    const arms = dateRanges(plan).map((a) => ({ index: strategy.indexedByDate ? a.index : null, condition: a.condition }));
    positions = db.all<Position>(ordered(arms, sql`${plan.where}${keyset}`, limit + 1));
  }
  // A first page that holds every match is its own exact total: a rare actor + place pair is then not counted at
  // all (up to 20,000 entries read and checked, 10-40 ms of a cold pair on a 2.5 M-event file).
  const whole = !after && positions.length <= limit ? { total: positions.length, exact: true } : null;
  const total =
    counted ?? whole ?? rememberedTotal(db, key, () => (exactTotal ? countAllEvents(db, plan, strategy) : countEvents(db, plan, strategy)));
  const page = toPage('events', positions, limit, total, (r) => ({ sort: r.date_start, id: r.id }));
  return {
    data: summariesInOrder(
      db,
      page.data.map((p) => p.id),
    ),
    meta: page.meta,
  };
}
