import { z } from 'zod';
import { OUTCOMES, QUALIFIERS } from '../domain.js';
import { listOf, ref } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, idList, nameParam, pageQuery, textParam } from './params.js';

export const figuresQuery = z.strictObject({
  claim: idList.optional().describe('Claim id(s), comma-separated'),
  article: nameParam('Article: id, file name or its number (003)', '001'),
  claimant: nameParam('Claimant: id or any name (with its sub-actors)', 'SOHR'),
  place: nameParam("The figure's place: id or any name (with the places inside it)", 'Raqqa'),
  q: textParam('Text in what is counted, the unit, the words or the quote', 'civilians'),
  ...pageQuery,
  ...statusQuery,
  ...formatQuery(['json', 'csv']),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;

export const figure = z
  .object({
    id: z.number().int(),
    claim_id: z.number().int(),
    article_id: z.number().int(),
    claimant: ref,
    what: z.string().describe('What is counted, in English'),
    unit: z.string().describe('people, fighters, km2, percent, names, missiles, hours, vehicles...'),
    count_low: z.number().nullable(),
    count_high: z.number().nullable(),
    qualifier: z.enum(QUALIFIERS),
    vague_text: z.string().nullable().describe("The article's words for a number it gives without digits"),
    outcome: z.enum(OUTCOMES).nullable().describe('For tolls: killed, captured, displaced...'),
    victim_actor: ref.nullable(),
    victim_group: z.string().nullable(),
    place: ref.nullable().describe('Where the text places what is counted, when it does'),
    period_start: z.string().nullable().describe('ISO date, when the text bounds the period counted'),
    period_end: z.string().nullable(),
    quote: z.string().describe("The claim's verbatim words"),
    note: z.string().nullable(),
  })
  .meta({ id: 'Figure' });
export type Figure = z.infer<typeof figure>;

export const figureList = listOf(figure, 'FigureList');
export const figurePages = withDrafts('figures', figureList, 'FigureListWithDrafts');
