import { badParam } from '../http/problem.js';
import { toFtsQuery } from '../search/index.js';

/** The `q` parameter as a full-text query; a 400 naming `q` when nothing in it can be searched. */
export function searchParam(q: string | undefined): { fts: string; q: string } | undefined {
  if (q === undefined) return undefined;
  const fts = toFtsQuery(q);
  if (fts === null) throw badParam('q', 'contains no letters or digits to search for');
  return { fts, q };
}
