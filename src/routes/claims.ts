import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CsvColumn } from '../http/formats.js';
import { type ListRepresentation, sendList } from '../http/list.js';
import { found } from '../http/problem.js';
import { findClaims, getClaim } from '../query/claims.js';
import { type Claim, claim, claimList, claimsQuery } from '../schemas/claims.js';
import { csvContent, detailResponses, idParam, listResponses } from '../schemas/params.js';

const csvColumns: CsvColumn<Claim>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'article_id', value: (c) => c.article_id },
  { header: 'claimant_id', value: (c) => c.claimant.id },
  { header: 'claimant', hxl: '#meta+source', value: (c) => c.claimant.name },
  { header: 'claimant_text', value: (c) => c.claimant_text },
  { header: 'quote', value: (c) => c.quote },
  { header: 'quote_start', value: (c) => c.quote_start },
  { header: 'quote_end', value: (c) => c.quote_end },
  { header: 'statement_en', hxl: '#description', value: (c) => c.statement_en },
  { header: 'claim_type', value: (c) => c.claim_type },
  { header: 'certainty', value: (c) => c.certainty },
  { header: 'event_ids', value: (c) => c.event_ids.join(';') },
];

const claimListRepresentation: ListRepresentation<Claim> = { resource: 'claims', formats: ['json', 'csv'], csvColumns };

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
        response: listResponses('A page of claims', { 'application/json': { schema: claimList }, ...csvContent }),
      },
    },
    async (request, reply) => sendList(request, reply, claimListRepresentation, () => findClaims(app.database.db, request.query)),
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
    async (request) => found(getClaim(app.database.db, request.params.id), `No claim with id ${request.params.id}`),
  );
};
