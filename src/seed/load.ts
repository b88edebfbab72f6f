import { createHash } from 'node:crypto';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import {
  actorAliases,
  actors,
  articles,
  casualtyReports,
  claimEvents,
  claims,
  eventActors,
  events,
  locationAliases,
  locations,
  meta,
} from '../db/schema.js';
import { NORMALISATION_VERSION, normaliseName } from '../names/normalise.js';
import { indexRows } from '../search/index.js';
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

/** `SET col = excluded.col` for every listed column of an upsert. */
function fromExcluded<T extends SQLiteTable>(table: T, columns: (keyof T['$inferInsert'] & string)[]) {
  const set: Record<string, unknown> = {};
  for (const c of columns) {
    const col = (table as unknown as Record<string, SQLiteColumn>)[c];
    set[c] = sql.raw(`excluded.${col.name}`);
  }
  return set;
}

/**
 * Writes the corpus in one transaction, upserting every row by its seed key so
 * that loading twice leaves the same rows with the same ids. Rows the seed no
 * longer holds are removed only where the seed owns them (links and figures of
 * its own claims and events); nothing else in the file is touched.
 */
export function seedDatabase(db: Db, corpus: Corpus, options: { force?: boolean } = {}): SeedResult {
  const fingerprint = corpusFingerprint(corpus);
  const current = db.select({ value: meta.value }).from(meta).where(eq(meta.key, FINGERPRINT_KEY)).get();
  if (!options.force && current?.value === fingerprint) return { written: false, fingerprint };

  db.transaction((tx) => {
    const actorId = new Map<string, number>();
    for (const a of corpus.actors) {
      const row = tx
        .insert(actors)
        .values({ key: a.key, name: a.name, name_ar: a.name_ar, kind: a.kind, note: a.note ?? null })
        .onConflictDoUpdate({ target: actors.key, set: fromExcluded(actors, ['name', 'name_ar', 'kind', 'note']) })
        .returning({ id: actors.id })
        .get();
      actorId.set(a.key, row.id);
    }
    for (const a of corpus.actors) {
      tx.update(actors)
        .set({ parent_id: a.parent ? actorId.get(a.parent) : null })
        .where(eq(actors.id, actorId.get(a.key) as number))
        .run();
    }

    const locationId = new Map<string, number>();
    const byKey = new Map(corpus.locations.map((l) => [l.key, l]));
    const coordinatesOf = (key: string): { lat: number; lon: number } | null => {
      for (let l = byKey.get(key); l; l = l.parent ? byKey.get(l.parent) : undefined) {
        if (l.coord_source === 'gazetteer' && l.lat !== null && l.lon !== null) return { lat: l.lat, lon: l.lon };
        if (l.coord_source === 'none') return null;
      }
      return null;
    };
    for (const l of corpus.locations) {
      const coords = l.coord_source === 'none' ? null : coordinatesOf(l.key);
      if (l.coord_source === 'parent' && coords === null) {
        throw new SeedError([`location ${l.key}: coord_source 'parent' but no ancestor has coordinates; use 'none'`]);
      }
      const row = tx
        .insert(locations)
        .values({
          key: l.key,
          name: l.name,
          name_ar: l.name_ar,
          kind: l.kind,
          lat: coords?.lat ?? null,
          lon: coords?.lon ?? null,
          geo_precision: l.geo_precision,
          coord_source: l.coord_source,
          geonames_id: l.geonames_id,
          pcode: l.pcode,
          note: l.note ?? null,
        })
        .onConflictDoUpdate({
          target: locations.key,
          set: fromExcluded(locations, [
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
          ]),
        })
        .returning({ id: locations.id })
        .get();
      locationId.set(l.key, row.id);
    }
    for (const l of corpus.locations) {
      tx.update(locations)
        .set({ parent_id: l.parent ? locationId.get(l.parent) : null })
        .where(eq(locations.id, locationId.get(l.key) as number))
        .run();
    }

    // Aliases: every name, Arabic name and alias, once per entity.
    const aliasRows = <K extends string>(
      entities: { key: string; name: string; name_ar: string | null; aliases: { text: string; lang: 'ar' | 'en' }[] }[],
      extra: { key: string; text: string; lang: 'ar' | 'en' }[],
      ids: Map<string, number>,
      idColumn: K,
    ) => {
      const rows = new Map<string, Record<K, number> & { alias: string; lang: 'ar' | 'en'; norm_key: string }>();
      const add = (key: string, text: string, lang: 'ar' | 'en') => {
        const id = ids.get(key) as number;
        const alias = text.normalize('NFC');
        rows.set(`${id}\u0000${alias}`, { [idColumn]: id, alias, lang, norm_key: normaliseName(alias) } as Record<K, number> & {
          alias: string;
          lang: 'ar' | 'en';
          norm_key: string;
        });
      };
      for (const e of entities) {
        add(e.key, e.name, 'en');
        if (e.name_ar) add(e.key, e.name_ar, 'ar');
        for (const a of e.aliases) add(e.key, a.text, a.lang);
      }
      for (const x of extra) add(x.key, x.text, x.lang);
      return [...rows.values()];
    };
    const actorIds = [...actorId.values()];
    tx.delete(actorAliases).where(inArray(actorAliases.actor_id, actorIds)).run();
    const actorExtra = corpus.extraAliases.flatMap((x) => (x.actor ? [{ key: x.actor, text: x.text, lang: x.lang }] : []));
    for (const row of aliasRows(corpus.actors, actorExtra, actorId, 'actor_id')) tx.insert(actorAliases).values(row).run();
    const locationIds = [...locationId.values()];
    tx.delete(locationAliases).where(inArray(locationAliases.location_id, locationIds)).run();
    const locationExtra = corpus.extraAliases.flatMap((x) => (x.location ? [{ key: x.location, text: x.text, lang: x.lang }] : []));
    for (const row of aliasRows(corpus.locations, locationExtra, locationId, 'location_id')) tx.insert(locationAliases).values(row).run();

    const eventId = new Map<string, number>();
    const locationPrecision = new Map(corpus.locations.map((l) => [l.key, l.geo_precision]));
    for (const { seed } of corpus.articles) {
      for (const ev of seed.events) {
        const row = tx
          .insert(events)
          .values({
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
          })
          .onConflictDoUpdate({
            target: events.key,
            set: fromExcluded(events, [
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
            ]),
          })
          .returning({ id: events.id })
          .get();
        eventId.set(ev.key, row.id);
        tx.delete(eventActors).where(eq(eventActors.event_id, row.id)).run();
        for (const a of ev.actors) {
          tx.insert(eventActors)
            .values({ event_id: row.id, actor_id: actorId.get(a.actor) as number, role: a.role })
            .onConflictDoNothing()
            .run();
        }
      }
    }

    const claimIds: number[] = [];
    for (const { seed, text } of corpus.articles) {
      const article = tx
        .insert(articles)
        .values({
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
        })
        .onConflictDoUpdate({
          target: articles.file_name,
          set: fromExcluded(articles, [
            'title',
            'text',
            'language',
            'publisher',
            'publisher_actor_id',
            'published_start',
            'published_end',
            'published_precision',
            'published_note',
          ]),
        })
        .returning({ id: articles.id })
        .get();

      for (const c of seed.claims) {
        const claim = tx
          .insert(claims)
          .values({
            key: c.key,
            article_id: article.id,
            claimant_id: actorId.get(c.claimant) as number,
            claimant_text: c.claimant_text,
            quote: c.quote,
            quote_start: c.quote_start,
            quote_end: c.quote_end,
            statement_en: c.statement_en,
            claim_type: c.claim_type,
            certainty: c.certainty,
            note: c.note ?? null,
          })
          .onConflictDoUpdate({
            target: claims.key,
            set: fromExcluded(claims, [
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
            ]),
          })
          .returning({ id: claims.id })
          .get();
        claimIds.push(claim.id);

        const casualtyKeys = c.casualties.map((_, i) => `${c.key}#${i}`);
        tx.delete(casualtyReports)
          .where(
            casualtyKeys.length
              ? and(eq(casualtyReports.claim_id, claim.id), notInArray(casualtyReports.key, casualtyKeys))
              : eq(casualtyReports.claim_id, claim.id),
          )
          .run();

        const claimEventIds = c.events.map((k) => eventId.get(k) as number);
        tx.delete(claimEvents)
          .where(
            claimEventIds.length
              ? and(eq(claimEvents.claim_id, claim.id), notInArray(claimEvents.event_id, claimEventIds))
              : eq(claimEvents.claim_id, claim.id),
          )
          .run();
        for (const id of claimEventIds) tx.insert(claimEvents).values({ claim_id: claim.id, event_id: id }).onConflictDoNothing().run();

        const casualtyIds: number[] = [];
        c.casualties.forEach((cas, i) => {
          const row = tx
            .insert(casualtyReports)
            .values({
              key: casualtyKeys[i] as string,
              claim_id: claim.id,
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
            })
            .onConflictDoUpdate({
              target: casualtyReports.key,
              set: fromExcluded(casualtyReports, [
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
              ]),
            })
            .returning({ id: casualtyReports.id })
            .get();
          casualtyIds.push(row.id);
        });
      }
    }

    indexRows(tx, [...eventId.values()], claimIds);

    tx.insert(meta)
      .values({ key: FINGERPRINT_KEY, value: fingerprint })
      .onConflictDoUpdate({ target: meta.key, set: { value: fingerprint } })
      .run();
  });
  return { written: true, fingerprint };
}
