import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CsvColumn } from '../http/formats.js';
import { type ListRepresentation, sendList } from '../http/list.js';
import { found } from '../http/problem.js';
import { findArticles, getArticle } from '../query/articles.js';
import { type Article, article, articleDetail, articleList, articlesQuery } from '../schemas/articles.js';
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
  app.get(
    '/articles',
    {
      schema: {
        operationId: 'listArticles',
        tags: ['articles'],
        summary: 'List the source articles',
        description: 'Ordered by publication date (start of its range), then id.',
        querystring: articlesQuery,
        response: listResponses('A page of articles', { 'application/json': { schema: articleList }, ...csvContent }),
      },
    },
    async (request, reply) => sendList(request, reply, articleListRepresentation, () => findArticles(app.database.db, request.query)),
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'One article with its full text and its claims',
        description: 'The article with its full NFC-normalised text, which claim offsets index, and its claims in reading order.',
        params: idParam,
        response: detailResponses(articleDetail),
      },
    },
    async (request) => found(getArticle(app.database.db, request.params.id), `No article with id ${request.params.id}`),
  );
};
