import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTOR_KINDS } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { type ActorRow, actorsByIds, getActor } from '../query/actors.js';
import { listEntities } from '../query/entities.js';
import { pageQuery } from '../query/pagination.js';
import { csvContent, detailResponses, listResponses, textParam } from './params.js';
import { actor, idParam, listOf, pathEntry } from './shapes.js';

const actorsQuery = z.strictObject({
  q: textParam('Any name or alias, English or Arabic; exact matches first, then prefix, then partial', 'Daesh'),
  kind: z.enum(ACTOR_KINDS).optional().describe('Only actors of this kind'),
  parent: z.coerce.number().int().positive().optional().describe('Only the direct children of this actor id'),
  ...pageQuery,
  ...formatQuery(['json', 'csv']),
});

const actorListItem = actor.extend({ match_rank: z.number().int().nullable().describe('With q: 0 exact, 1 prefix, 2 partial') });

const actorDetail = actor
  .extend({
    parent: pathEntry.nullable(),
    ancestors: z.array(pathEntry).describe('From the top-level actor down to the parent'),
    children: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() })),
    event_counts: z.object({
      total: z.number().int().describe('Events this actor takes part in'),
      including_sub_actors: z.number().int(),
      by_role: z.record(z.string(), z.number().int()),
    }),
    claims_made: z.number().int().describe('Claims with this actor as claimant'),
  })
  .meta({ id: 'ActorDetail' });

const csvColumns = [
  { header: 'id', value: (a: ActorRow) => a.id },
  { header: 'name', value: (a: ActorRow) => a.name },
  { header: 'name_ar', value: (a: ActorRow) => a.name_ar },
  { header: 'kind', value: (a: ActorRow) => a.kind },
  { header: 'parent_id', value: (a: ActorRow) => a.parent_id },
  { header: 'aliases', value: (a: ActorRow) => a.aliases.map((x) => x.alias).join('; ') },
];

export const actorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/actors',
    {
      schema: {
        operationId: 'listActors',
        tags: ['actors'],
        summary: 'List or search actors',
        querystring: actorsQuery,
        response: listResponses('A page of actors', { 'application/json': { schema: listOf(actorListItem, 'ActorList') }, ...csvContent }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv'], q.format);
      const page = listEntities(app.database.db, 'actors', q, q.limit, q.cursor, (ids) => actorsByIds(app.database.db, ids));
      return sendList(request, reply, {
        resource: 'actors',
        format,
        page,
        limit: q.limit,
        csv: { columns: csvColumns, bom: q.bom, hxl: false },
      });
    },
  );

  app.get(
    '/actors/:id',
    {
      schema: {
        operationId: 'getActor',
        tags: ['actors'],
        summary: 'One actor with its aliases, parent chain, children and event counts',
        params: idParam,
        response: detailResponses(actorDetail),
      },
    },
    async (request) => {
      const found = getActor(app.database.db, request.params.id);
      if (!found) throw notFound(`No actor with id ${request.params.id}`);
      return found;
    },
  );
};
