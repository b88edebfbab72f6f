import { z } from 'zod';

/**
 * Every kind of problem the API answers with, each a stable `type` URI, so a
 * client can branch on the kind rather than parse `detail`. The status says
 * which HTTP status the kind is sent with (`too-large` with 413, 414 or 431).
 */
export const PROBLEM_KINDS = {
  'bad-parameter': {
    status: 400,
    title: 'Invalid Parameter',
    means: 'A query or path parameter has a value it cannot take; `errors` names it.',
  },
  'unknown-parameter': { status: 400, title: 'Unknown Parameter', means: 'The endpoint has no parameter of that name; `errors` names it.' },
  'bad-cursor': {
    status: 400,
    title: 'Invalid Cursor',
    means: '`cursor` is not a `next_cursor` this list returned (forged, truncated or from another list).',
  },
  'malformed-request': {
    status: 400,
    title: 'Malformed Request',
    means: 'The request is not valid HTTP, or its path is not valid percent-encoded UTF-8.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    means: 'The request needs `Authorization: Bearer <key>` with a valid key; the key is missing, unknown, revoked or expired.',
  },
  forbidden: { status: 403, title: 'Forbidden', means: "The key's role may not do this, or not to this record." },
  'not-found': { status: 404, title: 'Not Found', means: 'No record with that id, or no route for that path.' },
  'method-not-allowed': {
    status: 405,
    title: 'Method Not Allowed',
    means: 'The path exists but does not take that method; `Allow` lists those it takes.',
  },
  'not-acceptable': { status: 406, title: 'Not Acceptable', means: 'The Accept header names no format this endpoint produces.' },
  'request-timeout': { status: 408, title: 'Request Timeout', means: 'The request did not arrive in time.' },
  conflict: {
    status: 409,
    title: 'Conflict',
    means: 'The write conflicts with the state of the data (e.g. records still depend on the one to retract).',
  },
  gone: { status: 410, title: 'Gone', means: 'The record was retracted; `detail` gives the reason.' },
  'precondition-failed': {
    status: 412,
    title: 'Precondition Failed',
    means: '`If-Match` names a version of the record that is no longer the current one.',
  },
  'too-large': {
    status: 413,
    title: 'Too Large',
    means: 'The body (413), the URL (414) or the headers (431) exceed the limit the detail gives.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported Media Type',
    means: 'The request body is in a format this endpoint does not read.',
  },
  unprocessable: {
    status: 422,
    title: 'Unprocessable Content',
    means: 'The body is well-formed JSON but breaks a rule of the data; `errors` names each field.',
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition Required',
    means: 'A PATCH needs `If-Match` with the ETag of the record.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too Many Requests',
    means: 'This address sent more requests than the limit allows; `Retry-After` says when to retry.',
  },
  'server-error': {
    status: 500,
    title: 'Server Error',
    means: 'The server failed; the failure is logged. Never caused by what a client sent.',
  },
  unavailable: { status: 503, title: 'Service Unavailable', means: 'The service cannot answer now.' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export const PROBLEM_TYPE_BASE = 'https://syria-claims.example/problems/';

export const problemTypeUri = (kind: ProblemKind): string => `${PROBLEM_TYPE_BASE}${kind}`;

const catalogue = (Object.entries(PROBLEM_KINDS) as [ProblemKind, (typeof PROBLEM_KINDS)[ProblemKind]][])
  .map(([kind, k]) => `- \`${problemTypeUri(kind)}\` (${k.status}): ${k.means}`)
  .join('\n');

/** RFC 9457 problem details, the body of every 4xx and 5xx answer. */
export const problemSchema = z
  .object({
    type: z.string().describe(`A URI naming the kind of problem, one of:\n${catalogue}`),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ param: z.string(), message: z.string() }))
      .optional()
      .describe('For validation errors: each bad parameter and what is wrong with it'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;
