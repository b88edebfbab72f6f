import { z } from 'zod';
import {
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CREDIBILITY_GRADES,
  CREDIBILITY_RULE,
  DATE_PRECISIONS,
  DISAGREEMENT_KINDS,
  EVENT_TYPES,
  SUB_EVENT_TYPES,
} from '../domain.js';
import { casualtyReport } from './casualties.js';
import { claim } from './claims.js';
import { listOf, pathEntry, searchHit } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, nameParam, pageQuery, TOTAL_CAP, textParam } from './params.js';

/** What every name-taking filter of /events accepts, after what it filters on. */
const names = (what: string) =>
  `${what}: an id, or any name, alias or transliteration in English or Arabic; several values comma-separated (OR)`;

const isoDate = z.iso.date();

/** The filters of GET /events, shared by GET /events/stats. */
export const eventFilters = {
  actor: nameParam(names('Actor (with its sub-actors)'), 'ISIS'),
  place: nameParam(names('Place (with every place inside it)'), 'Deir ez-Zor'),
  actor_role: z
    .enum(['actor1', 'actor2', 'any'])
    .optional()
    .describe('Only events where the actor is on this side (with its associated actors)'),
  actor_scope: z.enum(['tree', 'exact']).optional().describe('`exact`: the named actor only, not its sub-actors'),
  place_scope: z.enum(['tree', 'exact']).optional().describe('`exact`: the named place only, not the places inside it'),
  from: isoDate.optional().describe('ISO date; events whose date range ends on or after it').meta({ example: '2017-01-01' }),
  to: isoDate.optional().describe('ISO date; events whose date range starts on or before it').meta({ example: '2017-12-31' }),
  event_type: z.enum(EVENT_TYPES).optional().describe('ACLED event type'),
  sub_event_type: z.enum(SUB_EVENT_TYPES).optional().describe('ACLED sub-event type'),
  claimant: nameParam(names('Events with a claim by this claimant (or one of its sub-actors)'), 'SANA'),
  article: z.string().trim().min(1).max(300).optional().describe('Events coded from this article: id or file name'),
  q: textParam(
    'Full-text search in the event summaries and its claims (Arabic quote, English statement), in either language; results by relevance with a snippet',
    'الرقة',
  ),
};

/** `to` must not come before `from`: the same check on every query that takes both. */
export const datesInOrder = (query: { from?: string; to?: string }) => !(query.from && query.to && query.from > query.to);

export const eventsQuery = z
  .strictObject({
    ...eventFilters,
    ...pageQuery,
    ...statusQuery,
    total: z
      .enum(['exact', 'capped'])
      .optional()
      .describe(
        `\`capped\` (default): \`meta.total\` is exact up to ${TOTAL_CAP.toLocaleString('en')} matches, past that a lower bound (\`meta.total_exact\` false); with \`q\`, hits are ranked among the 500 most recent matches per index (words in more than 20,000 rows: newest first, no score). \`exact\`: count every matching event and rank every full-text hit, whatever it costs. Exact counts for analysis: GET /events/stats`,
      ),
    ...formatQuery(['json', 'csv', 'geojson']),
  })
  .refine(datesInOrder, { message: "must not be before 'from'", path: ['to'] });
export type EventsQuery = z.infer<typeof eventsQuery>;
/** Just the filters: what GET /events and GET /events/stats both plan from. */
export type EventFilterQuery = Pick<EventsQuery, keyof typeof eventFilters>;

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
    country: z.string().nullable().describe('The country containing the place, from the place tree'),
    admin1: z.string().nullable().describe('The governorate containing the place (or the place itself); null where not coded'),
    admin2: z.string().nullable().describe('The district containing the place; null where not coded'),
    admin3: z.string().nullable().describe('The subdistrict containing the place; null where not coded'),
  })
  .meta({ id: 'EventLocation' });

export const eventActor = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(ACTOR_KINDS), role: z.enum(ACTOR_ROLES) });
export type EventActor = z.infer<typeof eventActor>;

export const fatalities = z
  .object({ low: z.number().int(), high: z.number().int().nullable() })
  .nullable()
  .describe(
    'Killed, from the claims: per victim side the lowest lower bound and the highest upper bound any claim gives, summed over sides; high is null when a figure is open-ended or vague; null when no claim gives a figure',
  );
export type Fatalities = z.infer<typeof fatalities>;

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
    actors: z.array(eventActor),
    summary_en: z.string(),
    summary_ar: z.string().nullable(),
    fatalities,
    claim_count: z.number().int(),
    sources: z.array(z.string()).describe('Names of the claimants'),
    certainties: z.array(z.enum(CERTAINTIES)).describe('How certain the claims on this event are (each certainty once)'),
    ...searchHit,
  })
  .meta({ id: 'EventSummary' });
export type EventSummary = z.infer<typeof eventSummary>;

export const eventList = listOf(eventSummary, 'EventList');
export const eventPages = withDrafts('events', eventList, 'EventListWithDrafts');

export const disagreement = z
  .object({
    kind: z.enum(DISAGREEMENT_KINDS),
    detail: z.string(),
    victim: z.string().nullable(),
    outcome: z.string().nullable(),
    claim_ids: z.array(z.number().int()),
  })
  .meta({ id: 'Disagreement' });
export type Disagreement = z.infer<typeof disagreement>;

export const credibility = z
  .object({
    grade: z.enum(CREDIBILITY_GRADES),
    reason: z.string(),
    independent_claimants: z.number().int(),
  })
  .meta({ id: 'Credibility' });
export type Credibility = z.infer<typeof credibility>;

export const eventDetail = eventSummary
  .extend({
    path: z.array(pathEntry).describe("The location's ancestors, from the country down to the location itself"),
    claims: z.array(claim),
    casualty_reports: z.array(casualtyReport),
    disagreements: z.array(disagreement).describe('Where the claims on this event give different figures or contradict each other'),
    credibility: credibility.describe(CREDIBILITY_RULE),
  })
  .meta({ id: 'EventDetail' });
export type EventDetail = z.infer<typeof eventDetail>;
