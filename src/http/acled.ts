import type { ACTOR_KINDS, EventType, SubEventType } from '../domain.js';
import type { EventSummary } from '../schemas/events.js';
import type { CsvColumn } from './formats.js';

/**
 * ACLED's export, column for column: the 31 columns of ACLED's data export in
 * ACLED's order and spelling, filled with the meanings ACLED's codebook
 * (2023) gives them, so a script written for an ACLED download reads this one.
 * This project's own columns follow them.
 */

/** ACLED's "inter" codes: the type of an actor. */
export const INTER_CODES = {
  1: 'State Forces',
  2: 'Rebel Groups',
  3: 'Political Militias',
  4: 'Identity Militias',
  5: 'Rioters',
  6: 'Protesters',
  7: 'Civilians',
  8: 'External/Other Forces',
} as const;
export type InterCode = keyof typeof INTER_CODES;

/**
 * This project's actor kinds as ACLED actor types. Foreign militaries and the
 * coalition are "External/Other Forces" (state forces outside their own
 * country), as are international organisations; an unidentified armed group
 * is, as in ACLED, a political militia. Kinds that are no ACLED actor type
 * (media, monitors, persons, unnamed sources) are never coded in an event's
 * actor columns.
 */
const INTER_OF_KIND: Partial<Record<(typeof ACTOR_KINDS)[number], InterCode>> = {
  state: 1,
  state_forces: 1,
  rebel_group: 2,
  armed_group: 2,
  political_militia: 3,
  unidentified_armed_group: 3,
  identity_militia: 4,
  civilians: 7,
  external_force: 8,
  international_coalition: 8,
  international_organisation: 8,
};

/** ACLED's disorder types and the event types (or, where they split one, sub-event types) that belong to each. */
export const DISORDER_TYPES = [
  'Political violence',
  'Demonstrations',
  'Political violence; Demonstrations',
  'Strategic developments',
] as const;
type DisorderType = (typeof DISORDER_TYPES)[number];

const DISORDER_OF_TYPE: Record<EventType, DisorderType> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};
const DISORDER_OF_SUB_TYPE: Partial<Record<SubEventType, DisorderType>> = {
  'Mob violence': 'Political violence',
  'Excessive force against protesters': 'Political violence; Demonstrations',
};

export function disorderType(e: Pick<EventSummary, 'event_type' | 'sub_event_type'>): DisorderType {
  return DISORDER_OF_SUB_TYPE[e.sub_event_type] ?? DISORDER_OF_TYPE[e.event_type];
}

/** ACLED's time_precision: 1 a day, 2 a week, 3 a month or less precise. */
const TIME_PRECISION: Record<string, number> = { day: 1, week: 2, month: 3 };

/** ISO 3166-1 numeric codes of the countries in the place tree; ACLED's `iso` column. */
const ISO_NUMERIC: Record<string, number> = { Syria: 760, Iraq: 368, Turkey: 792, Lebanon: 422, Jordan: 400 };

const namesIn = (e: EventSummary, role: string) =>
  e.actors
    .filter((a) => a.role === role)
    .map((a) => a.name)
    .join('; ');

/** The actor type of the first actor in a role; 0 (ACLED's "no actor") when there is none or its kind is no ACLED type. */
export function interCode(e: EventSummary, role: 'actor1' | 'actor2'): InterCode | 0 {
  const actor = e.actors.find((a) => a.role === role);
  return actor ? (INTER_OF_KIND[actor.kind] ?? 0) : 0;
}

/**
 * ACLED's interaction: the two inter codes, lower first (12: state forces versus rebels); a sole actor's code times
 * ten (20). Empty for an event the text names no actor of (ACLED would code an unidentified one; this data does not guess).
 */
export function interaction(e: EventSummary): number | null {
  const [low, high] = [interCode(e, 'actor1'), interCode(e, 'actor2')].sort((a, b) => a - b) as [number, number];
  if (high === 0) return null;
  return low === 0 ? high * 10 : low * 10 + high;
}

/** When the data was last changed; the records have no time of their own, so every row carries the dataset's. */
export interface CsvContext {
  modified: Date;
}

export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

type AcledColumn = (typeof ACLED_COLUMNS)[number];

const country = (e: EventSummary) => e.location.country ?? 'Syria';

const acled: Record<AcledColumn, Omit<CsvColumn<EventSummary, CsvContext>, 'header'>> = {
  event_id_cnty: { hxl: '#event+code', value: (e) => `SYR${e.id}` },
  event_date: { hxl: '#date', value: (e) => e.date_start },
  year: { hxl: '#date+year', value: (e) => e.date_start.slice(0, 4) },
  time_precision: { value: (e) => TIME_PRECISION[e.date_precision] ?? 3 },
  disorder_type: { value: disorderType },
  event_type: { hxl: '#event+type', value: (e) => e.event_type },
  sub_event_type: { hxl: '#event+type+sub', value: (e) => e.sub_event_type },
  actor1: { hxl: '#group+name+first', value: (e) => namesIn(e, 'actor1') },
  assoc_actor_1: { hxl: '#group+name+first+assoc', value: (e) => namesIn(e, 'assoc_actor_1') },
  inter1: { hxl: '#group+code+first', value: (e) => interCode(e, 'actor1') },
  actor2: { hxl: '#group+name+second', value: (e) => namesIn(e, 'actor2') },
  assoc_actor_2: { hxl: '#group+name+second+assoc', value: (e) => namesIn(e, 'assoc_actor_2') },
  inter2: { hxl: '#group+code+second', value: (e) => interCode(e, 'actor2') },
  interaction: { value: interaction },
  // ACLED marks an event whose main target is civilians; here that is an event with civilians among its actors.
  civilian_targeting: { value: (e) => (e.actors.some((a) => a.kind === 'civilians') ? 'Civilian targeting' : '') },
  iso: { hxl: '#country+code+num', value: (e) => ISO_NUMERIC[country(e)] },
  region: { hxl: '#region+name', value: () => 'Middle East' },
  country: { hxl: '#country+name', value: country },
  admin1: { hxl: '#adm1+name', value: (e) => e.location.admin1 },
  admin2: { hxl: '#adm2+name', value: (e) => e.location.admin2 },
  admin3: { hxl: '#adm3+name', value: (e) => e.location.admin3 },
  location: { hxl: '#loc+name', value: (e) => e.location.name },
  latitude: { hxl: '#geo+lat', value: (e) => e.location.lat },
  longitude: { hxl: '#geo+lon', value: (e) => e.location.lon },
  geo_precision: { hxl: '#geo+precision', value: (e) => e.location.geo_precision },
  source: { hxl: '#meta+source', value: (e) => e.sources.join('; ') },
  // The sources are not coded by scale (local, national, regional...), and a guessed scale would mislead; left empty.
  source_scale: { value: () => '' },
  notes: { hxl: '#description', value: (e) => e.summary_en },
  fatalities: { hxl: '#affected+killed', value: (e) => e.fatalities?.low ?? 0 },
  tags: { hxl: '#meta+tags', value: (e) => (e.certainties.length ? `certainty: ${e.certainties.join(', ')}` : '') },
  timestamp: { hxl: '#date+updated', value: (_e, context) => Math.floor(context.modified.getTime() / 1000) },
};

/** This project's columns, after ACLED's. */
const own: CsvColumn<EventSummary, CsvContext>[] = [
  { header: 'event_id', hxl: '#event+id', value: (e) => e.id },
  { header: 'event_date_end', hxl: '#date+end', value: (e) => e.date_end },
  { header: 'date_precision', value: (e) => e.date_precision },
  { header: 'date_note', value: (e) => e.date_note },
  { header: 'location_id', value: (e) => e.location.id },
  { header: 'location_ar', hxl: '#loc+name+i_ar', value: (e) => e.location.name_ar },
  { header: 'notes_ar', hxl: '#description+i_ar', value: (e) => e.summary_ar },
  { header: 'fatalities_high', hxl: '#affected+killed+max', value: (e) => e.fatalities?.high },
  { header: 'claim_count', hxl: '#meta+count', value: (e) => e.claim_count },
];

export const eventCsvColumns: CsvColumn<EventSummary, CsvContext>[] = [
  ...ACLED_COLUMNS.map((header) => ({ header, ...acled[header] })),
  ...own,
];
