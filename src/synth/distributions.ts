import type { SubEventType } from '../domain.js';
import { Weighted } from './random.js';

/*
 * How often each shape of event, date and claim occurs in the generated data.
 * The weights are percentages (or relative odds) chosen to resemble the
 * hand-coded seed.
 */

/** More events in the middle years of the war than at its start and end. */
export const YEAR_INTENSITY = [0.25, 0.7, 1.2, 1.35, 1.3, 1.25, 1.1, 0.85, 0.65, 0.45];

export const PRECISIONS = Weighted.of([
  ['day', 72],
  ['week', 8],
  ['month', 7],
  ['range', 6],
  ['year', 2],
  ['unknown', 5],
] as const);

export const DATE_NOTES: Record<string, string[]> = {
  day: ['The article gives the day ("yesterday", relative to its publication).', 'Dated by the article: "on Monday" before publication.'],
  week: ['The article says "this week"; the range is that week.'],
  month: ['The article gives only the month.'],
  range: ['The article says "in recent days"; the range ends on the day of the report.'],
  year: ['The article gives only the year.'],
  unknown: ['No date in the text; the range is the two months before publication.'],
};

export const LEADS = [
  { en: 'said that', ar: ['قال', 'إن'] },
  { en: 'reported that', ar: ['أفاد', 'بأن'] },
  { en: 'stated that', ar: ['ذكر', 'أن'] },
  { en: 'announced that', ar: ['أعلن', 'أن'] },
] as const;

export const CLAIM_COUNTS = Weighted.of([
  [1, 20],
  [2, 25],
  [3, 22],
  [4, 15],
  [5, 10],
  [6, 8],
] as const);

export const REPORT_COUNTS = Weighted.of([
  [0, 25],
  [1, 55],
  [2, 15],
  [3, 5],
] as const);

export const PLAIN_CLAIM_TYPES = Weighted.of([
  ['event_report', 84],
  ['statement', 8],
  ['assessment', 4],
  ['territorial_control', 4],
] as const);

export const NEEDS_SECOND_ACTOR = new Set<SubEventType>([
  'Armed clash',
  'Government regains territory',
  'Non-state actor overtakes territory',
  'Agreement',
  'Non-violent transfer of territory',
]);
