import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import type { ListRepresentation } from '../http/list.js';
import { found } from '../http/problem.js';
import { findArticles, getArticle } from '../query/articles.js';
import { type Article, article, articleDetail, articlePages, articlesQuery } from '../schemas/articles.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { csvContent, detailResponses, idParam, listResponses } from '../schemas/params.js';

export const articleCsvColumns: CsvColumn<Article>[] = (Object.keys(article.shape) as (keyof Article)[]).map((k) => ({
  header: k,
  value: (a: Article) => a[k],
}));

const articleListRepresentation: ListRepresentation<Article> = {
  resource: 'articles',
  formats: ['json', 'csv'],
  csvColumns: articleCsvColumns,
  hxl: false,
};

export const articleRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'articles', articlePages.mixed);
  app.get(
    '/articles',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List the source articles',
        description: 'Ordered by publication date (start of its range), then id.',
        querystring: articlesQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of articles', { 'application/json': { schema: articlePages.json }, ...csvContent }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, articleListRepresentation, (query) => findArticles(app.database.db, query)),
  );

  app.get(
    '/articles/:id',
    {
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'One article with its full text and its claims',
        description: `The article with its full NFC-normalised text, which claim offsets index, and its claims in reading order. ${DRAFT_BY_ID}`,
        params: idParam,
        security: keyOptional,
        response: { ...detailResponses(publishedOrDraft('articles', articleDetail)), ...keyRefused },
      },
    },
    async (request) => found(getArticle(app.database.db, request.params.id), `No article with id ${request.params.id}`),
  );
};
