import { z } from 'zod';
import { OUTCOMES, QUALIFIERS } from '../domain.js';
import { listOf, ref } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, idList, nameParam, pageQuery } from './params.js';

export const casualtyReportsQuery = z.strictObject({
  event: idList.optional().describe('Event id(s), comma-separated'),
  actor: nameParam('Victim actor: id or any name (with its sub-actors)', 'ISIS'),
  place: nameParam("The event's place: id or any name (with the places inside it)", 'Raqqa'),
  claimant: nameParam('Claimant: id or any name (with its sub-actors)', 'SOHR'),
  outcome: z.enum(OUTCOMES).optional().describe('killed, injured, killed_or_injured, captured, detained, displaced...'),
  ...pageQuery,
  ...statusQuery,
  ...formatQuery(['json', 'csv']),
});
export type CasualtyReportsQuery = z.infer<typeof casualtyReportsQuery>;

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
export type CasualtyReport = z.infer<typeof casualtyReport>;

export const casualtyReportList = listOf(casualtyReport, 'CasualtyReportList');
export const casualtyReportPages = withDrafts('casualty-reports', casualtyReportList, 'CasualtyReportListWithDrafts');
