import type { Db } from '../../db/client.js';
import type { EventSummary, EventsQuery } from '../../schemas/events.js';
import { nameMeta, resolveFilters } from '../filters.js';
import { decodeCursor, type Page } from '../pagination.js';
import { fullTextSearch } from '../search.js';
import { totalKey } from '../totals.js';
import { planEvents } from './plan.js';
import { readEvents } from './read.js';
import { searchEvents } from './search.js';

/**
 * GET /events: resolves the names, parses `q`, plans and reads one page, and
 * says what each name matched.
 */
export function findEvents(db: Db, query: EventsQuery): Page<EventSummary> {
  const filters = resolveFilters(db, query, 'outermost');
  const search = fullTextSearch(query.q);
  const plan = planEvents(query, filters);
  const page = search
    ? searchEvents(db, plan, query.limit, decodeCursor('events:q', query.cursor), search, query.total === 'exact')
    : readEvents(db, plan, query.limit, decodeCursor('events', query.cursor), query.total === 'exact', totalKey('events', query));
  return { data: page.data, meta: { ...page.meta, ...nameMeta(filters) } };
}
