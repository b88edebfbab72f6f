import { z } from 'zod';
import { listOf } from './common.js';
import { pageQuery } from './params.js';
import { problemSchema } from './problem.js';
import { WRITE_BODIES, type WritableResource } from './writes.js';

/** `status` on the list of every writable resource: drafts are for key holders (the contract's "Review"). */
export const LIST_STATUSES = ['published', 'draft', 'all'] as const;
export const statusQuery = {
  status: z
    .enum(LIST_STATUSES)
    // Optional rather than defaulted, as `total` is: Swagger UI's "Try it out" sends every default it is shown.
    .optional()
    .describe(
      '`published` (default, public): the published records. With `Authorization: Bearer <key>` (any role; without one, 401): `draft` lists the drafts awaiting review, in id order; `all` lists the published records in their usual order, then the drafts in id order, one cursor running across both. Drafts come in JSON only, each as written (the fields of the create body) with `id`, `status: "draft"`, `author` and `version`; published items are as in the published list (no `status`). Filters a draft cannot be matched on are refused with a 400 naming them.',
    ),
};

/** What the draft lists read of a list request: the page and `status`; its filters are checked by name (src/query/draft-filters.ts). */
const draftListQuery = z.object({ ...pageQuery, ...statusQuery });
export type DraftListQuery = z.infer<typeof draftListQuery> & Record<string, unknown>;

/** What a draft carries beside its body. */
export const draftFields = z.object({
  id: z.number().int(),
  status: z.literal('draft'),
  author: z.string().describe('The name of the key that created it'),
  version: z.number().int().describe('Its version (the ETag of the record is `"<resource>.<id>.v<version>"`)'),
});
export type DraftFields = z.infer<typeof draftFields>;

/**
 * A draft as its author wrote it: the fields of the create body (references
 * by id), which the published representation resolves into names and links
 * only once an editor publishes it. Not strict: the body schemas refuse
 * unknown fields on input, and a draft carries `id`, `status`, `author` too.
 */
const draftOf = <S extends z.ZodRawShape>(body: z.ZodObject<S>, name: string) =>
  z.object({ ...body.shape, ...draftFields.shape }).meta({ id: `Draft${name}` });

export const DRAFTS = {
  articles: draftOf(WRITE_BODIES.articles, 'Article'),
  claims: draftOf(WRITE_BODIES.claims, 'Claim'),
  events: draftOf(WRITE_BODIES.events, 'Event'),
  'casualty-reports': draftOf(WRITE_BODIES['casualty-reports'], 'CasualtyReport'),
  figures: draftOf(WRITE_BODIES.figures, 'Figure'),
  actors: draftOf(WRITE_BODIES.actors, 'Actor'),
  locations: draftOf(WRITE_BODIES.locations, 'Location'),
} satisfies Record<WritableResource, z.ZodType>;

/**
 * The JSON page of a list that takes `status`: the published page, or, for
 * `draft` and `all`, a page that may hold drafts. Published items keep their
 * representation exactly (an added `status` would change every published
 * answer, the CSV columns of articles among them); a draft is told by its
 * `status: "draft"`.
 */
export function withDrafts<Item extends z.ZodType>(resource: WritableResource, list: z.ZodObject<{ data: z.ZodArray<Item> }>, id: string) {
  const item = list.shape.data.element;
  const mixed = listOf(z.union([DRAFTS[resource], item]), id);
  return { json: z.union([list, mixed]), mixed };
}

/** The lists and one-record reads that show drafts to a key: public without one (`{}`), drafts with one. */
export const keyOptional: Record<string, string[]>[] = [{}, { bearerAuth: [] }];
export const keyRefused = { 401: problemSchema };

/** What GET /{resource}/{id} answers: the published record, or to a key holder a draft. */
export const publishedOrDraft = <T extends z.ZodType>(resource: WritableResource, published: T) => z.union([published, DRAFTS[resource]]);

export const DRAFT_BY_ID =
  'With `Authorization: Bearer <key>` (any role), a draft too, as its author wrote it (`status: "draft"`, `Cache-Control: private, no-store`); without a key a draft is a 404, and an invalid key is a 401.';
