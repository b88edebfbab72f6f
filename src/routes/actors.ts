import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CsvColumn } from '../http/formats.js';
import { type ListRepresentation, sendList } from '../http/list.js';
import { found } from '../http/problem.js';
import { findActors, getActor } from '../query/actors.js';
import { type Actor, actorDetail, actorList, actorsQuery } from '../schemas/entities.js';
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
  app.get(
    '/actors',
    {
      schema: {
        operationId: 'listActors',
        tags: ['actors'],
        summary: 'List or search actors',
        description:
          'Without `q`, in id order; with `q`, exact name or alias matches first, then prefix, then partial matches (English or Arabic, normalised).',
        querystring: actorsQuery,
        response: listResponses('A page of actors', { 'application/json': { schema: actorList }, ...csvContent }),
      },
    },
    async (request, reply) => sendList(request, reply, actorListRepresentation, () => findActors(app.database.db, request.query)),
  );

  app.get(
    '/actors/:id',
    {
      schema: {
        operationId: 'getActor',
        tags: ['actors'],
        summary: 'One actor with its aliases, parent chain, children and event counts',
        description:
          'The actor with its aliases, parent, ancestors and children, how many events it takes part in (by role, and with its sub-actors), and how many claims it made.',
        params: idParam,
        response: detailResponses(actorDetail),
      },
    },
    async (request) => found(getActor(app.database.db, request.params.id), `No actor with id ${request.params.id}`),
  );
};
