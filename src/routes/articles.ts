import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { type ArticleRow, getArticle, listArticles } from '../query/articles.js';
import { pageQuery } from '../query/pagination.js';
import { csvContent, detailResponses, listResponses } from './params.js';
import { article, claim, idParam, listOf } from './shapes.js';

const articlesQuery = z.strictObject({ ...pageQuery, ...formatQuery(['json', 'csv']) });

const articleDetail = article
  .extend({
    text: z.string().describe('The full text, NFC-normalised; claim offsets index into it'),
    claims: z.array(claim).describe('In reading order, with offsets for highlighting'),
  })
  .meta({ id: 'ArticleDetail' });

const csvColumns = (Object.keys(article.shape) as (keyof ArticleRow)[]).map((k) => ({ header: k, value: (a: ArticleRow) => a[k] }));

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
        response: listResponses('A page of articles', { 'application/json': { schema: listOf(article, 'ArticleList') }, ...csvContent }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv'], q.format);
      const page = listArticles(app.database.db, sql`1 = 1`, q.limit, q.cursor);
      return sendList(request, reply, {
        resource: 'articles',
        format,
        page,
        limit: q.limit,
        csv: { columns: csvColumns, bom: q.bom, hxl: false },
      });
    },
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        operationId: 'getArticle',
        tags: ['articles'],
        summary: 'One article with its full text and its claims',
        params: idParam,
        response: detailResponses(articleDetail),
      },
    },
    async (request) => {
      const found = getArticle(app.database.db, request.params.id);
      if (!found) throw notFound(`No article with id ${request.params.id}`);
      return found;
    },
  );
};
