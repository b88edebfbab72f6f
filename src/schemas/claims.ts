import { z } from 'zod';
import { CERTAINTIES, CLAIM_TYPES } from '../domain.js';
import { listOf, ref, searchHit } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, idList, nameParam, pageQuery, textParam } from './params.js';

export const claimsQuery = z.strictObject({
  article: z.string().trim().min(1).max(300).optional().describe('Article id or file name').meta({ example: '003' }),
  claimant: nameParam('Claimant id or any name or alias (with its sub-actors, e.g. SANA within the Syrian government)', 'SANA'),
  event: idList.optional().describe('Event id(s), comma-separated'),
  claim_type: z.enum(CLAIM_TYPES).optional().describe('Kind of statement (event_report, casualty_report, statement, forecast...)'),
  q: textParam('Full-text search in the Arabic quote and the English statement; results by relevance with a snippet', 'غارات'),
  certainty: z.enum(CERTAINTIES).optional().describe('asserted, alleged, suspected, denied, assessment or forecast'),
  ...pageQuery,
  ...statusQuery,
  ...formatQuery(['json', 'csv', 'jsonld']),
});
export type ClaimsQuery = z.infer<typeof claimsQuery>;

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
    ...searchHit,
  })
  .meta({ id: 'Claim' });
export type Claim = z.infer<typeof claim>;

export const claimList = listOf(claim, 'ClaimList');
export const claimPages = withDrafts('claims', claimList, 'ClaimListWithDrafts');

export const claimQuery = z.strictObject({
  format: z
    .enum(['json', 'jsonld'])
    .optional()
    .describe(
      'Response format, overriding the Accept header: `json` (application/json) or `jsonld` (application/ld+json), a W3C Web Annotation. Default json.',
    ),
});
