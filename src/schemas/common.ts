import { z } from 'zod';

/** Shapes every resource's responses are built from; each is one component of the OpenAPI document. */

export const ref = z.object({ id: z.number().int(), name: z.string() }).meta({ id: 'Ref' });

export const nameMatch = z.object({ id: z.number().int(), name: z.string(), kind: z.string() }).meta({ id: 'NameMatch' });
export type NameMatch = z.infer<typeof nameMatch>;

export const listMeta = z
  .object({
    total: z.number().int().describe('Rows matching the filters, across all pages; a lower bound when `total_exact` is false'),
    total_exact: z
      .boolean()
      .describe(
        'False when counting stopped early (more than 10,000 matching rows, or a full-text ranking window that filled up): at least `total` rows match. `total=exact` counts them all.',
      ),
    limit: z.number().int(),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
    matched: z
      .record(z.string(), z.record(z.string(), z.array(nameMatch)))
      .optional()
      .describe('Per name-taking parameter: what each name matched'),
    unmatched: z.record(z.string(), z.array(z.string())).optional().describe('Per name-taking parameter: names that matched nothing'),
  })
  .meta({ id: 'ListMeta' });
export type ListMeta = z.infer<typeof listMeta>;

export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item), meta: listMeta }).meta({ id });
}

export const pathEntry = z
  .object({ id: z.number().int(), name: z.string(), name_ar: z.string().nullable(), kind: z.string() })
  .meta({ id: 'PathEntry' });
export type PathEntry = z.infer<typeof pathEntry>;

export const alias = z.object({ alias: z.string(), lang: z.enum(['ar', 'en']) }).meta({ id: 'Alias' });
export type Alias = z.infer<typeof alias>;

export const child = z.object({ id: z.number().int(), name: z.string(), kind: z.string() });

/** With `q`: relevance and an excerpt, on events and claims. */
export const searchHit = {
  score: z.number().nullable().optional().describe('With q: relevance (bm25; lower is better)'),
  snippet: z.string().nullable().optional().describe('With q: an excerpt with the matching words in <mark>…</mark>'),
};

export const featureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()) }),
    ),
    unlocated: z.array(z.record(z.string(), z.unknown())).describe('Items without coordinates, listed rather than dropped'),
  })
  .meta({ id: 'FeatureCollection' });
