import { z } from 'zod';
import {
  ACLED_TAXONOMY,
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CLAIM_TYPES,
  COORD_SOURCES,
  DATE_PRECISIONS,
  EVENT_TYPES,
  GEO_PRECISIONS,
  LANGUAGES,
  LOCATION_KINDS,
  OUTCOMES,
  QUALIFIERS,
  SUB_EVENT_TYPES,
} from '../domain.js';

/**
 * The hand-coded seed format. Every entity has a stable `key` (a slug) that the
 * data files use to refer to each other; the loader turns keys into row ids and
 * upserts by key, so reloading never duplicates anything.
 */

const key = z.string().regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'keys are lower-case slugs (a-z, 0-9, _ . : -)');
const isoDate = z.iso.date();
const nonEmpty = z.string().trim().min(1);

const aliasSeed = z.strictObject({
  text: nonEmpty,
  lang: z.enum(LANGUAGES),
});

export const actorSeed = z.strictObject({
  key,
  name: nonEmpty,
  name_ar: nonEmpty.nullable(),
  kind: z.enum(ACTOR_KINDS),
  parent: key.nullable(),
  aliases: z.array(aliasSeed).default([]),
  note: nonEmpty.optional(),
});

export const locationSeed = z
  .strictObject({
    key,
    name: nonEmpty,
    name_ar: nonEmpty.nullable(),
    kind: z.enum(LOCATION_KINDS),
    parent: key.nullable(),
    /** Coordinates only when they come from the gazetteer; otherwise inherited or absent. */
    lat: z.number().min(-90).max(90).nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    coord_source: z.enum(COORD_SOURCES),
    geonames_id: z.number().int().positive().nullable(),
    geo_precision: z.union(GEO_PRECISIONS.map((p) => z.literal(p))).nullable(),
    pcode: nonEmpty.nullable().default(null),
    /** For coord_source 'capital': the gazetteer location whose coordinates an administrative area takes. */
    capital: key.nullable().default(null),
    aliases: z.array(aliasSeed).default([]),
    note: nonEmpty.optional(),
  })
  .superRefine((loc, ctx) => {
    if ((loc.coord_source === 'capital') !== (loc.capital !== null)) {
      ctx.addIssue({ code: 'custom', message: `location ${loc.key}: 'capital' names its capital, and only coord_source 'capital' does` });
    }
    if (loc.coord_source === 'gazetteer' && (loc.lat === null || loc.lon === null || loc.geonames_id === null)) {
      ctx.addIssue({ code: 'custom', message: `location ${loc.key}: gazetteer coordinates need lat, lon and geonames_id` });
    }
    if (loc.coord_source !== 'gazetteer' && (loc.lat !== null || loc.lon !== null)) {
      ctx.addIssue({
        code: 'custom',
        message: `location ${loc.key}: only gazetteer coordinates are written in the seed; '${loc.coord_source}' leaves lat/lon null`,
      });
    }
    if (loc.coord_source === 'parent' && loc.parent === null) {
      ctx.addIssue({ code: 'custom', message: `location ${loc.key}: coord_source 'parent' needs a parent` });
    }
    if ((loc.coord_source === 'none') !== (loc.geo_precision === null)) {
      ctx.addIssue({ code: 'custom', message: `location ${loc.key}: geo_precision is null exactly when there are no coordinates` });
    }
  });

/** Extra spellings for an actor or location defined elsewhere (another article or the shared registry). */
export const extraAliasSeed = z
  .strictObject({
    actor: key.optional(),
    location: key.optional(),
    text: nonEmpty,
    lang: z.enum(LANGUAGES),
  })
  .refine((a) => (a.actor === undefined) !== (a.location === undefined), 'an extra alias names exactly one of actor or location');

const eventSeed = z
  .strictObject({
    key,
    event_type: z.enum(EVENT_TYPES),
    sub_event_type: z.enum(SUB_EVENT_TYPES),
    date_start: isoDate,
    date_end: isoDate,
    date_precision: z.enum(DATE_PRECISIONS),
    date_note: nonEmpty,
    location: key,
    /** Defaults to the location's own geo_precision. */
    geo_precision: z.union(GEO_PRECISIONS.map((p) => z.literal(p))).optional(),
    summary_en: nonEmpty,
    summary_ar: nonEmpty.optional(),
    actors: z.array(z.strictObject({ actor: key, role: z.enum(ACTOR_ROLES) })),
    note: nonEmpty.optional(),
  })
  .superRefine((ev, ctx) => {
    if (!(ACLED_TAXONOMY[ev.event_type] as readonly string[]).includes(ev.sub_event_type)) {
      ctx.addIssue({ code: 'custom', message: `event ${ev.key}: '${ev.sub_event_type}' is not a sub-event type of '${ev.event_type}'` });
    }
    if (ev.date_start > ev.date_end) {
      ctx.addIssue({ code: 'custom', message: `event ${ev.key}: date_start is after date_end` });
    }
  });

/** The count rules casualty reports and figures share (the seed's and the API's). */
export function checkCounts(
  c: { qualifier: string; count_low: number | null; count_high: number | null; vague_text: string | null },
  ctx: Pick<z.RefinementCtx, 'addIssue'>,
): void {
  if (c.qualifier === 'vague') {
    if (c.vague_text === null) ctx.addIssue({ code: 'custom', message: "a 'vague' figure keeps the article's words in vague_text" });
    if (c.count_low !== null || c.count_high !== null) {
      ctx.addIssue({ code: 'custom', message: "a 'vague' figure has no invented number: count_low and count_high are null" });
    }
  } else if (c.count_low === null) {
    ctx.addIssue({ code: 'custom', message: `a '${c.qualifier}' figure needs count_low` });
  }
  if (c.qualifier === 'exact' && c.count_high !== c.count_low) {
    ctx.addIssue({ code: 'custom', message: "an 'exact' figure has count_high equal to count_low" });
  }
  if (c.qualifier === 'range' && (c.count_high === null || c.count_low === null || c.count_high <= c.count_low)) {
    ctx.addIssue({ code: 'custom', message: "a 'range' figure has count_low < count_high" });
  }
  if ((c.qualifier === 'at_least' || c.qualifier === 'more_than') && c.count_high !== null) {
    ctx.addIssue({ code: 'custom', message: `an '${c.qualifier}' figure has no upper bound: count_high is null` });
  }
  if (c.count_low !== null && c.count_high !== null && c.count_high < c.count_low) {
    ctx.addIssue({ code: 'custom', message: 'count_high is not below count_low' });
  }
}

/**
 * A number the claim states that is not one event's casualty figure (a
 * campaign toll, a territory share, a force size, things counted). It is the
 * claim's, never an event's: it counts toward no fatalities.
 */
export const figureSeed = z
  .strictObject({
    /** English: what is counted. */
    what: nonEmpty,
    /** people, fighters, km2, percent, names, missiles, hours, vehicles... */
    unit: nonEmpty,
    count_low: z.number().nonnegative().nullable(),
    count_high: z.number().nonnegative().nullable(),
    qualifier: z.enum(QUALIFIERS),
    vague_text: nonEmpty.nullable().default(null),
    outcome: z.enum(OUTCOMES).nullable().default(null),
    victim_actor: key.nullable().default(null),
    victim_group: nonEmpty.nullable().default(null),
    place: key.nullable().default(null),
    period_start: isoDate.nullable().default(null),
    period_end: isoDate.nullable().default(null),
    note: nonEmpty.optional(),
  })
  .superRefine((f, ctx) => {
    checkCounts(f, ctx);
    if (f.period_start && f.period_end && f.period_start > f.period_end) {
      ctx.addIssue({ code: 'custom', message: 'a figure period starts after it ends' });
    }
  });

/**
 * A number in the article that is deliberately not a figure (a date, a name,
 * a count already coded as the claim's own actors), with the reason.
 */
export const numberNoteSeed = z.strictObject({
  /** The number as written, e.g. '2016' or 'SY24'. */
  text: nonEmpty,
  /** Its offset in the NFC article text. */
  at: z.number().int().nonnegative(),
  reason: nonEmpty,
});

export const casualtySeed = z
  .strictObject({
    /** Required when the claim supports more than one event. */
    event: key.optional(),
    victim_actor: key.nullable().default(null),
    victim_group: nonEmpty.nullable().default(null),
    outcome: z.enum(OUTCOMES),
    count_low: z.number().int().nonnegative().nullable(),
    count_high: z.number().int().nonnegative().nullable(),
    qualifier: z.enum(QUALIFIERS),
    /** The article's own words for the figure ("dozens", "a large number"). */
    vague_text: nonEmpty.nullable().default(null),
    /** Index, within the same claim, of the report this one is a subset of ("including 7 children"). */
    subset_of: z.number().int().nonnegative().nullable().default(null),
    note: nonEmpty.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.victim_actor === null && c.victim_group === null) {
      ctx.addIssue({ code: 'custom', message: 'a casualty report names a victim_actor, a victim_group or both' });
    }
    checkCounts(c, ctx);
  });

const claimSeed = z
  .strictObject({
    key,
    /** The actor who makes the statement (the outlet itself when nobody is quoted). */
    claimant: key,
    /** The article's own words for the claimant, as written; null when the outlet speaks in its own voice. */
    claimant_text: nonEmpty.nullable(),
    quote: nonEmpty,
    quote_start: z.number().int().nonnegative(),
    quote_end: z.number().int().positive(),
    statement_en: nonEmpty,
    claim_type: z.enum(CLAIM_TYPES),
    certainty: z.enum(CERTAINTIES),
    events: z.array(key).default([]),
    casualties: z.array(casualtySeed).default([]),
    figures: z.array(figureSeed).default([]),
    note: nonEmpty.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.quote_start >= c.quote_end) {
      ctx.addIssue({ code: 'custom', message: `claim ${c.key}: quote_start must be before quote_end` });
    }
    if (c.casualties.length > 0 && c.events.length === 0) {
      ctx.addIssue({ code: 'custom', message: `claim ${c.key}: casualty reports belong to an event the claim supports` });
    }
    c.casualties.forEach((cas, i) => {
      if (c.events.length > 1 && cas.event === undefined) {
        ctx.addIssue({ code: 'custom', message: `claim ${c.key}: casualty ${i} must name its event (the claim supports several)` });
      }
      if (cas.event !== undefined && !c.events.includes(cas.event)) {
        ctx.addIssue({
          code: 'custom',
          message: `claim ${c.key}: casualty ${i} names event ${cas.event}, which the claim does not support`,
        });
      }
      if (cas.subset_of !== null && cas.subset_of >= i) {
        ctx.addIssue({ code: 'custom', message: `claim ${c.key}: casualty ${i} is a subset of a report listed before it` });
      }
    });
  });

export const articleSeed = z.strictObject({
  file_name: z.string().regex(/^[\w.-]+\.txt$/),
  title: nonEmpty,
  language: z.enum(LANGUAGES),
  /** The publisher as the article names it; null when the article does not say (never guessed). */
  publisher: nonEmpty.nullable(),
  /** The outlet as an actor, when known; claims in the outlet's own voice have it as claimant. */
  publisher_actor: key.nullable(),
  published_start: isoDate,
  published_end: isoDate,
  published_precision: z.enum(DATE_PRECISIONS),
  published_note: nonEmpty,
  /** Where publisher and date come from: 'text: ...', 'page: <address> ...' or 'inference: <reasoning>'. */
  published_basis: z.string().regex(/^(text|page|inference): \S/, "starts with 'text: ', 'page: ' or 'inference: '"),
  number_notes: z.array(numberNoteSeed).default([]),
  actors: z.array(actorSeed).default([]),
  locations: z.array(locationSeed).default([]),
  extra_aliases: z.array(extraAliasSeed).default([]),
  events: z.array(eventSeed).default([]),
  claims: z.array(claimSeed),
});

export const registrySeed = z.strictObject({
  actors: z.array(actorSeed),
  locations: z.array(locationSeed),
});

export type ActorSeed = z.input<typeof actorSeed>;
export type LocationSeed = z.input<typeof locationSeed>;
export type ArticleSeed = z.input<typeof articleSeed>;
export type ParsedArticleSeed = z.output<typeof articleSeed>;
export type RegistrySeed = z.input<typeof registrySeed>;
export type ParsedRegistrySeed = z.output<typeof registrySeed>;
