import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTAINTIES, CLAIM_TYPES } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { type ClaimRow, claimConditions, getClaim, listClaims } from '../query/claims.js';
import { resolveFilters } from '../query/filters.js';
import { pageQuery } from '../query/pagination.js';
import { searchParam } from '../query/search.js';
import { csvContent, detailResponses, idList, listResponses, nameParam, textParam } from './params.js';
import { claim, idParam, listOf } from './shapes.js';

const claimsQuery = z.strictObject({
  article: z.string().trim().min(1).max(300).optional().describe('Article id or file name').meta({ example: '003' }),
  claimant: nameParam('Claimant id or any name or alias (with its sub-actors, e.g. SANA within the Syrian government)', 'SANA'),
  event: idList.optional().describe('Event id(s), comma-separated'),
  claim_type: z.enum(CLAIM_TYPES).optional().describe('Kind of statement (event_report, casualty_report, statement, forecast...)'),
  q: textParam('Full-text search in the Arabic quote and the English statement; results by relevance with a snippet', 'غارات'),
  certainty: z.enum(CERTAINTIES).optional().describe('asserted, alleged, suspected, denied, assessment or forecast'),
  ...pageQuery,
  ...formatQuery(['json', 'csv']),
});

export const claimCsvColumns = [
  { header: 'id', value: (c: ClaimRow) => c.id },
  { header: 'article_id', value: (c: ClaimRow) => c.article_id },
  { header: 'claimant_id', value: (c: ClaimRow) => c.claimant.id },
  { header: 'claimant', hxl: '#meta+source', value: (c: ClaimRow) => c.claimant.name },
  { header: 'claimant_text', value: (c: ClaimRow) => c.claimant_text },
  { header: 'quote', value: (c: ClaimRow) => c.quote },
  { header: 'quote_start', value: (c: ClaimRow) => c.quote_start },
  { header: 'quote_end', value: (c: ClaimRow) => c.quote_end },
  { header: 'statement_en', hxl: '#description', value: (c: ClaimRow) => c.statement_en },
  { header: 'claim_type', value: (c: ClaimRow) => c.claim_type },
  { header: 'certainty', value: (c: ClaimRow) => c.certainty },
  { header: 'event_ids', value: (c: ClaimRow) => c.event_ids.join(';') },
];

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/claims',
    {
      schema: {
        operationId: 'listClaims',
        tags: ['claims'],
        summary: 'List claims, filtered by article, claimant, event, type or certainty',
        description: 'Ordered by id: article by article, in reading order.',
        querystring: claimsQuery,
        response: listResponses('A page of claims', { 'application/json': { schema: listOf(claim, 'ClaimList') }, ...csvContent }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv'], q.format);
      const filters = resolveFilters(app.database.db, { article: q.article, claimant: q.claimant });
      const page = listClaims(app.database.db, claimConditions(q, filters), q.limit, q.cursor, searchParam(q.q));
      return sendList(request, reply, {
        resource: 'claims',
        format,
        page,
        limit: q.limit,
        filters,
        csv: { columns: claimCsvColumns, bom: q.bom, hxl: q.hxl },
      });
    },
  );

  app.get(
    '/claims/:id',
    {
      schema: {
        operationId: 'getClaim',
        tags: ['claims'],
        summary: 'One claim: claimant, quote with offsets, English statement, type, certainty and events',
        params: idParam,
        response: detailResponses(claim),
      },
    },
    async (request) => {
      const found = getClaim(app.database.db, request.params.id);
      if (!found) throw notFound(`No claim with id ${request.params.id}`);
      return found;
    },
  );
};
