import type { FastifyRequest } from 'fastify';
import type { Page } from '../query/pagination.js';
import { ANNOTATION_CONTEXT, type Annotation, type AnnotationPage } from '../schemas/annotations.js';
import type { Claim } from '../schemas/claims.js';
import { absoluteUrl } from './urls.js';

/** Characters of context on each side of a quote in a TextQuoteSelector: enough to tell repeated phrases apart. */
const CONTEXT = 32;

const PROJECT_NAME = 'Syria conflict claims API';

/** Code points, as the W3C selectors count them (the offsets in the data are UTF-16 indices). */
const codePoints = (text: string) => [...text].length;

/**
 * A claim as a W3C Web Annotation: the English statement (and the certainty, as a tag) as body; the article
 * text as target, pinned by the quote with its context and by position; the claimant and this project as creators.
 */
export function toAnnotation(request: FastifyRequest, claim: Claim, articleText: string, modified: Date): Annotation {
  const project = { id: absoluteUrl(request, '/'), type: 'Software' as const, name: PROJECT_NAME };
  const claimant = { id: absoluteUrl(request, `/actors/${claim.claimant.id}`), type: 'Organization' as const, name: claim.claimant.name };
  const before = articleText.slice(0, claim.quote_start);
  return {
    '@context': ANNOTATION_CONTEXT,
    id: absoluteUrl(request, `/claims/${claim.id}`),
    type: 'Annotation',
    motivation: 'describing',
    created: modified.toISOString(),
    creator: [claimant, project],
    body: [
      { type: 'TextualBody', purpose: 'describing', value: claim.statement_en, language: 'en', format: 'text/plain', creator: project },
      { type: 'TextualBody', purpose: 'tagging', value: `certainty: ${claim.certainty}`, format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: `claim_type: ${claim.claim_type}`, format: 'text/plain' },
    ],
    target: {
      source: absoluteUrl(request, `/articles/${claim.article_id}`),
      selector: [
        {
          type: 'TextQuoteSelector',
          exact: articleText.slice(claim.quote_start, claim.quote_end),
          prefix: [...before].slice(-CONTEXT).join(''),
          suffix: [...articleText.slice(claim.quote_end)].slice(0, CONTEXT).join(''),
        },
        {
          type: 'TextPositionSelector',
          start: codePoints(before),
          end: codePoints(before) + codePoints(articleText.slice(claim.quote_start, claim.quote_end)),
        },
      ],
    },
  };
}

/** A page of claims as a W3C AnnotationPage, its `next` the list's next page. */
export function toAnnotationPage(request: FastifyRequest, page: Page<Claim>, texts: Map<number, string>, modified: Date): AnnotationPage {
  const url = new URL(request.url, 'http://x');
  const next = new URL(url.href);
  if (page.meta.next_cursor) next.searchParams.set('cursor', page.meta.next_cursor);
  return {
    '@context': ANNOTATION_CONTEXT,
    id: absoluteUrl(request, `${url.pathname}${url.search}`),
    type: 'AnnotationPage',
    ...(page.meta.next_cursor ? { next: absoluteUrl(request, `${next.pathname}${next.search}`) } : {}),
    items: page.data.map((c) => toAnnotation(request, c, texts.get(c.article_id) ?? '', modified)),
  };
}
