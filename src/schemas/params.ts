import { z } from 'zod';
import { problemSchema } from './problem.js';

/** Request parameters and response maps the routes share, so each is defined once. */

export const idParam = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Numeric id').meta({ example: 1 }),
});

/** A name-taking filter: an id, or any name, alias or transliteration; several comma-separated values are OR-ed. */
export const nameParam = (description: string, example: string) =>
  z.string().trim().min(1).max(300).optional().describe(description).meta({ example });

/** Free text: full-text search or name search, depending on the endpoint. */
export const textParam = (description: string, example: string) =>
  z.string().trim().min(1).max(200).optional().describe(description).meta({ example });

export const idList = z
  .string()
  .max(2000)
  .regex(/^\d{1,15}(,\d{1,15})*$/, 'must be a comma-separated list of numeric ids')
  .transform((s) => s.split(',').map(Number));

export const DEFAULT_LIMIT = 50;

/**
 * `meta.total` is exact up to this many matches and a lower bound past it (the
 * contract's "Lists"): counting 10,001 index entries costs a few milliseconds,
 * while a count(*) through a popular actor of the 2.5 M-event file costs
 * 0.5-2.4 s (design/READ-MODEL-NOTES.md), more than the page itself.
 */
export const TOTAL_CAP = 10_000;
export const MAX_LIMIT = 500;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .describe(`Page size, 1-${MAX_LIMIT} (default ${DEFAULT_LIMIT})`)
    .meta({ example: 20 }),
  cursor: z.string().max(512).optional().describe('The `meta.next_cursor` of the previous page; omit for the first page'),
  total: z
    .enum(['exact', 'capped'])
    .optional()
    .describe(
      `\`capped\` (default): \`meta.total\` is exact up to ${TOTAL_CAP.toLocaleString('en')} matches; past that it is a lower bound and \`meta.total_exact\` is false. \`exact\`: count every match, whatever it costs`,
    ),
};

export const FORMATS = ['json', 'csv', 'geojson', 'jsonld'] as const;
export type Format = (typeof FORMATS)[number];

/** The media type each format is answered in: the Content-Type of the response, which names its schema in the OpenAPI document. */
export const FORMAT_MEDIA_TYPES: Record<Format, string> = {
  json: 'application/json',
  csv: 'text/csv',
  geojson: 'application/geo+json',
  jsonld: 'application/ld+json',
};

/** A query flag: `1`/`true` or `0`/`false`. */
export const queryFlag = z
  .enum(['1', '0', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();

const csvFlags = {
  bom: queryFlag.describe('CSV only: start with a UTF-8 byte-order mark so spreadsheet programs read Arabic text correctly (1/0)'),
  hxl: queryFlag.describe('CSV only: add an HXL hashtag row under the header (1/0)'),
};

/** The `format` parameter (and the CSV flags) of a list endpoint. */
export function formatQuery<F extends Format>(formats: [F, ...F[]]) {
  return {
    format: z
      .enum(formats)
      .optional()
      .describe(
        `Response format, overriding the Accept header: ${formats.map((f) => `\`${f}\` (${FORMAT_MEDIA_TYPES[f]})`).join(', ')}. Default json. The response's Content-Type is that media type, and the 200 response lists the schema of each.`,
      ),
    ...csvFlags,
  };
}

const anyFormatQuery = z.object(formatQuery([...FORMATS]));
/** What every list request says about its representation. */
export type FormatQuery = z.infer<typeof anyFormatQuery>;

/** The answers of a list endpoint: a page in each media type it offers, or a problem. */
export function listResponses(description: string, content: Record<string, { schema: z.ZodType }>) {
  return { 200: { description, content }, 400: problemSchema, 406: problemSchema };
}

/** The answers of a one-item endpoint. */
export function detailResponses<T extends z.ZodType>(schema: T) {
  return { 200: schema, 400: problemSchema, 404: problemSchema };
}

export const csvContent = { 'text/csv': { schema: z.string() } };
