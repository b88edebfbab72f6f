import { z } from 'zod';
import { listMeta } from './common.js';
import { datesInOrder, eventFilters } from './events.js';
import { formatQuery } from './params.js';

export const STATS_GROUPS = ['month', 'year', 'admin1', 'event_type', 'actor'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export const eventStatsQuery = z
  .strictObject({
    group_by: z
      .enum(STATS_GROUPS)
      .describe(
        '`month`/`year` of date_start; `admin1`: the governorate the place lies in; `event_type`; `actor`: each actor of the event (an event counts once for each of its actors)',
      )
      .meta({ example: 'month' }),
    ...eventFilters,
    ...formatQuery(['json', 'csv']),
  })
  .refine(datesInOrder, { message: "must not be before 'from'", path: ['to'] });
export type EventStatsQuery = z.infer<typeof eventStatsQuery>;

export const statsRow = z
  .object({
    key: z
      .union([z.string(), z.number().int()])
      .nullable()
      .describe(
        '`2017-03` (month), `2017` (year), the event type, or the id of the governorate or actor; null for events in no governorate',
      ),
    label: z.string().describe('The month or year, the type, or the name of the governorate or actor'),
    events: z.number().int().describe('Matching events in the group, counted exactly'),
    fatalities_low: z.number().int().describe("Sum of the events' `fatalities.low` (0 for an event with no figure)"),
    fatalities_high: z
      .number()
      .int()
      .nullable()
      .describe("Sum of the events' `fatalities.high`; null when any event of the group has an open-ended or vague figure"),
  })
  .meta({ id: 'StatsRow' });
export type StatsRow = z.infer<typeof statsRow>;

export const eventStats = z
  .object({
    data: z.array(statsRow),
    meta: z.object({
      group_by: z.enum(STATS_GROUPS),
      events: z.number().int().describe('Matching events (each once, whatever the grouping)'),
      matched: listMeta.shape.matched,
      unmatched: listMeta.shape.unmatched,
    }),
  })
  .meta({ id: 'EventStats' });
export type EventStats = z.infer<typeof eventStats>;
