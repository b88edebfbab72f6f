import { z } from 'zod';
import {
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CLAIM_TYPES,
  COORD_SOURCES,
  DATE_PRECISIONS,
  EVENT_TYPES,
  LANGUAGES,
  LOCATION_KINDS,
  OUTCOMES,
  QUALIFIERS,
  SUB_EVENT_TYPES,
} from '../domain.js';

/**
 * The bodies of the write endpoints: the field names the reads use, references
 * by id. Unknown fields are refused by name (strict objects). The cross-record
 * rules (quote at its offsets, the ACLED pair, a figure on an event its claim
 * supports, no cycles) are checked by src/write/rules.ts.
 */

const text = z.string().trim().min(1);
const id = z.number().int().positive();
const isoDate = z.iso.date();

export const articleBody = z
  .strictObject({
    file_name: z.string().regex(/^[\w.-]+\.txt$/, 'a file name such as 006-report.txt'),
    title: text,
    text: text.describe('The full text; stored in NFC. Fixed once a claim cites it.'),
    language: z.enum(LANGUAGES),
    publisher: text.nullable().default(null),
    publisher_actor_id: id.nullable().default(null),
    published_start: isoDate,
    published_end: isoDate,
    published_precision: z.enum(DATE_PRECISIONS),
    published_note: text,
    published_basis: z
      .string()
      .regex(/^(text|page|inference): \S/, "starts with 'text: ', 'page: ' or 'inference: '")
      .nullable()
      .default(null),
  })
  .meta({
    id: 'NewArticle',
    example: {
      file_name: '900-example.txt',
      title: 'غارة على قرية',
      text: 'قتل ثلاثة مدنيين في غارة جوية على قرية الباغوز.',
      language: 'ar',
      published_start: '2019-03-01',
      published_end: '2019-03-01',
      published_precision: 'day',
      published_note: 'the date of the page',
    },
  });

export const claimBody = z
  .strictObject({
    article_id: id,
    claimant_id: id,
    claimant_text: text.nullable().default(null),
    quote: text.describe("Verbatim from the article's NFC text"),
    quote_start: z.number().int().nonnegative().optional().describe('Offset of the quote; found by the server when omitted'),
    quote_end: z.number().int().positive().optional(),
    quote_prefix: z.string().min(1).max(500).optional().describe('Text just before the quote, to pick one of several occurrences'),
    quote_suffix: z.string().min(1).max(500).optional().describe('Text just after the quote'),
    statement_en: text,
    claim_type: z.enum(CLAIM_TYPES),
    certainty: z.enum(CERTAINTIES),
    event_ids: z.array(id).max(100).default([]),
    note: text.nullable().default(null),
  })
  .meta({
    id: 'NewClaim',
    example: {
      article_id: 1,
      claimant_id: 1,
      quote: 'قتل ثلاثة مدنيين',
      statement_en: 'Three civilians were killed',
      claim_type: 'casualty_report',
      certainty: 'asserted',
    },
  });

export const eventBody = z
  .strictObject({
    date_start: isoDate,
    date_end: isoDate,
    date_precision: z.enum(DATE_PRECISIONS),
    date_note: text,
    event_type: z.enum(EVENT_TYPES),
    sub_event_type: z.enum(SUB_EVENT_TYPES),
    location_id: id,
    geo_precision: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .default(null),
    summary_en: text,
    summary_ar: text.nullable().default(null),
    actors: z
      .array(z.strictObject({ actor_id: id, role: z.enum(ACTOR_ROLES) }))
      .max(50)
      .default([]),
    note: text.nullable().default(null),
  })
  .meta({
    id: 'NewEvent',
    example: {
      date_start: '2019-03-01',
      date_end: '2019-03-01',
      date_precision: 'day',
      date_note: 'the day the article reports',
      event_type: 'Explosions/Remote violence',
      sub_event_type: 'Air/drone strike',
      location_id: 1,
      summary_en: 'An air strike killed three civilians',
    },
  });

const counts = {
  count_low: z.number().nonnegative().nullable().default(null),
  count_high: z.number().nonnegative().nullable().default(null),
  qualifier: z.enum(QUALIFIERS),
  vague_text: text.nullable().default(null),
};

export const casualtyReportBody = z
  .strictObject({
    claim_id: id,
    event_id: id,
    victim_actor_id: id.nullable().default(null),
    victim_group: text.nullable().default(null),
    outcome: z.enum(OUTCOMES),
    ...counts,
    subset_of_id: id.nullable().default(null),
    note: text.nullable().default(null),
  })
  .meta({
    id: 'NewCasualtyReport',
    example: { claim_id: 1, event_id: 1, victim_group: 'civilians', outcome: 'killed', count_low: 3, count_high: 3, qualifier: 'exact' },
  });

export const figureBody = z
  .strictObject({
    claim_id: id,
    what: text,
    unit: text,
    ...counts,
    outcome: z.enum(OUTCOMES).nullable().default(null),
    victim_actor_id: id.nullable().default(null),
    victim_group: text.nullable().default(null),
    place_id: id.nullable().default(null),
    period_start: isoDate.nullable().default(null),
    period_end: isoDate.nullable().default(null),
    note: text.nullable().default(null),
  })
  .meta({
    id: 'NewFigure',
    example: { claim_id: 1, what: 'fighters remaining', unit: 'fighters', count_low: 2000, qualifier: 'about' },
  });

const aliases = z
  .array(z.strictObject({ alias: text, lang: z.enum(LANGUAGES) }))
  .max(100)
  .default([]);

export const actorBody = z
  .strictObject({
    name: text,
    name_ar: text.nullable().default(null),
    kind: z.enum(ACTOR_KINDS),
    parent_id: id.nullable().default(null),
    aliases,
    note: text.nullable().default(null),
  })
  .meta({ id: 'NewActor', example: { name: 'Example Brigade', kind: 'armed_group', aliases: [{ alias: 'EB', lang: 'en' }] } });

export const locationBody = z
  .strictObject({
    name: text,
    name_ar: text.nullable().default(null),
    kind: z.enum(LOCATION_KINDS),
    parent_id: id.nullable().default(null),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lon: z.number().min(-180).max(180).nullable().default(null),
    geo_precision: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .default(null),
    coord_source: z.enum(COORD_SOURCES),
    geonames_id: z.number().int().positive().nullable().default(null),
    pcode: text.nullable().default(null),
    aliases,
    note: text.nullable().default(null),
  })
  .meta({ id: 'NewLocation', example: { name: 'Example village', kind: 'village', coord_source: 'none' } });

export const WRITE_BODIES = {
  articles: articleBody,
  claims: claimBody,
  events: eventBody,
  'casualty-reports': casualtyReportBody,
  figures: figureBody,
  actors: actorBody,
  locations: locationBody,
} as const;
export type WritableResource = keyof typeof WRITE_BODIES;
export const WRITABLE_RESOURCES = Object.keys(WRITE_BODIES) as WritableResource[];
export type WriteBody<R extends WritableResource> = z.output<(typeof WRITE_BODIES)[R]>;

export const recordStatus = z.enum(['draft', 'published', 'retracted']);

/** What a write answers: the record as stored, with its status and version (the ETag is `"<resource>/<id>/v<version>"`). */
export const writtenRecord = z
  .object({
    resource: z.enum(WRITABLE_RESOURCES as [WritableResource, ...WritableResource[]]),
    id: z.number().int(),
    status: recordStatus,
    version: z.number().int(),
    reason: z.string().nullable(),
    record: z.record(z.string(), z.unknown()).describe('The record in the shape the write endpoints take'),
  })
  .meta({ id: 'WrittenRecord' });
export type WrittenRecord = z.infer<typeof writtenRecord>;

export const historyEntry = z
  .object({
    version: z.number().int(),
    at: z.string(),
    by: z.string().describe('The name of the key that wrote it (`seed` for the seed loader)'),
    action: z.enum(['created', 'updated', 'published', 'retracted']),
    reason: z.string().nullable(),
    status: recordStatus,
    record: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntry>;

export const change = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    resource: z.string(),
    id: z.number().int(),
    action: z.enum(['created', 'updated', 'published', 'retracted']),
    version: z.number().int(),
  })
  .meta({ id: 'Change' });
export type Change = z.infer<typeof change>;

export const changesQuery = z.strictObject({
  since: z
    .string()
    .regex(/^\d{1,15}$/, 'a next_cursor of this feed')
    .optional()
    .describe('The `meta.next_cursor` of the previous page; omit to start from the beginning'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Page size, 1-500 (default 100)'),
});
export type ChangesQuery = z.infer<typeof changesQuery>;

export const changeList = z
  .object({ data: z.array(change), meta: z.object({ limit: z.number().int(), next_cursor: z.string().nullable() }) })
  .meta({ id: 'ChangeList' });

export const retractQuery = z.strictObject({
  reason: z.string().trim().min(1).max(1000).describe('Why the record is retracted (kept with it and shown by GET)'),
});
