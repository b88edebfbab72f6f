import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CsvContext, eventCsvColumns } from '../http/acled.js';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import { featureCollection } from '../http/geojson.js';
import type { ListRepresentation } from '../http/list.js';
import { sendTable } from '../http/list.js';
import { found } from '../http/problem.js';
import { getEvent } from '../query/events/detail.js';
import { findEvents } from '../query/events/find.js';
import { findEventStats } from '../query/events/stats.js';
import { featureCollection as featureCollectionSchema } from '../schemas/common.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { type EventSummary, eventDetail, eventPages, eventsQuery } from '../schemas/events.js';
import { detailResponses, idParam, listResponses } from '../schemas/params.js';
import { eventStats, eventStatsQuery, type StatsRow } from '../schemas/stats.js';

const eventListRepresentation: ListRepresentation<EventSummary> = {
  resource: 'events',
  formats: ['json', 'csv', 'geojson'],
  csvColumns: eventCsvColumns,
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

const statsColumns: CsvColumn<StatsRow, CsvContext>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'label', value: (r) => r.label },
  { header: 'events', hxl: '#indicator+events+num', value: (r) => r.events },
  { header: 'fatalities_low', hxl: '#affected+killed', value: (r) => r.fatalities_low },
  { header: 'fatalities_high', hxl: '#affected+killed+max', value: (r) => r.fatalities_high },
];

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'events', eventPages.mixed);
  app.get(
    '/events',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: 'List events, filtered by actor, place, date, type, claimant, article or text',
        description:
          'Ordered by date_start, then id. `actor` and `place` take ids or names in English or Arabic; an unknown name is not an error: the list is empty and `meta.unmatched` names it.',
        querystring: eventsQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of events', {
            'application/json': { schema: eventPages.json },
            'text/csv': { schema: z.string().describe("ACLED's 31 export columns in ACLED's order, then this project's own") },
            'application/geo+json': { schema: featureCollectionSchema },
          }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, eventListRepresentation, (query) => findEvents(app.database.db, query)),
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
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getEvent',
        tags: ['events'],
        summary: 'One event with its actors, location path, claims, casualty reports, disagreements and credibility',
        description: `The event as in the list, plus the location's ancestor path, every claim coded on it, their casualty figures, where the claims disagree, and a credibility grade with its reason. ${DRAFT_BY_ID}`,
        params: idParam,
        security: keyOptional,
        response: { ...detailResponses(publishedOrDraft('events', eventDetail)), ...keyRefused },
      },
    },
    async (request) => found(getEvent(app.database.db, request.params.id), `No event with id ${request.params.id}`),
  );
};
