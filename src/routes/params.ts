import { z } from 'zod';
import { problemSchema } from '../http/problem.js';

/** Request parameters and response maps the routes share, so each is defined once. */

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

/** The answers of a list endpoint: a page in each media type it offers, or a problem. */
export function listResponses(description: string, content: Record<string, { schema: z.ZodType }>) {
  return { 200: { description, content }, 400: problemSchema, 406: problemSchema };
}

/** The answers of a one-item endpoint. */
export function detailResponses<T extends z.ZodType>(schema: T) {
  return { 200: schema, 400: problemSchema, 404: problemSchema };
}

export const csvContent = { 'text/csv': { schema: z.string() } };
