import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPES, SUB_EVENT_TYPES } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { CREDIBILITY_RULE } from '../query/credibility.js';
import { type EventSummary, eventConditions, getEvent, listEvents } from '../query/events.js';
import { resolveFilters } from '../query/filters.js';
import { pageQuery } from '../query/pagination.js';
import { searchParam } from '../query/search.js';
import { detailResponses, listResponses, nameParam, textParam } from './params.js';
import { casualtyReport, claim, credibility, disagreement, eventSummary, idParam, listOf, pathEntry } from './shapes.js';

/** What every name-taking filter of /events accepts, after what it filters on. */
const names = (what: string) =>
  `${what}: an id, or any name, alias or transliteration in English or Arabic; several values comma-separated (OR)`;

const isoDate = z.iso.date();

export const eventsQuery = z
  .strictObject({
    actor: nameParam(names('Actor (with its sub-actors)'), 'ISIS'),
    place: nameParam(names('Place (with every place inside it)'), 'Deir ez-Zor'),
    actor_role: z
      .enum(['actor1', 'actor2', 'any'])
      .optional()
      .describe('Only events where the actor is on this side (with its associated actors)'),
    actor_scope: z.enum(['tree', 'exact']).optional().describe('`exact`: the named actor only, not its sub-actors'),
    place_scope: z.enum(['tree', 'exact']).optional().describe('`exact`: the named place only, not the places inside it'),
    from: isoDate.optional().describe('ISO date; events whose date range ends on or after it').meta({ example: '2017-01-01' }),
    to: isoDate.optional().describe('ISO date; events whose date range starts on or before it').meta({ example: '2017-12-31' }),
    event_type: z.enum(EVENT_TYPES).optional().describe('ACLED event type'),
    sub_event_type: z.enum(SUB_EVENT_TYPES).optional().describe('ACLED sub-event type'),
    claimant: nameParam(names('Events with a claim by this claimant (or one of its sub-actors)'), 'SANA'),
    article: z.string().trim().min(1).max(300).optional().describe('Events coded from this article: id or file name'),
    q: textParam(
      'Full-text search in the event summaries and its claims (Arabic quote, English statement), in either language; results by relevance with a snippet',
      'الرقة',
    ),
    ...pageQuery,
    total: z
      .enum(['exact', 'capped'])
      .optional()
      .describe(
        '`exact` (default): `meta.total` counts every matching event and full-text hits are ranked among all matches. `capped`, for large datasets: counting stops past 1,000 (`meta.total_exact` false, `meta.total` a lower bound) and full-text hits are ranked among the 500 most recent matches per index (words in more than 20,000 rows: newest first, no score)',
      ),
    ...formatQuery(['json', 'csv', 'geojson']),
  })
  .refine((q) => !(q.from && q.to && q.from > q.to), { message: "must not be before 'from'", path: ['to'] });

const eventList = listOf(eventSummary, 'EventList');

const geojson = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()) }),
    ),
    unlocated: z.array(z.record(z.string(), z.unknown())).describe('Items without coordinates, listed rather than dropped'),
  })
  .meta({ id: 'FeatureCollection' });

const eventDetail = eventSummary
  .extend({
    path: z.array(pathEntry).describe("The location's ancestors, from the country down to the location itself"),
    claims: z.array(claim),
    casualty_reports: z.array(casualtyReport),
    disagreements: z.array(disagreement).describe('Where the claims on this event give different figures or contradict each other'),
    credibility: credibility.describe(CREDIBILITY_RULE),
  })
  .meta({ id: 'EventDetail' });

const TIME_PRECISION: Record<string, number> = { day: 1, week: 2, month: 3 };

export const eventCsvColumns = [
  { header: 'event_id', hxl: '#event+id', value: (e: EventSummary) => e.id },
  { header: 'event_date', hxl: '#date', value: (e: EventSummary) => e.date_start },
  { header: 'event_date_end', hxl: '#date+end', value: (e: EventSummary) => e.date_end },
  { header: 'time_precision', value: (e: EventSummary) => TIME_PRECISION[e.date_precision] ?? 3 },
  { header: 'date_precision', value: (e: EventSummary) => e.date_precision },
  { header: 'date_note', value: (e: EventSummary) => e.date_note },
  { header: 'event_type', hxl: '#event+type', value: (e: EventSummary) => e.event_type },
  { header: 'sub_event_type', hxl: '#event+type+sub', value: (e: EventSummary) => e.sub_event_type },
  ...(['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2'] as const).map((role) => ({
    header: role,
    hxl: `#group+name+${role.replaceAll('_', '')}`,
    value: (e: EventSummary) =>
      e.actors
        .filter((a) => a.role === role)
        .map((a) => a.name)
        .join('; '),
  })),
  { header: 'location', hxl: '#loc+name', value: (e: EventSummary) => e.location.name },
  { header: 'location_ar', hxl: '#loc+name+i_ar', value: (e: EventSummary) => e.location.name_ar },
  { header: 'latitude', hxl: '#geo+lat', value: (e: EventSummary) => e.location.lat },
  { header: 'longitude', hxl: '#geo+lon', value: (e: EventSummary) => e.location.lon },
  { header: 'geo_precision', hxl: '#geo+precision', value: (e: EventSummary) => e.location.geo_precision },
  { header: 'source', hxl: '#meta+source', value: (e: EventSummary) => e.sources.join('; ') },
  { header: 'notes', hxl: '#description', value: (e: EventSummary) => e.summary_en },
  { header: 'fatalities', hxl: '#affected+killed', value: (e: EventSummary) => e.fatalities?.low ?? 0 },
  { header: 'fatalities_high', hxl: '#affected+killed+max', value: (e: EventSummary) => e.fatalities?.high },
  { header: 'claim_count', hxl: '#meta+count', value: (e: EventSummary) => e.claim_count },
];

function eventsGeojson(rows: EventSummary[]) {
  const located = rows.filter((e) => e.location.lat !== null && e.location.lon !== null);
  return {
    type: 'FeatureCollection' as const,
    features: located.map((e) => ({
      type: 'Feature' as const,
      id: e.id,
      geometry: { type: 'Point', coordinates: [e.location.lon, e.location.lat] },
      properties: {
        ...e,
        location: undefined,
        location_id: e.location.id,
        location_name: e.location.name,
        geo_precision: e.location.geo_precision,
      },
    })),
    unlocated: rows.filter((e) => e.location.lat === null || e.location.lon === null),
  };
}

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: 'List events, filtered by actor, place, date, type, claimant, article or text',
        description:
          'Ordered by date_start, then id. `actor` and `place` take ids or names in English or Arabic; an unknown name is not an error: the list is empty and `meta.unmatched` names it.',
        querystring: eventsQuery,
        response: listResponses('A page of events', {
          'application/json': { schema: eventList },
          'text/csv': { schema: z.string().describe('ACLED-compatible columns') },
          'application/geo+json': { schema: geojson },
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv', 'geojson'], q.format);
      const filters = resolveFilters(app.database.db, q);
      const page = listEvents(app.database.db, eventConditions(q, filters), q.limit, q.cursor, searchParam(q.q), {
        exactTotal: q.total !== 'capped',
      });
      return sendList(request, reply, {
        resource: 'events',
        format,
        page,
        limit: q.limit,
        filters,
        csv: { columns: eventCsvColumns, bom: q.bom, hxl: q.hxl },
        geojson: eventsGeojson,
      });
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        operationId: 'getEvent',
        tags: ['events'],
        summary: 'One event with its actors, location path, claims, casualty reports, disagreements and credibility',
        params: idParam,
        response: detailResponses(eventDetail),
      },
    },
    async (request) => {
      const event = getEvent(app.database.db, request.params.id);
      if (!event) throw notFound(`No event with id ${request.params.id}`);
      return event;
    },
  );
};
