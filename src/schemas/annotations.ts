import { z } from 'zod';

/** Claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), served as JSON-LD. */

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

const agent = z
  .object({
    id: z.string().describe('Absolute URL of the agent'),
    type: z.enum(['Person', 'Organization', 'Software']),
    name: z.string(),
  })
  .meta({ id: 'AnnotationAgent' });

export const annotation = z
  .object({
    '@context': z.literal(ANNOTATION_CONTEXT),
    id: z.string().describe('Permalink of the claim: the absolute URL of /claims/{id}'),
    type: z.literal('Annotation'),
    motivation: z.literal('describing'),
    created: z.string().optional().describe('When the data was last changed (records carry no time of their own)'),
    creator: z.array(agent).describe('The claimant (who made the statement) and this project (which coded it)'),
    body: z.array(
      z.object({
        type: z.literal('TextualBody'),
        purpose: z.enum(['describing', 'tagging']),
        value: z.string(),
        language: z.string().optional(),
        format: z.literal('text/plain'),
        creator: agent.optional(),
      }),
    ),
    target: z.object({
      source: z.string().describe('The article: the absolute URL of /articles/{id}, whose `text` the selectors index'),
      selector: z.array(
        z.union([
          z.object({ type: z.literal('TextQuoteSelector'), exact: z.string(), prefix: z.string(), suffix: z.string() }),
          z.object({
            type: z.literal('TextPositionSelector'),
            start: z.number().int().describe('In Unicode code points of the NFC article text'),
            end: z.number().int(),
          }),
        ]),
      ),
    }),
  })
  .meta({ id: 'Annotation' });
export type Annotation = z.infer<typeof annotation>;

export const annotationPage = z
  .object({
    '@context': z.literal(ANNOTATION_CONTEXT),
    id: z.string(),
    type: z.literal('AnnotationPage'),
    startIndex: z.number().int().optional(),
    next: z.string().optional().describe('The next page, while there is one'),
    items: z.array(annotation),
  })
  .meta({ id: 'AnnotationPage' });
export type AnnotationPage = z.infer<typeof annotationPage>;
