import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { records } from '../db/schema.js';
import type { WritableResource } from '../schemas/writes.js';
import { QueryError } from './errors.js';
import { inIds, type NameFilterInput, type ResolvedFilters, resolveFilters } from './filters.js';

/**
 * The filters of the published lists that a draft can be matched on: a draft
 * is its create body (references by id), so a filter on one of its fields
 * applies; one that needs the published tables (full text, the claimant of a
 * figure's claim, an event's articles) does not, and is refused by name
 * rather than ignored.
 */
type Condition = (value: unknown, names: ResolvedFilters) => SQL;

const field = (name: string) => sql`json_extract(${records.body}, ${`$.${name}`})`;
const equals =
  (name: string): Condition =>
  (value) =>
    sql`${field(name)} = ${value}`;
const oneOf =
  (name: string, ids: (value: unknown, names: ResolvedFilters) => number[] | undefined): Condition =>
  (value, names) =>
    inIds(field(name), ids(value, names) ?? []);
/** An id list field (`event_ids`), or a list of objects with an id (`actors[].actor_id`), holding one of `ids`. */
const anyOf =
  (list: string, ids: (value: unknown, names: ResolvedFilters) => number[] | undefined, key?: string): Condition =>
  (value, names) =>
    sql`EXISTS (SELECT 1 FROM json_each(${records.body}, ${`$.${list}`}) AS item
                WHERE ${inIds(key ? sql`json_extract(item.value, ${`$.${key}`})` : sql`item.value`, ids(value, names) ?? [])})`;

const given = (value: unknown) => value as number[];
const actorIds = (_: unknown, names: ResolvedFilters) => names.actorIds;
const placeIds = (_: unknown, names: ResolvedFilters) => names.placeIds;
/** Ids name a draft article directly; other names (file names, `003`) are looked up among published articles. */
const articleIds = (value: unknown, names: ResolvedFilters) => [
  ...String(value).split(',').filter(isId).map(Number),
  ...(names.articleIds ?? []),
];
const isId = (token: string) => /^[1-9]\d{0,14}$/.test(token.trim());

const DRAFT_FILTERS: Record<WritableResource, Record<string, Condition>> = {
  articles: {},
  claims: {
    article: oneOf('article_id', articleIds),
    claimant: oneOf('claimant_id', (_, names) => names.claimantIds),
    event: anyOf('event_ids', given),
    claim_type: equals('claim_type'),
    certainty: equals('certainty'),
  },
  events: {
    actor: anyOf('actors', actorIds, 'actor_id'),
    place: oneOf('location_id', placeIds),
    from: (value) => sql`${field('date_end')} >= ${value}`,
    to: (value) => sql`${field('date_start')} <= ${value}`,
    event_type: equals('event_type'),
    sub_event_type: equals('sub_event_type'),
  },
  'casualty-reports': {
    event: oneOf('event_id', given),
    actor: oneOf('victim_actor_id', actorIds),
    outcome: equals('outcome'),
  },
  figures: {
    claim: oneOf('claim_id', given),
    place: oneOf('place_id', placeIds),
  },
  actors: { kind: equals('kind'), parent: equals('parent_id') },
  locations: { kind: equals('kind'), parent: equals('parent_id') },
};

/** Parameters that shape the page or how names are matched, not which records match. */
const NOT_FILTERS = new Set(['limit', 'cursor', 'total', 'format', 'bom', 'hxl', 'status', 'actor_scope', 'place_scope']);

export interface DraftConditions {
  conditions: SQL[];
  names: ResolvedFilters;
}

/** The conditions on `records` for the filters of `query`; a 400 naming the first filter drafts cannot be matched on. */
export function draftConditions(db: Db, resource: WritableResource, query: Record<string, unknown>): DraftConditions {
  const filters = DRAFT_FILTERS[resource];
  const given = Object.entries(query).filter(([name, value]) => value !== undefined && !NOT_FILTERS.has(name));
  for (const [name] of given) {
    if (!(name in filters)) {
      const usable = Object.keys(filters);
      throw new QueryError(
        'bad-parameter',
        name,
        `does not apply to drafts (status=${String(query.status)}); ${usable.length ? `drafts are filtered by ${usable.join(', ')} only` : 'drafts of this list take no filter'}`,
      );
    }
  }
  const input = query as NameFilterInput;
  const names = resolveFilters(db, {
    ...input,
    // Ids are matched directly (a draft may cite a draft article); only names are looked up.
    article: input.article === undefined ? undefined : splitOff(input.article),
  });
  return { conditions: given.map(([name, value]) => (filters[name] as Condition)(value, names)), names };
}

/** The names among `value`'s comma-separated tokens, or undefined when every token is an id. */
function splitOff(value: string): string | undefined {
  const names = value.split(',').filter((token) => token.trim() !== '' && !isId(token));
  return names.length ? names.join(',') : undefined;
}
