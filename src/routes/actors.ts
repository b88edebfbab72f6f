import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import type { ListRepresentation } from '../http/list.js';
import { found } from '../http/problem.js';
import { findActors, getActor } from '../query/actors.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { type Actor, actorDetail, actorPages, actorsQuery } from '../schemas/entities.js';
import { csvContent, detailResponses, idParam, listResponses } from '../schemas/params.js';

export const actorCsvColumns: CsvColumn<Actor>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'name', value: (a) => a.name },
  { header: 'name_ar', value: (a) => a.name_ar },
  { header: 'kind', value: (a) => a.kind },
  { header: 'parent_id', value: (a) => a.parent_id },
  { header: 'aliases', value: (a) => a.aliases.map((x) => x.alias).join('; ') },
];

const actorListRepresentation: ListRepresentation<Actor> = {
  resource: 'actors',
  formats: ['json', 'csv'],
  csvColumns: actorCsvColumns,
  hxl: false,
};

export const actorRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'actors', actorPages.mixed);
  app.get(
    '/actors',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listActors',
        tags: ['actors'],
        summary: 'List or search actors',
        description:
          'Without `q`, in id order; with `q`, exact name or alias matches first, then prefix, then partial matches (English or Arabic, normalised).',
        querystring: actorsQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of actors', { 'application/json': { schema: actorPages.json }, ...csvContent }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, actorListRepresentation, (query) => findActors(app.database.db, query)),
  );

  app.get(
    '/actors/:id',
    {
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getActor',
        tags: ['actors'],
        summary: 'One actor with its aliases, parent chain, children and event counts',
        description: `The actor with its aliases, parent, ancestors and children, how many events it takes part in (by role, and with its sub-actors), and how many claims it made. ${DRAFT_BY_ID}`,
        params: idParam,
        security: keyOptional,
        response: { ...detailResponses(publishedOrDraft('actors', actorDetail)), ...keyRefused },
      },
    },
    async (request) => found(getActor(app.database.db, request.params.id), `No actor with id ${request.params.id}`),
  );
};
