import { createHash } from 'node:crypto';
import { type Db, sqliteOf } from '../db/client.js';
import { eventsMovedSince, refreshReadModel, treeShapes } from '../db/read-model.js';
import { type AliasLanguage, createRowWriters } from '../db/writers.js';
import { NORMALISATION_VERSION } from '../names/normalise.js';
import type { WritableResource } from '../schemas/writes.js';
import { indexRows } from '../search/index.js';
import { refusedRecords } from '../write/admit.js';
import { type Corpus, SeedError } from './corpus.js';

export interface SeedResult {
  /** False when the database already held exactly this seed and nothing was written. */
  written: boolean;
  fingerprint: string;
}

const FINGERPRINT_KEY = 'seed_fingerprint';

/** A hash of everything the seed would write, including the version of the name folding its keys depend on. */
function corpusFingerprint(corpus: Corpus): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(corpus));
  hash.update(`normalisation ${NORMALISATION_VERSION}`);
  return hash.digest('hex');
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

  const write = createRowWriters(sqlite);
  sqlite.transaction(() => {
    // Foreign keys are checked at commit, after the write API's rules below have named the field a bad reference is in.
    sqlite.pragma('defer_foreign_keys = ON');
    // A seeded actor or place given another parent moves the events below it, generated ones included.
    const shapes = treeShapes(db);
    const actorId = new Map<string, number>();
    for (const a of corpus.actors) {
      actorId.set(a.key, write.upsertActor({ key: a.key, name: a.name, name_ar: a.name_ar, kind: a.kind, note: a.note ?? null }));
    }
    for (const a of corpus.actors) write.setActorParent(actorId.get(a.key) as number, a.parent ? (actorId.get(a.parent) ?? null) : null);

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
      const id = write.upsertLocation({
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
      write.setLocationParent(locationId.get(l.key) as number, l.parent ? (locationId.get(l.parent) ?? null) : null);
    }

    // Aliases: every name, Arabic name and alias, once per entity (the last language given wins), in the order first seen.
    const writeAliases = (
      entities: { key: string; name: string; name_ar: string | null; aliases: { text: string; lang: AliasLanguage }[] }[],
      extra: { key: string; text: string; lang: AliasLanguage }[],
      ids: Map<string, number>,
      add: (id: number, text: string, lang: AliasLanguage) => void,
    ) => {
      const rows = new Map<string, { id: number; text: string; lang: AliasLanguage }>();
      const collect = (key: string, text: string, lang: AliasLanguage) => {
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
    write.clearActorAliases([...actorId.values()]);
    const actorExtra = corpus.extraAliases.flatMap((x) => (x.actor ? [{ key: x.actor, text: x.text, lang: x.lang }] : []));
    writeAliases(corpus.actors, actorExtra, actorId, write.addActorAlias);
    write.clearLocationAliases([...locationId.values()]);
    const locationExtra = corpus.extraAliases.flatMap((x) => (x.location ? [{ key: x.location, text: x.text, lang: x.lang }] : []));
    writeAliases(corpus.locations, locationExtra, locationId, write.addLocationAlias);

    const eventId = new Map<string, number>();
    const locationPrecision = new Map(corpus.locations.map((l) => [l.key, l.geo_precision]));
    for (const { seed } of corpus.articles) {
      for (const ev of seed.events) {
        const id = write.upsertEvent({
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
        write.clearEventActors(id);
        for (const a of ev.actors) write.addEventActor(id, actorId.get(a.actor) as number, a.role);
      }
    }

    const claimIds: number[] = [];
    const written = { articles: [] as number[], figures: [] as number[], 'casualty-reports': [] as number[] };
    /** Seed keys by `resource id`, to name a refused record as the seed files do. */
    const seedKeys = new Map<string, string>();
    for (const { seed, text } of corpus.articles) {
      const articleId = write.upsertArticle({
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
      written.articles.push(articleId);
      seedKeys.set(`articles ${articleId}`, seed.file_name);

      for (const c of seed.claims) {
        const claimId = write.upsertClaim({
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
        seedKeys.set(`claims ${claimId}`, c.key);

        const casualtyKeys = c.casualties.map((_, i) => `${c.key}#${i}`);
        write.pruneCasualtyReports(claimId, casualtyKeys);
        const claimEventIds = c.events.map((k) => eventId.get(k) as number);
        write.pruneClaimEvents(claimId, claimEventIds);
        for (const id of claimEventIds) write.linkClaimEvent(claimId, id);

        const figureKeys = c.figures.map((_, i) => `${c.key}~${i}`);
        write.pruneFigures(claimId, figureKeys);
        c.figures.forEach((f, i) => {
          const figureId = write.upsertFigure({
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
          written.figures.push(figureId);
          seedKeys.set(`figures ${figureId}`, figureKeys[i] as string);
        });

        const casualtyIds: number[] = [];
        c.casualties.forEach((cas, i) => {
          casualtyIds.push(
            write.upsertCasualtyReport({
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
          written['casualty-reports'].push(casualtyIds[i] as number);
          seedKeys.set(`casualty-reports ${casualtyIds[i]}`, casualtyKeys[i] as string);
        });
      }
    }

    const ids = (keys: Map<string, number>, resource: WritableResource) => {
      for (const [key, id] of keys) seedKeys.set(`${resource} ${id}`, key);
      return keys.values();
    };
    const refused = refusedRecords(db, {
      ...written,
      actors: ids(actorId, 'actors'),
      locations: ids(locationId, 'locations'),
      events: ids(eventId, 'events'),
      claims: claimIds,
    });
    if (refused.length > 0) {
      throw new SeedError(
        refused.map(
          (r) => `${r.resource} ${seedKeys.get(`${r.resource} ${r.id}`) ?? r.id}: ${r.param}: ${r.message} (the write API's rule)`,
        ),
      );
    }

    indexRows(sqlite, [...eventId.values()], claimIds);
    refreshReadModel(db, [...eventId.values(), ...eventsMovedSince(db, shapes)]);
    write.setMeta(FINGERPRINT_KEY, fingerprint);
  })();
  return { written: true, fingerprint };
}
