import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CsvColumn } from '../http/formats.js';
import { featureCollection } from '../http/geojson.js';
import type { ListRepresentation } from '../http/list.js';
import { sendList, sendTable } from '../http/list.js';
import { found } from '../http/problem.js';
import { getEvent } from '../query/events/detail.js';
import { findEvents } from '../query/events/find.js';
import { findEventStats } from '../query/events/stats.js';
import { featureCollection as featureCollectionSchema } from '../schemas/common.js';
import { type EventSummary, eventDetail, eventList, eventsQuery } from '../schemas/events.js';
import { detailResponses, idParam, listResponses } from '../schemas/params.js';
import { eventStats, eventStatsQuery, type StatsRow } from '../schemas/stats.js';

/** ACLED's time_precision: 1 a day, 2 a week, 3 a month or less precise. */
const TIME_PRECISION: Record<string, number> = { day: 1, week: 2, month: 3 };

const csvColumns: CsvColumn<EventSummary>[] = [
  { header: 'event_id', hxl: '#event+id', value: (e) => e.id },
  { header: 'event_date', hxl: '#date', value: (e) => e.date_start },
  { header: 'event_date_end', hxl: '#date+end', value: (e) => e.date_end },
  { header: 'time_precision', value: (e) => TIME_PRECISION[e.date_precision] ?? 3 },
  { header: 'date_precision', value: (e) => e.date_precision },
  { header: 'date_note', value: (e) => e.date_note },
  { header: 'event_type', hxl: '#event+type', value: (e) => e.event_type },
  { header: 'sub_event_type', hxl: '#event+type+sub', value: (e) => e.sub_event_type },
  ...(['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2'] as const).map((role) => ({
    header: role,
    hxl: `#group+name+${role.replaceAll('_', '')}`,
    value: (e: EventSummary) =>
      e.actors
        .filter((a) => a.role === role)
        .map((a) => a.name)
        .join('; '),
  })),
  { header: 'location', hxl: '#loc+name', value: (e) => e.location.name },
  { header: 'location_ar', hxl: '#loc+name+i_ar', value: (e) => e.location.name_ar },
  { header: 'latitude', hxl: '#geo+lat', value: (e) => e.location.lat },
  { header: 'longitude', hxl: '#geo+lon', value: (e) => e.location.lon },
  { header: 'geo_precision', hxl: '#geo+precision', value: (e) => e.location.geo_precision },
  { header: 'source', hxl: '#meta+source', value: (e) => e.sources.join('; ') },
  { header: 'notes', hxl: '#description', value: (e) => e.summary_en },
  { header: 'fatalities', hxl: '#affected+killed', value: (e) => e.fatalities?.low ?? 0 },
  { header: 'fatalities_high', hxl: '#affected+killed+max', value: (e) => e.fatalities?.high },
  { header: 'claim_count', hxl: '#meta+count', value: (e) => e.claim_count },
];

const eventListRepresentation: ListRepresentation<EventSummary> = {
  resource: 'events',
  formats: ['json', 'csv', 'geojson'],
  csvColumns,
  geojson: (rows) =>
    featureCollection(
      rows,
      (e) => e.location,
      (e) => ({
        ...e,
        location: undefined,
        location_id: e.location.id,
        location_name: e.location.name,
        geo_precision: e.location.geo_precision,
      }),
    ),
};

const statsColumns: CsvColumn<StatsRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'label', value: (r) => r.label },
  { header: 'events', hxl: '#indicator+events+num', value: (r) => r.events },
  { header: 'fatalities_low', hxl: '#affected+killed', value: (r) => r.fatalities_low },
  { header: 'fatalities_high', hxl: '#affected+killed+max', value: (r) => r.fatalities_high },
];

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
          'application/geo+json': { schema: featureCollectionSchema },
        }),
      },
    },
    async (request, reply) => sendList(request, reply, eventListRepresentation, () => findEvents(app.database.db, request.query)),
  );

  app.get(
    '/events/stats',
    {
      schema: {
        operationId: 'getEventStats',
        tags: ['events'],
        summary: 'Matching events counted by month, year, governorate, event type or actor, with their fatalities',
        description:
          "Every filter of GET /events. Exact counts; each group sums its events' fatality ranges as GET /events gives them. Months and years in order, other groups by events (most first). Only groups with events are listed.",
        querystring: eventStatsQuery,
        response: listResponses('Events per group', {
          'application/json': { schema: eventStats },
          'text/csv': { schema: z.string().describe('One record per group: key, label, events, fatalities_low, fatalities_high') },
        }),
      },
    },
    async (request, reply) =>
      sendTable(request, reply, { resource: 'event-stats', csvColumns: statsColumns }, () =>
        findEventStats(app.database.db, request.query),
      ),
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
    async (request) => found(getEvent(app.database.db, request.params.id), `No event with id ${request.params.id}`),
  );
};
