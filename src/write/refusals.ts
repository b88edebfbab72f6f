import type { z } from 'zod';
import { HttpProblem, problemOf } from '../http/problem.js';
import { WRITE_BODIES, type WritableResource } from '../schemas/writes.js';
import type { Body } from './resources.js';
import type { FieldError } from './rules.js';

/** The refusals of the write path, as the problems the API answers with, and the version tags it checks. */

export const unprocessable = (errors: FieldError[]) =>
  new HttpProblem(
    problemOf('unprocessable', `The record breaks ${errors.length} rule(s): ${[...new Set(errors.map((e) => e.param))].join(', ')}`, {
      errors,
    }),
  );
export const forbidden = (detail: string) => new HttpProblem(problemOf('forbidden', detail));
export const noRecord = (resource: WritableResource, id: number) =>
  new HttpProblem(problemOf('not-found', `No ${resource} record with id ${id}`));

/**
 * Write bodies nest three levels (a record, a list in it, an item of the list). A body of
 * 5,000 nested arrays overflowed the stack when it was hashed for Idempotency-Key (a 500 the
 * fuzzer found), so deeper than 32 is refused before anything walks it.
 */
const MAX_DEPTH = 32;
export function refuseDeepNesting(input: unknown): void {
  const deep = (value: unknown, depth: number): boolean =>
    depth > MAX_DEPTH || (value !== null && typeof value === 'object' && Object.values(value).some((v) => deep(v, depth + 1)));
  if (deep(input, 0)) throw unprocessable([{ param: 'body', message: `nests deeper than ${MAX_DEPTH} levels` }]);
}

/** The ETag of a version of a record, which PATCH takes back in If-Match. */
export const recordTag = (resource: WritableResource, id: number, version: number) => `"${resource}.${id}.v${version}"`;

/**
 * Whether an If-Match entry names this version: the record's own tag (from a
 * write answer or the history), or the tag a GET of the record sent, which is
 * that tag with a hash of the representation added (see src/http/conditional.ts).
 */
export function namesVersion(entry: string, resource: WritableResource, id: number, version: number): boolean {
  const tag = entry.trim().replace(/^W\//, '');
  const own = recordTag(resource, id, version);
  return tag === '*' || tag === own || (tag.startsWith(`${own.slice(0, -1)}.`) && tag.endsWith('"'));
}

/** Zod's issues as 422 field errors: `param` is the body field (its dotted path), unknown fields are named one by one. */
export function parseBody<R extends WritableResource>(resource: R, input: unknown): Body {
  const parsed = WRITE_BODIES[resource].safeParse(input);
  if (parsed.success) return parsed.data as Body;
  const errors = parsed.error.issues.flatMap((issue: z.core.$ZodIssue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => ({ param: [...issue.path, k].join('.'), message: `is not a field of ${resource}` }))
      : [{ param: issue.path.join('.') || 'body', message: issue.message }],
  );
  throw unprocessable(errors);
}
