import type Database from 'better-sqlite3';
import { normaliseName } from '../names/normalise.js';
import type { actors, articles, casualtyReports, claims, events, figures, locations } from './schema.js';

/** The language an alias is written in. */
export type AliasLanguage = 'ar' | 'en';

/** Every column a writer binds: ids come from SQLite, and parents are set in a second pass, once every row has its id. */
type WrittenColumns<T extends { $inferInsert: unknown }> = Required<Omit<T['$inferInsert'], 'id' | 'parent_id'>>;

export type ActorInsert = WrittenColumns<typeof actors>;
export type LocationInsert = WrittenColumns<typeof locations>;
export type EventInsert = WrittenColumns<typeof events>;
export type ArticleInsert = WrittenColumns<typeof articles>;
export type ClaimInsert = WrittenColumns<typeof claims>;
export type CasualtyReportInsert = WrittenColumns<typeof casualtyReports>;
export type FigureInsert = WrittenColumns<typeof figures>;

/**
 * The low-level writers every loader uses (the hand-coded seed and the
 * synthetic generator): one prepared statement per kind of row, bound by
 * position. Keyed rows are upserted by their key and return their id, so a
 * reload keeps ids; link rows are inserted once.
 */
export interface RowWriters {
  upsertActor(row: ActorInsert): number;
  setActorParent(id: number, parentId: number | null): void;
  clearActorAliases(actorIds: number[]): void;
  /** Stores the alias in NFC with its name-lookup key; the same alias written twice keeps the last language. */
  addActorAlias(actorId: number, alias: string, lang: AliasLanguage): void;
  upsertLocation(row: LocationInsert): number;
  setLocationParent(id: number, parentId: number | null): void;
  clearLocationAliases(locationIds: number[]): void;
  addLocationAlias(locationId: number, alias: string, lang: AliasLanguage): void;
  upsertEvent(row: EventInsert): number;
  clearEventActors(eventId: number): void;
  addEventActor(eventId: number, actorId: number, role: string): void;
  upsertArticle(row: ArticleInsert): number;
  upsertClaim(row: ClaimInsert): number;
  /** Removes the claim's links to events not in `keep`. */
  pruneClaimEvents(claimId: number, keep: number[]): void;
  linkClaimEvent(claimId: number, eventId: number): void;
  /** Removes the claim's casualty reports whose keys are not in `keep`. */
  pruneCasualtyReports(claimId: number, keep: string[]): void;
  upsertCasualtyReport(row: CasualtyReportInsert): number;
  /** Removes the claim's figures whose keys are not in `keep`. */
  pruneFigures(claimId: number, keep: string[]): void;
  upsertFigure(row: FigureInsert): number;
  setMeta(key: string, value: string): void;
}

const ACTOR_COLUMNS = ['key', 'name', 'name_ar', 'kind', 'note'] as const satisfies readonly (keyof ActorInsert)[];
const LOCATION_COLUMNS = [
  'key',
  'name',
  'name_ar',
  'kind',
  'lat',
  'lon',
  'geo_precision',
  'coord_source',
  'geonames_id',
  'pcode',
  'note',
] as const satisfies readonly (keyof LocationInsert)[];
const EVENT_COLUMNS = [
  'key',
  'date_start',
  'date_end',
  'date_precision',
  'date_note',
  'event_type',
  'sub_event_type',
  'location_id',
  'geo_precision',
  'summary_en',
  'summary_ar',
  'note',
] as const satisfies readonly (keyof EventInsert)[];
const ARTICLE_COLUMNS = [
  'file_name',
  'title',
  'text',
  'language',
  'publisher',
  'publisher_actor_id',
  'published_start',
  'published_end',
  'published_precision',
  'published_note',
  'published_basis',
] as const satisfies readonly (keyof ArticleInsert)[];
const CLAIM_COLUMNS = [
  'key',
  'article_id',
  'claimant_id',
  'claimant_text',
  'quote',
  'quote_start',
  'quote_end',
  'statement_en',
  'claim_type',
  'certainty',
  'note',
] as const satisfies readonly (keyof ClaimInsert)[];
const CASUALTY_COLUMNS = [
  'key',
  'claim_id',
  'event_id',
  'victim_actor_id',
  'victim_group',
  'outcome',
  'count_low',
  'count_high',
  'qualifier',
  'vague_text',
  'subset_of_id',
  'note',
] as const satisfies readonly (keyof CasualtyReportInsert)[];
const FIGURE_COLUMNS = [
  'key',
  'claim_id',
  'what',
  'unit',
  'count_low',
  'count_high',
  'qualifier',
  'vague_text',
  'outcome',
  'victim_actor_id',
  'victim_group',
  'place_id',
  'period_start',
  'period_end',
  'note',
] as const satisfies readonly (keyof FigureInsert)[];

/** The columns each keyed writer sets, which the write API's records use too (less the seed's key). */
export const WRITTEN_COLUMNS = {
  actors: ACTOR_COLUMNS,
  locations: LOCATION_COLUMNS,
  events: EVENT_COLUMNS,
  articles: ARTICLE_COLUMNS,
  claims: CLAIM_COLUMNS,
  'casualty-reports': CASUALTY_COLUMNS,
  figures: FIGURE_COLUMNS,
};

/**
 * How keyed rows are written. `upsert` (the seed loader): insert, or update the
 * row with the same key and keep its id. `append` (bulk loads into a file that
 * cannot hold the keys yet): a plain insert, which fails on a duplicate key
 * instead of overwriting, and skips the RETURNING round trip.
 */
export type WriteMode = 'upsert' | 'append';

/** The keyed writer for one table: `INSERT ... ON CONFLICT (key) DO UPDATE SET every other column ... RETURNING id`, or a plain insert. */
function keyedWriter<R>(
  sqlite: Database.Database,
  mode: WriteMode,
  table: string,
  conflict: string,
  columns: readonly (keyof R & string)[],
) {
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  const values = (row: R) => columns.map((c) => row[c] ?? null);
  if (mode === 'append') {
    const statement = sqlite.prepare(insert);
    return (row: R): number => Number(statement.run(values(row)).lastInsertRowid);
  }
  const statement = sqlite
    .prepare(
      `${insert} ON CONFLICT (${conflict}) DO UPDATE SET ${columns
        .filter((c) => c !== conflict)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')} RETURNING id`,
    )
    .pluck();
  return (row: R): number => statement.get(values(row)) as number;
}

export function createRowWriters(sqlite: Database.Database, mode: WriteMode = 'upsert'): RowWriters {
  const prepare = (source: string) => sqlite.prepare(source);
  const setActorParent = prepare('UPDATE actors SET parent_id = ? WHERE id = ?');
  const clearActorAliases = prepare('DELETE FROM actor_aliases WHERE actor_id IN (SELECT value FROM json_each(?))');
  const addActorAlias = prepare(
    `INSERT INTO actor_aliases (actor_id, alias, lang, norm_key) VALUES (?, ?, ?, ?)
     ON CONFLICT (actor_id, alias) DO UPDATE SET lang = excluded.lang, norm_key = excluded.norm_key`,
  );
  const setLocationParent = prepare('UPDATE locations SET parent_id = ? WHERE id = ?');
  const clearLocationAliases = prepare('DELETE FROM location_aliases WHERE location_id IN (SELECT value FROM json_each(?))');
  const addLocationAlias = prepare(
    `INSERT INTO location_aliases (location_id, alias, lang, norm_key) VALUES (?, ?, ?, ?)
     ON CONFLICT (location_id, alias) DO UPDATE SET lang = excluded.lang, norm_key = excluded.norm_key`,
  );
  const clearEventActors = prepare('DELETE FROM event_actors WHERE event_id = ?');
  const addEventActor = prepare('INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  // Rows made through the API (keys 'api:...') are the coders', not the seed's: a changed seed never prunes them, nor the links they stand on.
  const pruneClaimEvents = prepare(
    `DELETE FROM claim_events WHERE claim_id = ? AND event_id NOT IN (SELECT value FROM json_each(?))
     AND NOT EXISTS (SELECT 1 FROM casualty_reports r WHERE r.claim_id = claim_events.claim_id AND r.event_id = claim_events.event_id AND r.key LIKE 'api:%')`,
  );
  const linkClaimEvent = prepare('INSERT INTO claim_events (claim_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const pruneCasualtyReports = prepare(
    "DELETE FROM casualty_reports WHERE claim_id = ? AND key NOT IN (SELECT value FROM json_each(?)) AND key NOT LIKE 'api:%'",
  );
  const pruneFigures = prepare(
    "DELETE FROM figures WHERE claim_id = ? AND key NOT IN (SELECT value FROM json_each(?)) AND key NOT LIKE 'api:%'",
  );
  const setMeta = prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  const alias = (statement: Database.Statement, id: number, text: string, lang: AliasLanguage) => {
    const nfc = text.normalize('NFC');
    statement.run(id, nfc, lang, normaliseName(nfc));
  };

  return {
    upsertActor: keyedWriter<ActorInsert>(sqlite, mode, 'actors', 'key', ACTOR_COLUMNS),
    setActorParent: (id, parentId) => void setActorParent.run(parentId, id),
    clearActorAliases: (ids) => void clearActorAliases.run(JSON.stringify(ids)),
    addActorAlias: (id, text, lang) => alias(addActorAlias, id, text, lang),
    upsertLocation: keyedWriter<LocationInsert>(sqlite, mode, 'locations', 'key', LOCATION_COLUMNS),
    setLocationParent: (id, parentId) => void setLocationParent.run(parentId, id),
    clearLocationAliases: (ids) => void clearLocationAliases.run(JSON.stringify(ids)),
    addLocationAlias: (id, text, lang) => alias(addLocationAlias, id, text, lang),
    upsertEvent: keyedWriter<EventInsert>(sqlite, mode, 'events', 'key', EVENT_COLUMNS),
    clearEventActors: (eventId) => void clearEventActors.run(eventId),
    addEventActor: (eventId, actorId, role) => void addEventActor.run(eventId, actorId, role),
    upsertArticle: keyedWriter<ArticleInsert>(sqlite, mode, 'articles', 'file_name', ARTICLE_COLUMNS),
    upsertClaim: keyedWriter<ClaimInsert>(sqlite, mode, 'claims', 'key', CLAIM_COLUMNS),
    pruneClaimEvents: (claimId, keep) => void pruneClaimEvents.run(claimId, JSON.stringify(keep)),
    linkClaimEvent: (claimId, eventId) => void linkClaimEvent.run(claimId, eventId),
    pruneCasualtyReports: (claimId, keep) => void pruneCasualtyReports.run(claimId, JSON.stringify(keep)),
    upsertCasualtyReport: keyedWriter<CasualtyReportInsert>(sqlite, mode, 'casualty_reports', 'key', CASUALTY_COLUMNS),
    pruneFigures: (claimId, keep) => void pruneFigures.run(claimId, JSON.stringify(keep)),
    upsertFigure: keyedWriter<FigureInsert>(sqlite, mode, 'figures', 'key', FIGURE_COLUMNS),
    setMeta: (key, value) => void setMeta.run(key, value),
  };
}
