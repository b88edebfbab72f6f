import { migrateDatabase, openDatabase } from '../db/client.js';
import { rebuildReadModel } from '../db/read-model.js';
import { createRowWriters, type RowWriters } from '../db/writers.js';
import { ensureSearchIndex } from '../search/index.js';
import { loadCorpus } from '../seed/corpus.js';
import { seedDatabase } from '../seed/load.js';
import { Calendar } from './calendar.js';
import { EventWriter } from './events.js';
import { Random } from './random.js';
import { SearchBuilder } from './search-build.js';
import { buildWorld, type World, type WorldActor, type WorldLocation } from './world.js';

export interface SynthOptions {
  events: number;
  seed: number;
  actors: number;
  locations: number;
  /** Events per transaction. */
  batch?: number;
  /** Run integrity_check (which includes CHECK constraints) and foreign_key_check on the finished file. */
  verify?: boolean;
  onStage?: (stage: string) => void;
  onProgress?: (eventsWritten: number) => void;
}

export interface SynthReport {
  counts: Record<string, number>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/**
 * The tables the event loop fills. Their indexes (the unique key indexes too: rows are appended, never
 * upserted) are built once at the end instead of row by row; rebuilding a unique index re-checks every key.
 */
const BULK_TABLES = ['events', 'event_actors', 'claims', 'claim_events', 'casualty_reports', 'articles'];

/**
 * Writes a synthetic data set of realistic shape into a migrated database
 * file, through the same row writers as the seed loader. The hand-coded seed
 * is loaded first, so the API starts on the file without writing anything.
 */
export async function generateSynthetic(file: string, options: SynthOptions): Promise<SynthReport> {
  const timings: Record<string, number> = {};
  const begun = performance.now();
  let mark = begun;
  const stage = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  options.onStage?.('schema and hand-coded seed');
  const database = openDatabase(file);
  const { sqlite, db } = database;
  let search: SearchBuilder | null = null;
  try {
    migrateDatabase(db);
    seedDatabase(db, await loadCorpus());
    ensureSearchIndex(db);
    stage('schema_and_seed');

    // A new file nobody reads until it is finished: no WAL copy, no fsync, and neither foreign-key lookups nor
    // CHECK expressions per row. The generator links only rows it has just written and draws every value from
    // the domain lists; `verify` (and the test suite, on a small file) runs integrity_check and foreign_key_check.
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.pragma('ignore_check_constraints = ON');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('threads = 2');
    const deferred = sqlite
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(BULK_TABLES)) as { name: string; sql: string }[];
    for (const index of deferred) sqlite.exec(`DROP INDEX ${index.name}`);

    options.onStage?.('actors and places');
    const random = new Random(options.seed);
    const world = buildWorld(random.fork(10), { actors: options.actors, locations: options.locations });
    const rows = createRowWriters(sqlite, 'append');
    sqlite.transaction(() => writeWorld(rows, world))();
    stage('world');

    options.onStage?.('events, claims and casualty reports');
    search = new SearchBuilder(sqlite, `${file}.search`);
    const writer = new EventWriter(sqlite, rows, world, random.fork(20), new Calendar(), search);
    await writer.run(options.events, options.batch ?? 20_000, options.onProgress);
    search.finish();
    stage('events');

    options.onStage?.('indexes');
    for (const index of deferred) sqlite.exec(index.sql);
    stage('indexes');

    options.onStage?.('read model');
    rebuildReadModel(db);
    stage('read_model');

    // The worker merged its index while the indexes and the read model were built: what is left is its wait and the copy.
    options.onStage?.('full-text index');
    await search.copyInto(sqlite);
    search = null;
    stage('search_merge');

    options.onStage?.('statistics');
    sqlite.pragma('analysis_limit = 2000');
    sqlite.exec('ANALYZE');
    stage('analyze');

    sqlite.pragma('ignore_check_constraints = OFF');
    sqlite.pragma('foreign_keys = ON');
    if (options.verify) {
      options.onStage?.('verify');
      const problems = [
        ...(sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok'),
        ...(sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map(
          (r) => `${r.table} row ${r.rowid}: no ${r.parent} row`,
        ),
      ];
      if (problems.length) throw new Error(`the generated file fails its checks:\n  ${problems.slice(0, 20).join('\n  ')}`);
      stage('verify');
    }
    timings.total = Math.round(performance.now() - begun);
    createRowWriters(sqlite).setMeta(
      'synth_report',
      JSON.stringify({
        events: options.events,
        seed: options.seed,
        actors: options.actors,
        locations: options.locations,
        seconds: timings.total / 1000,
        stage_ms: timings,
      }),
    );
    sqlite.pragma('journal_mode = WAL');
    const counts: Record<string, number> = {};
    for (const table of [
      'events',
      'claims',
      'claim_events',
      'casualty_reports',
      'event_actors',
      'articles',
      'actors',
      'actor_aliases',
      'locations',
      'location_aliases',
    ]) {
      counts[table] = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return { counts, timings };
  } finally {
    await search?.abort();
    database.close();
  }
}

function writeWorld(rows: RowWriters, world: World): void {
  for (const a of world.actors) a.id = rows.upsertActor({ key: a.key, name: a.name, name_ar: a.name_ar, kind: a.kind, note: null });
  for (const a of world.actors) if (a.parent !== null) rows.setActorParent(a.id, (world.actors[a.parent] as WorldActor).id);
  for (const a of world.actors) {
    rows.addActorAlias(a.id, a.name, 'en');
    rows.addActorAlias(a.id, a.name_ar, 'ar');
    for (const alias of a.aliases) rows.addActorAlias(a.id, alias.text, alias.lang);
  }
  for (const l of world.locations) {
    l.id = rows.upsertLocation({
      key: l.key,
      name: l.name,
      name_ar: l.name_ar,
      kind: l.kind,
      lat: l.lat,
      lon: l.lon,
      geo_precision: l.geo_precision,
      coord_source: l.coord_source,
      geonames_id: l.geonames_id,
      pcode: null,
      note: l.coord_source === 'gazetteer' ? 'Synthetic place: invented name and coordinates.' : null,
    });
  }
  for (const l of world.locations) if (l.parent !== null) rows.setLocationParent(l.id, (world.locations[l.parent] as WorldLocation).id);
  for (const l of world.locations) {
    rows.addLocationAlias(l.id, l.name, 'en');
    rows.addLocationAlias(l.id, l.name_ar, 'ar');
    for (const alias of l.aliases) rows.addLocationAlias(l.id, alias.text, alias.lang);
  }
}
