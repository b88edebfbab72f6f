import { toFtsQuery } from '../search/index.js';
import { QueryError } from './errors.js';

/** A full-text search: what the user typed and the FTS5 query made of it. */
export interface FullTextSearch {
  fts: string;
  text: string;
}

/** The `q` parameter as a full-text search; a 400 naming `q` when nothing in it can be searched. */
export function fullTextSearch(text: string | undefined): FullTextSearch | undefined {
  if (text === undefined) return undefined;
  const fts = toFtsQuery(text);
  if (fts === null) throw new QueryError('bad-parameter', 'q', 'contains no letters or digits to search for');
  return { fts, text };
}
