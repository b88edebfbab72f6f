import { z } from 'zod';
import { DATE_PRECISIONS } from '../domain.js';
import { claim } from './claims.js';
import { listOf } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, pageQuery } from './params.js';

export const articlesQuery = z.strictObject({ ...pageQuery, ...statusQuery, ...formatQuery(['json', 'csv']) });
export type ArticlesQuery = z.infer<typeof articlesQuery>;

export const article = z
  .object({
    id: z.number().int(),
    file_name: z.string(),
    title: z.string(),
    publisher: z.string().nullable().describe('Null when the article does not name its publisher'),
    language: z.string(),
    published_start: z.string(),
    published_end: z.string(),
    published_precision: z.enum(DATE_PRECISIONS),
    published_note: z.string().describe('What the publication date rests on'),
    published_basis: z
      .string()
      .nullable()
      .describe("Where publisher and date come from: 'text: …', 'page: <the publisher's address> …' or 'inference: <reasoning>'"),
    claim_count: z.number().int(),
  })
  .meta({ id: 'Article' });
export type Article = z.infer<typeof article>;

export const articleList = listOf(article, 'ArticleList');
export const articlePages = withDrafts('articles', articleList, 'ArticleListWithDrafts');

export const articleDetail = article
  .extend({
    text: z.string().describe('The full text, NFC-normalised; claim offsets index into it'),
    claims: z.array(claim).describe('In reading order, with offsets for highlighting'),
  })
  .meta({ id: 'ArticleDetail' });
export type ArticleDetail = z.infer<typeof articleDetail>;
