import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import type { ListRepresentation } from '../http/list.js';
import { found } from '../http/problem.js';
import { findFigures, getFigure } from '../query/figures.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { type Figure, figure, figurePages, figuresQuery } from '../schemas/figures.js';
import { csvContent, detailResponses, idParam, listResponses } from '../schemas/params.js';

export const figureCsvColumns: CsvColumn<Figure>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'claim_id', value: (r) => r.claim_id },
  { header: 'article_id', value: (r) => r.article_id },
  { header: 'claimant', hxl: '#meta+source', value: (r) => r.claimant.name },
  { header: 'what', hxl: '#indicator+name', value: (r) => r.what },
  { header: 'unit', value: (r) => r.unit },
  { header: 'count_low', hxl: '#indicator+num+min', value: (r) => r.count_low },
  { header: 'count_high', hxl: '#indicator+num+max', value: (r) => r.count_high },
  { header: 'qualifier', value: (r) => r.qualifier },
  { header: 'vague_text', value: (r) => r.vague_text },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'victim_actor', hxl: '#group+name', value: (r) => r.victim_actor?.name },
  { header: 'victim_group', hxl: '#affected+type', value: (r) => r.victim_group },
  { header: 'place', hxl: '#loc+name', value: (r) => r.place?.name },
  { header: 'period_start', hxl: '#date+start', value: (r) => r.period_start },
  { header: 'period_end', hxl: '#date+end', value: (r) => r.period_end },
  { header: 'claimant_id', value: (r) => r.claimant.id },
  { header: 'victim_actor_id', value: (r) => r.victim_actor?.id },
  { header: 'place_id', value: (r) => r.place?.id },
];

const figureListRepresentation: ListRepresentation<Figure> = {
  resource: 'figures',
  formats: ['json', 'csv'],
  csvColumns: figureCsvColumns,
};

export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'figures', figurePages.mixed);
  app.get(
    '/figures',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listFigures',
        tags: ['figures'],
        summary: "List the numbers articles state that are not one event's casualties",
        description:
          'Campaign and period tolls, territory shares and areas, force sizes, people and things counted. A figure belongs to its claim, never to an event: it counts toward no `fatalities` and is not in the ACLED export. Ordered by id (article, then claim).',
        querystring: figuresQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of figures', { 'application/json': { schema: figurePages.json }, ...csvContent }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, figureListRepresentation, (query) => findFigures(app.database.db, query)),
  );

  app.get(
    '/figures/:id',
    {
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getFigure',
        tags: ['figures'],
        summary: 'One figure with its claim, claimant and quote',
        description: `One number from a claim that is not one event's casualty figure, with its claimant, what is counted, the unit and, where the text gives them, the place and period. ${DRAFT_BY_ID}`,
        params: idParam,
        security: keyOptional,
        response: { ...detailResponses(publishedOrDraft('figures', figure)), ...keyRefused },
      },
    },
    async (request) => found(getFigure(app.database.db, request.params.id), `No figure with id ${request.params.id}`),
  );
};
