import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toAnnotation, toAnnotationPage } from '../http/annotation.js';
import { draftReads } from '../http/drafts.js';
import { type CsvColumn, negotiate, sendJsonLd } from '../http/formats.js';
import type { ListRepresentation } from '../http/list.js';
import { found } from '../http/problem.js';
import { articleTexts } from '../query/articles.js';
import { findClaims, getClaim } from '../query/claims.js';
import { annotation, annotationPage } from '../schemas/annotations.js';
import { type Claim, claim, claimPages, claimQuery, claimsQuery } from '../schemas/claims.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { csvContent, idParam, listResponses } from '../schemas/params.js';
import { problemSchema } from '../schemas/problem.js';

export const claimCsvColumns: CsvColumn<Claim>[] = [
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

const ANNOTATIONS = 'With `Accept: application/ld+json` or `?format=jsonld`: W3C Web Annotation JSON-LD';

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const claimListRepresentation: ListRepresentation<Claim> = {
    resource: 'claims',
    formats: ['json', 'csv', 'jsonld'],
    csvColumns: claimCsvColumns,
    jsonld: (page, request) =>
      toAnnotationPage(request, page, articleTexts(db, [...new Set(page.data.map((c) => c.article_id))]), app.dataModified()),
  };
  const drafts = draftReads(app, 'claims', claimPages.mixed);

  app.get(
    '/claims',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listClaims',
        tags: ['claims'],
        summary: 'List claims, filtered by article, claimant, event, type or certainty',
        description: `Ordered by id: article by article, in reading order. ${ANNOTATIONS} (an AnnotationPage).`,
        querystring: claimsQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of claims', {
            'application/json': { schema: claimPages.json },
            ...csvContent,
            'application/ld+json': { schema: annotationPage },
          }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) => drafts.send(request, reply, request.query, claimListRepresentation, (query) => findClaims(db, query)),
  );

  app.get(
    '/claims/:id',
    {
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getClaim',
        tags: ['claims'],
        summary: 'One claim: claimant, quote with offsets, English statement, type, certainty and events',
        description: `The claim's permalink. ${ANNOTATIONS}: the statement as body, the article as source, the quote pinned by a TextQuoteSelector and a TextPositionSelector. ${DRAFT_BY_ID}`,
        params: idParam,
        querystring: claimQuery,
        security: keyOptional,
        response: {
          200: {
            description: 'The claim',
            content: { 'application/json': { schema: publishedOrDraft('claims', claim) }, 'application/ld+json': { schema: annotation } },
          },
          400: problemSchema,
          ...keyRefused,
          404: problemSchema,
          406: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const format = negotiate(request, ['json', 'jsonld'], request.query.format);
      const one = found(getClaim(db, request.params.id), `No claim with id ${request.params.id}`);
      if (format === 'json') return one;
      const text = articleTexts(db, [one.article_id]).get(one.article_id) ?? '';
      return sendJsonLd(reply, toAnnotation(request, one, text, app.dataModified()));
    },
  );
};
