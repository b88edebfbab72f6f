import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type NameMatch, resolveNames, splitNames } from './names.js';

/** The name-bearing filters several lists share, resolved once per request. */
export interface NameFilterInput {
  actor?: string;
  place?: string;
  claimant?: string;
  article?: string;
  actor_scope?: 'tree' | 'exact';
  place_scope?: 'tree' | 'exact';
}

export interface ResolvedFilters {
  actorIds?: number[];
  placeIds?: number[];
  claimantIds?: number[];
  articleIds?: number[];
  matched: Record<string, Record<string, NameMatch[]>>;
  unmatched: Record<string, string[]>;
}

/** Articles are named by id, by file name (with or without `.txt`) or by its numeric prefix (`003`). */
function resolveArticles(db: Db, names: string[]): { matched: Record<string, NameMatch[]>; unmatched: string[]; ids: number[] } {
  const matched: Record<string, NameMatch[]> = {};
  const unmatched: string[] = [];
  const ids: number[] = [];
  for (const name of names) {
    const rows = db.all<NameMatch>(
      sql`SELECT id, file_name AS name, 'article' AS kind FROM articles
          WHERE id = ${/^[1-9]\d{0,14}$/.test(name) ? Number(name) : -1} OR file_name = ${name} OR file_name = ${`${name}.txt`}
             OR file_name LIKE ${`${name.replaceAll(/[%_\\]/g, '')}\\_%`} ESCAPE '\\'`,
    );
    if (rows.length === 0) unmatched.push(name);
    else matched[name] = rows;
    ids.push(...rows.map((r) => r.id));
  }
  return { matched, unmatched, ids };
}

export function resolveFilters(db: Db, input: NameFilterInput): ResolvedFilters {
  const out: ResolvedFilters = { matched: {}, unmatched: {} };
  const record = (param: string, r: { matched: Record<string, NameMatch[]>; unmatched: string[]; ids: number[] }) => {
    if (Object.keys(r.matched).length) out.matched[param] = r.matched;
    if (r.unmatched.length) out.unmatched[param] = r.unmatched;
    return r.ids;
  };
  if (input.actor !== undefined) out.actorIds = record('actor', resolveNames(db, 'actors', splitNames(input.actor), input.actor_scope));
  if (input.place !== undefined) out.placeIds = record('place', resolveNames(db, 'locations', splitNames(input.place), input.place_scope));
  if (input.claimant !== undefined) out.claimantIds = record('claimant', resolveNames(db, 'actors', splitNames(input.claimant), 'tree'));
  if (input.article !== undefined) out.articleIds = record('article', resolveArticles(db, splitNames(input.article)));
  return out;
}

/** `column IN (ids)` bound as one JSON parameter, so any number of ids is a single placeholder. */
export function inIds(column: SQL, ids: number[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** A LIKE pattern for a user's text, with the wildcard characters taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replaceAll(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
