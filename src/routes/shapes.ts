import { z } from 'zod';
import {
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CLAIM_TYPES,
  COORD_SOURCES,
  DATE_PRECISIONS,
  EVENT_TYPES,
  LOCATION_KINDS,
  OUTCOMES,
  QUALIFIERS,
  SUB_EVENT_TYPES,
} from '../domain.js';
import { CREDIBILITY_GRADES } from '../query/credibility.js';

/** Response shapes shared by several routes; each is one component of the OpenAPI document. */

export const idParam = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Numeric id').meta({ example: 1 }),
});

export const ref = z.object({ id: z.number().int(), name: z.string() }).meta({ id: 'Ref' });

export const nameMatch = z.object({ id: z.number().int(), name: z.string(), kind: z.string() }).meta({ id: 'NameMatch' });

export const listMeta = z
  .object({
    total: z.number().int().describe('Rows matching the filters, across all pages; a lower bound when `total_exact` is false'),
    total_exact: z
      .boolean()
      .describe(
        'False when counting stopped early (more than 1,000 matching rows, or a full-text ranking window that filled up): at least `total` rows match. `total=exact` on /events counts them all.',
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

export const eventLocation = z
  .object({
    id: z.number().int(),
    name: z.string(),
    name_ar: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    geo_precision: z
      .number()
      .int()
      .nullable()
      .describe('1 = the place itself, 2 = near it / part of a larger area, 3 = only the administrative area'),
  })
  .meta({ id: 'EventLocation' });

export const pathEntry = z
  .object({ id: z.number().int(), name: z.string(), name_ar: z.string().nullable(), kind: z.string() })
  .meta({ id: 'PathEntry' });

export const eventSummary = z
  .object({
    id: z.number().int(),
    date_start: z.string(),
    date_end: z.string(),
    date_precision: z.enum(DATE_PRECISIONS),
    date_note: z.string().describe('What the date rests on'),
    event_type: z.enum(EVENT_TYPES),
    sub_event_type: z.enum(SUB_EVENT_TYPES),
    location: eventLocation,
    actors: z.array(z.object({ id: z.number().int(), name: z.string(), role: z.enum(ACTOR_ROLES) })),
    summary_en: z.string(),
    summary_ar: z.string().nullable(),
    fatalities: z
      .object({ low: z.number().int(), high: z.number().int().nullable() })
      .nullable()
      .describe(
        'Killed, from the claims: per victim side the lowest lower bound and the highest upper bound any claim gives, summed over sides; high is null when a figure is open-ended or vague; null when no claim gives a figure',
      ),
    claim_count: z.number().int(),
    sources: z.array(z.string()).describe('Names of the claimants'),
    score: z.number().nullable().optional().describe('With q: relevance (bm25; lower is better)'),
    snippet: z.string().nullable().optional().describe('With q: an excerpt with the matching words in <mark>…</mark>'),
  })
  .meta({ id: 'EventSummary' });

export const claim = z
  .object({
    id: z.number().int(),
    article_id: z.number().int(),
    claimant: ref,
    claimant_text: z.string().nullable().describe("The article's own words for the claimant; null when the outlet speaks itself"),
    quote: z.string().describe('Verbatim from the article'),
    quote_start: z.number().int().describe('Offset of the quote in the NFC article text (JavaScript string index)'),
    quote_end: z.number().int().describe('End offset, exclusive'),
    statement_en: z.string(),
    claim_type: z.enum(CLAIM_TYPES),
    certainty: z.enum(CERTAINTIES),
    event_ids: z.array(z.number().int()),
    note: z.string().nullable(),
    score: z.number().nullable().optional().describe('With q: relevance (bm25; lower is better)'),
    snippet: z.string().nullable().optional().describe('With q: an excerpt with the matching words in <mark>…</mark>'),
  })
  .meta({ id: 'Claim' });

export const casualtyReport = z
  .object({
    id: z.number().int(),
    claim_id: z.number().int(),
    event_id: z.number().int(),
    claimant: ref,
    location: ref,
    victim_actor: ref.nullable(),
    victim_group: z.string().nullable(),
    outcome: z.enum(OUTCOMES),
    count_low: z.number().int().nullable(),
    count_high: z.number().int().nullable(),
    qualifier: z.enum(QUALIFIERS),
    vague_text: z.string().nullable().describe("The article's words for a figure it gives without a number"),
    subset_of_id: z.number().int().nullable().describe('The report this one is part of ("including 7 children")'),
    note: z.string().nullable(),
  })
  .meta({ id: 'CasualtyReport' });

export const disagreement = z
  .object({
    kind: z.enum(['figures', 'denial', 'competing_parties']),
    detail: z.string(),
    victim: z.string().nullable(),
    outcome: z.string().nullable(),
    claim_ids: z.array(z.number().int()),
  })
  .meta({ id: 'Disagreement' });

export const credibility = z
  .object({
    grade: z.enum(CREDIBILITY_GRADES),
    reason: z.string(),
    independent_claimants: z.number().int(),
  })
  .meta({ id: 'Credibility' });

export const alias = z.object({ alias: z.string(), lang: z.enum(['ar', 'en']) }).meta({ id: 'Alias' });

export const actor = z
  .object({
    id: z.number().int(),
    name: z.string(),
    name_ar: z.string().nullable(),
    kind: z.enum(ACTOR_KINDS),
    parent_id: z.number().int().nullable(),
    aliases: z.array(alias),
  })
  .meta({ id: 'Actor' });

export const location = z
  .object({
    id: z.number().int(),
    name: z.string(),
    name_ar: z.string().nullable(),
    kind: z.enum(LOCATION_KINDS),
    parent_id: z.number().int().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    geo_precision: z.number().int().nullable(),
    coord_source: z
      .enum(COORD_SOURCES)
      .describe(
        "'gazetteer' (GeoNames, id in geonames_id), 'parent' (the nearest located ancestor's coordinates), 'capital' (an administrative area at its capital's GeoNames entry, id in geonames_id) or 'none'",
      ),
    geonames_id: z.number().int().nullable(),
    pcode: z.string().nullable().describe('OCHA p-code, where known'),
    aliases: z.array(alias),
  })
  .meta({ id: 'Location' });

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

export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item), meta: listMeta }).meta({ id });
}
