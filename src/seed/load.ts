import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import type { actors, articles, casualtyReports, claims, events, figures, locations } from '../db/schema.js';
import { NORMALISATION_VERSION, normaliseName } from '../names/normalise.js';
import { indexRows, sqliteOf } from '../search/index.js';
import { type Corpus, SeedError } from './corpus.js';

export interface SeedResult {
  /** False when the database already held exactly this seed and nothing was written. */
  written: boolean;
  fingerprint: string;
}

const FINGERPRINT_KEY = 'seed_fingerprint';

/** A hash of everything the seed would write, including the version of the name folding its keys depend on. */
export function corpusFingerprint(corpus: Corpus): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(corpus));
  h.update(`normalisation ${NORMALISATION_VERSION}`);
  return h.digest('hex');
}

type Lang = 'ar' | 'en';
type Insert<T extends { $inferInsert: unknown }> = Required<Omit<T['$inferInsert'], 'id' | 'parent_id'>>;

export type ActorRow = Insert<typeof actors>;
export type LocationRow = Insert<typeof locations>;
export type EventRow = Insert<typeof events>;
export type ArticleRow = Insert<typeof articles>;
export type ClaimRow = Insert<typeof claims>;
export type CasualtyReportRow = Insert<typeof casualtyReports>;
export type FigureRow = Insert<typeof figures>;

/**
 * The low-level writers every loader uses (the hand-coded seed and the
 * synthetic generator): one prepared statement per kind of row, bound by
 * position. Keyed rows are upserted by their key and return their id, so a
 * reload keeps ids; link rows are inserted once.
 */
export interface RowWriters {
  upsertActor(row: ActorRow): number;
  setActorParent(id: number, parentId: number | null): void;
  clearActorAliases(actorIds: number[]): void;
  /** Stores the alias in NFC with its name-lookup key; the same alias written twice keeps the last language. */
  addActorAlias(actorId: number, alias: string, lang: Lang): void;
  upsertLocation(row: LocationRow): number;
  setLocationParent(id: number, parentId: number | null): void;
  clearLocationAliases(locationIds: number[]): void;
  addLocationAlias(locationId: number, alias: string, lang: Lang): void;
  upsertEvent(row: EventRow): number;
  clearEventActors(eventId: number): void;
  addEventActor(eventId: number, actorId: number, role: string): void;
  upsertArticle(row: ArticleRow): number;
  upsertClaim(row: ClaimRow): number;
  /** Removes the claim's links to events not in `keep`. */
  pruneClaimEvents(claimId: number, keep: number[]): void;
  linkClaimEvent(claimId: number, eventId: number): void;
  /** Removes the claim's casualty reports whose keys are not in `keep`. */
  pruneCasualtyReports(claimId: number, keep: string[]): void;
  upsertCasualtyReport(row: CasualtyReportRow): number;
  /** Removes the claim's figures whose keys are not in `keep`. */
  pruneFigures(claimId: number, keep: string[]): void;
  upsertFigure(row: FigureRow): number;
  setMeta(key: string, value: string): void;
}

const ACTOR_COLUMNS = ['key', 'name', 'name_ar', 'kind', 'note'] as const satisfies readonly (keyof ActorRow)[];
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
] as const satisfies readonly (keyof LocationRow)[];
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
] as const satisfies readonly (keyof EventRow)[];
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
] as const satisfies readonly (keyof ArticleRow)[];
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
] as const satisfies readonly (keyof ClaimRow)[];
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
] as const satisfies readonly (keyof CasualtyReportRow)[];
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
] as const satisfies readonly (keyof FigureRow)[];

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
  const pruneClaimEvents = prepare('DELETE FROM claim_events WHERE claim_id = ? AND event_id NOT IN (SELECT value FROM json_each(?))');
  const linkClaimEvent = prepare('INSERT INTO claim_events (claim_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const pruneCasualtyReports = prepare('DELETE FROM casualty_reports WHERE claim_id = ? AND key NOT IN (SELECT value FROM json_each(?))');
  const pruneFigures = prepare('DELETE FROM figures WHERE claim_id = ? AND key NOT IN (SELECT value FROM json_each(?))');
  const setMeta = prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  const alias = (statement: Database.Statement, id: number, text: string, lang: Lang) => {
    const nfc = text.normalize('NFC');
    statement.run(id, nfc, lang, normaliseName(nfc));
  };

  return {
    upsertActor: keyedWriter<ActorRow>(sqlite, mode, 'actors', 'key', ACTOR_COLUMNS),
    setActorParent: (id, parentId) => void setActorParent.run(parentId, id),
    clearActorAliases: (ids) => void clearActorAliases.run(JSON.stringify(ids)),
    addActorAlias: (id, text, lang) => alias(addActorAlias, id, text, lang),
    upsertLocation: keyedWriter<LocationRow>(sqlite, mode, 'locations', 'key', LOCATION_COLUMNS),
    setLocationParent: (id, parentId) => void setLocationParent.run(parentId, id),
    clearLocationAliases: (ids) => void clearLocationAliases.run(JSON.stringify(ids)),
    addLocationAlias: (id, text, lang) => alias(addLocationAlias, id, text, lang),
    upsertEvent: keyedWriter<EventRow>(sqlite, mode, 'events', 'key', EVENT_COLUMNS),
    clearEventActors: (eventId) => void clearEventActors.run(eventId),
    addEventActor: (eventId, actorId, role) => void addEventActor.run(eventId, actorId, role),
    upsertArticle: keyedWriter<ArticleRow>(sqlite, mode, 'articles', 'file_name', ARTICLE_COLUMNS),
    upsertClaim: keyedWriter<ClaimRow>(sqlite, mode, 'claims', 'key', CLAIM_COLUMNS),
    pruneClaimEvents: (claimId, keep) => void pruneClaimEvents.run(claimId, JSON.stringify(keep)),
    linkClaimEvent: (claimId, eventId) => void linkClaimEvent.run(claimId, eventId),
    pruneCasualtyReports: (claimId, keep) => void pruneCasualtyReports.run(claimId, JSON.stringify(keep)),
    upsertCasualtyReport: keyedWriter<CasualtyReportRow>(sqlite, mode, 'casualty_reports', 'key', CASUALTY_COLUMNS),
    pruneFigures: (claimId, keep) => void pruneFigures.run(claimId, JSON.stringify(keep)),
    upsertFigure: keyedWriter<FigureRow>(sqlite, mode, 'figures', 'key', FIGURE_COLUMNS),
    setMeta: (key, value) => void setMeta.run(key, value),
  };
}

/**
 * Writes the corpus in one transaction, upserting every row by its seed key so
 * that loading twice leaves the same rows with the same ids. Rows the seed no
 * longer holds are removed only where the seed owns them (links and figures of
 * its own claims and events); nothing else in the file is touched.
 */
export function seedDatabase(db: Db, corpus: Corpus, options: { force?: boolean } = {}): SeedResult {
  const sqlite = sqliteOf(db);
  const fingerprint = corpusFingerprint(corpus);
  const current = sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(FINGERPRINT_KEY);
  if (!options.force && current === fingerprint) return { written: false, fingerprint };

  const w = createRowWriters(sqlite);
  sqlite.transaction(() => {
    const actorId = new Map<string, number>();
    for (const a of corpus.actors) {
      actorId.set(a.key, w.upsertActor({ key: a.key, name: a.name, name_ar: a.name_ar, kind: a.kind, note: a.note ?? null }));
    }
    for (const a of corpus.actors) w.setActorParent(actorId.get(a.key) as number, a.parent ? (actorId.get(a.parent) ?? null) : null);

    const locationId = new Map<string, number>();
    const byKey = new Map(corpus.locations.map((l) => [l.key, l]));
    const coordinatesOf = (key: string): { lat: number; lon: number } | null => {
      for (let l = byKey.get(key); l; l = l.parent ? byKey.get(l.parent) : undefined) {
        if (l.coord_source === 'gazetteer' && l.lat !== null && l.lon !== null) return { lat: l.lat, lon: l.lon };
        // An administrative area stands at its capital (ACLED's practice), and so do the places in it the gazetteer lacks.
        if (l.coord_source === 'capital') return coordinatesOf(l.capital as string);
        if (l.coord_source === 'none') return null;
      }
      return null;
    };
    for (const l of corpus.locations) {
      const coords = l.coord_source === 'none' ? null : coordinatesOf(l.key);
      if (l.coord_source === 'parent' && coords === null) {
        throw new SeedError([`location ${l.key}: coord_source 'parent' but no ancestor has coordinates; use 'none'`]);
      }
      const id = w.upsertLocation({
        key: l.key,
        name: l.name,
        name_ar: l.name_ar,
        kind: l.kind,
        lat: coords?.lat ?? null,
        lon: coords?.lon ?? null,
        geo_precision: l.geo_precision,
        coord_source: l.coord_source,
        geonames_id: l.coord_source === 'capital' ? (byKey.get(l.capital as string)?.geonames_id ?? null) : l.geonames_id,
        pcode: l.pcode,
        note: l.note ?? null,
      });
      locationId.set(l.key, id);
    }
    for (const l of corpus.locations) {
      w.setLocationParent(locationId.get(l.key) as number, l.parent ? (locationId.get(l.parent) ?? null) : null);
    }

    // Aliases: every name, Arabic name and alias, once per entity (the last language given wins), in the order first seen.
    const writeAliases = (
      entities: { key: string; name: string; name_ar: string | null; aliases: { text: string; lang: Lang }[] }[],
      extra: { key: string; text: string; lang: Lang }[],
      ids: Map<string, number>,
      add: (id: number, text: string, lang: Lang) => void,
    ) => {
      const rows = new Map<string, { id: number; text: string; lang: Lang }>();
      const collect = (key: string, text: string, lang: Lang) => {
        const id = ids.get(key) as number;
        rows.set(`${id}\u0000${text.normalize('NFC')}`, { id, text, lang });
      };
      for (const e of entities) {
        collect(e.key, e.name, 'en');
        if (e.name_ar) collect(e.key, e.name_ar, 'ar');
        for (const a of e.aliases) collect(e.key, a.text, a.lang);
      }
      for (const x of extra) collect(x.key, x.text, x.lang);
      for (const r of rows.values()) add(r.id, r.text, r.lang);
    };
    w.clearActorAliases([...actorId.values()]);
    const actorExtra = corpus.extraAliases.flatMap((x) => (x.actor ? [{ key: x.actor, text: x.text, lang: x.lang }] : []));
    writeAliases(corpus.actors, actorExtra, actorId, w.addActorAlias);
    w.clearLocationAliases([...locationId.values()]);
    const locationExtra = corpus.extraAliases.flatMap((x) => (x.location ? [{ key: x.location, text: x.text, lang: x.lang }] : []));
    writeAliases(corpus.locations, locationExtra, locationId, w.addLocationAlias);

    const eventId = new Map<string, number>();
    const locationPrecision = new Map(corpus.locations.map((l) => [l.key, l.geo_precision]));
    for (const { seed } of corpus.articles) {
      for (const ev of seed.events) {
        const id = w.upsertEvent({
          key: ev.key,
          date_start: ev.date_start,
          date_end: ev.date_end,
          date_precision: ev.date_precision,
          date_note: ev.date_note,
          event_type: ev.event_type,
          sub_event_type: ev.sub_event_type,
          location_id: locationId.get(ev.location) as number,
          geo_precision: ev.geo_precision ?? locationPrecision.get(ev.location) ?? null,
          summary_en: ev.summary_en,
          summary_ar: ev.summary_ar ?? null,
          note: ev.note ?? null,
        });
        eventId.set(ev.key, id);
        w.clearEventActors(id);
        for (const a of ev.actors) w.addEventActor(id, actorId.get(a.actor) as number, a.role);
      }
    }

    const claimIds: number[] = [];
    for (const { seed, text } of corpus.articles) {
      const articleId = w.upsertArticle({
        file_name: seed.file_name,
        title: seed.title,
        text,
        language: seed.language,
        publisher: seed.publisher,
        publisher_actor_id: seed.publisher_actor ? (actorId.get(seed.publisher_actor) as number) : null,
        published_start: seed.published_start,
        published_end: seed.published_end,
        published_precision: seed.published_precision,
        published_note: seed.published_note,
        published_basis: seed.published_basis,
      });

      for (const c of seed.claims) {
        const claimId = w.upsertClaim({
          key: c.key,
          article_id: articleId,
          claimant_id: actorId.get(c.claimant) as number,
          claimant_text: c.claimant_text,
          quote: c.quote,
          quote_start: c.quote_start,
          quote_end: c.quote_end,
          statement_en: c.statement_en,
          claim_type: c.claim_type,
          certainty: c.certainty,
          note: c.note ?? null,
        });
        claimIds.push(claimId);

        const casualtyKeys = c.casualties.map((_, i) => `${c.key}#${i}`);
        w.pruneCasualtyReports(claimId, casualtyKeys);
        const claimEventIds = c.events.map((k) => eventId.get(k) as number);
        w.pruneClaimEvents(claimId, claimEventIds);
        for (const id of claimEventIds) w.linkClaimEvent(claimId, id);

        const figureKeys = c.figures.map((_, i) => `${c.key}~${i}`);
        w.pruneFigures(claimId, figureKeys);
        c.figures.forEach((f, i) => {
          w.upsertFigure({
            key: figureKeys[i] as string,
            claim_id: claimId,
            what: f.what,
            unit: f.unit,
            count_low: f.count_low,
            count_high: f.count_high,
            qualifier: f.qualifier,
            vague_text: f.vague_text,
            outcome: f.outcome,
            victim_actor_id: f.victim_actor ? (actorId.get(f.victim_actor) as number) : null,
            victim_group: f.victim_group,
            place_id: f.place ? (locationId.get(f.place) as number) : null,
            period_start: f.period_start,
            period_end: f.period_end,
            note: f.note ?? null,
          });
        });

        const casualtyIds: number[] = [];
        c.casualties.forEach((cas, i) => {
          casualtyIds.push(
            w.upsertCasualtyReport({
              key: casualtyKeys[i] as string,
              claim_id: claimId,
              event_id: eventId.get(cas.event ?? (c.events[0] as string)) as number,
              victim_actor_id: cas.victim_actor ? (actorId.get(cas.victim_actor) as number) : null,
              victim_group: cas.victim_group,
              outcome: cas.outcome,
              count_low: cas.count_low,
              count_high: cas.count_high,
              qualifier: cas.qualifier,
              vague_text: cas.vague_text,
              subset_of_id: cas.subset_of === null ? null : (casualtyIds[cas.subset_of] as number),
              note: cas.note ?? null,
            }),
          );
        });
      }
    }

    indexRows(sqlite, [...eventId.values()], claimIds);
    w.setMeta(FINGERPRINT_KEY, fingerprint);
  })();
  return { written: true, fingerprint };
}
