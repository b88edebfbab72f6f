import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTCOMES, QUALIFIERS } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { type FigureRow, figureConditions, getFigure, listFigures } from '../query/figures.js';
import { resolveFilters } from '../query/filters.js';
import { pageQuery } from '../query/pagination.js';
import { csvContent, detailResponses, idList, listResponses, nameParam, textParam } from './params.js';
import { idParam, listOf, ref } from './shapes.js';

export const figure = z
  .object({
    id: z.number().int(),
    claim_id: z.number().int(),
    article_id: z.number().int(),
    claimant: ref,
    what: z.string().describe('What is counted, in English'),
    unit: z.string().describe('people, fighters, km2, percent, names, missiles, hours, vehicles...'),
    count_low: z.number().nullable(),
    count_high: z.number().nullable(),
    qualifier: z.enum(QUALIFIERS),
    vague_text: z.string().nullable().describe("The article's words for a number it gives without digits"),
    outcome: z.enum(OUTCOMES).nullable().describe('For tolls: killed, captured, displaced...'),
    victim_actor: ref.nullable(),
    victim_group: z.string().nullable(),
    place: ref.nullable().describe('Where the text places what is counted, when it does'),
    period_start: z.string().nullable().describe('ISO date, when the text bounds the period counted'),
    period_end: z.string().nullable(),
    quote: z.string().describe("The claim's verbatim words"),
    note: z.string().nullable(),
  })
  .meta({ id: 'Figure' });

const figureQuery = z.strictObject({
  claim: idList.optional().describe('Claim id(s), comma-separated'),
  article: nameParam('Article: id, file name or its number (003)', '001'),
  claimant: nameParam('Claimant: id or any name (with its sub-actors)', 'SOHR'),
  place: nameParam("The figure's place: id or any name (with the places inside it)", 'Raqqa'),
  q: textParam('Text in what is counted, the unit, the words or the quote', 'civilians'),
  ...pageQuery,
  ...formatQuery(['json', 'csv']),
});

const csvColumns = [
  { header: 'id', value: (r: FigureRow) => r.id },
  { header: 'claim_id', value: (r: FigureRow) => r.claim_id },
  { header: 'article_id', value: (r: FigureRow) => r.article_id },
  { header: 'claimant', hxl: '#meta+source', value: (r: FigureRow) => r.claimant.name },
  { header: 'what', hxl: '#indicator+name', value: (r: FigureRow) => r.what },
  { header: 'unit', value: (r: FigureRow) => r.unit },
  { header: 'count_low', hxl: '#indicator+num+min', value: (r: FigureRow) => r.count_low },
  { header: 'count_high', hxl: '#indicator+num+max', value: (r: FigureRow) => r.count_high },
  { header: 'qualifier', value: (r: FigureRow) => r.qualifier },
  { header: 'vague_text', value: (r: FigureRow) => r.vague_text },
  { header: 'outcome', value: (r: FigureRow) => r.outcome },
  { header: 'victim_actor', hxl: '#group+name', value: (r: FigureRow) => r.victim_actor?.name },
  { header: 'victim_group', hxl: '#affected+type', value: (r: FigureRow) => r.victim_group },
  { header: 'place', hxl: '#loc+name', value: (r: FigureRow) => r.place?.name },
  { header: 'period_start', hxl: '#date+start', value: (r: FigureRow) => r.period_start },
  { header: 'period_end', hxl: '#date+end', value: (r: FigureRow) => r.period_end },
];

export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/figures',
    {
      schema: {
        operationId: 'listFigures',
        tags: ['figures'],
        summary: "List the numbers articles state that are not one event's casualties",
        description:
          'Campaign and period tolls, territory shares and areas, force sizes, people and things counted. A figure belongs to its claim, never to an event: it counts toward no `fatalities` and is not in the ACLED export. Ordered by id (article, then claim).',
        querystring: figureQuery,
        response: listResponses('A page of figures', { 'application/json': { schema: listOf(figure, 'FigureList') }, ...csvContent }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv'], q.format);
      const filters = resolveFilters(app.database.db, { place: q.place, claimant: q.claimant, article: q.article });
      const page = listFigures(app.database.db, figureConditions(q, filters), q.limit, q.cursor);
      return sendList(request, reply, {
        resource: 'figures',
        format,
        page,
        limit: q.limit,
        filters,
        csv: { columns: csvColumns, bom: q.bom, hxl: q.hxl },
      });
    },
  );

  app.get(
    '/figures/:id',
    {
      schema: {
        operationId: 'getFigure',
        tags: ['figures'],
        summary: 'One figure with its claim, claimant and quote',
        params: idParam,
        response: detailResponses(figure),
      },
    },
    async (request) => {
      const found = getFigure(app.database.db, request.params.id);
      if (!found) throw notFound(`No figure with id ${request.params.id}`);
      return found;
    },
  );
};
