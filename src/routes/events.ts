import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventCsvColumns } from '../http/acled.js';
import { featureCollection } from '../http/geojson.js';
import type { ListRepresentation } from '../http/list.js';
import { sendList } from '../http/list.js';
import { found } from '../http/problem.js';
import { getEvent } from '../query/events/detail.js';
import { findEvents } from '../query/events/find.js';
import { featureCollection as featureCollectionSchema } from '../schemas/common.js';
import { type EventSummary, eventDetail, eventList, eventsQuery } from '../schemas/events.js';
import { detailResponses, idParam, listResponses } from '../schemas/params.js';

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
          'text/csv': { schema: z.string().describe("ACLED's 31 export columns in ACLED's order, then this project's own") },
          'application/geo+json': { schema: featureCollectionSchema },
        }),
      },
    },
    async (request, reply) => sendList(request, reply, eventListRepresentation, () => findEvents(app.database.db, request.query)),
  );

  app.get(
    '/events/:id',
    {
      schema: {
        operationId: 'getEvent',
        tags: ['events'],
        summary: 'One event with its actors, location path, claims, casualty reports, disagreements and credibility',
        description:
          "The event as in the list, plus the location's ancestor path, every claim coded on it, their casualty figures, where the claims disagree, and a credibility grade with its reason.",
        params: idParam,
        response: detailResponses(eventDetail),
      },
    },
    async (request) => found(getEvent(app.database.db, request.params.id), `No event with id ${request.params.id}`),
  );
};
