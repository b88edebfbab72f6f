import { ensureSearchIndex } from '../search/index.js';
import type { SeedResult } from '../seed/load.js';
import { SEED_DIR, seedSourceHash } from '../seed/source.js';
import { type DatabaseConnection, inspectDatabaseFile, migrateDatabase, openDatabase } from './client.js';
import { ensureReadModel } from './read-model.js';

/** Defined true by scripts/build-server.ts: the compiled server runs without a TypeScript loader. */
declare const SERVER_BUILD: boolean | undefined;

/** The seed source hash (src/seed/source.ts) and the fingerprint of the corpus it gave, the last time the seed was checked. */
const SEED_SOURCE_KEY = 'seed_source';

/**
 * Brings a database file up to date: applies pending migrations, then loads the
 * hand-coded seed unless the file already holds exactly this seed.
 *
 * The file is inspected read-only first, so a file that is not this API's
 * database, or was migrated by a newer build, is refused (DatabaseFileError)
 * before anything is written to it.
 */
export async function prepareDatabase(
  file: string,
  options: { seedDir?: string } = {},
): Promise<SeedResult & { migrateMs: number; seedMs: number; migrationsApplied: number; apiEditsKept: number }> {
  const before = file === ':memory:' ? { applied: 0, known: 0 } : inspectDatabaseFile(file);
  const database = openDatabase(file);
  try {
    const t0 = performance.now();
    migrateDatabase(database.db);
    const t1 = performance.now();
    const seedDir = options.seedDir ?? SEED_DIR;
    const source = seedSourceHash(seedDir);
    const result = seedUnchanged(database, source) ?? (await loadSeed(database, seedDir, source));
    ensureSearchIndex(database.db);
    ensureReadModel(database.db);
    return {
      ...result,
      migrateMs: t1 - t0,
      seedMs: performance.now() - t1,
      migrationsApplied: before.known - before.applied,
    };
  } finally {
    database.close();
  }
}

/**
 * The file holds the corpus that this seed source gave when it was last
 * loaded or compared, and still has that corpus' fingerprint: nothing to
 * write, and no need to import and parse the seed, which took 40-130 ms of
 * each start-up on the 200,000-event file (2-3 ms without). Null when either
 * differs (a deleted fingerprint forces a reload).
 */
function seedUnchanged(database: DatabaseConnection, source: string): (SeedResult & { apiEditsKept: number }) | null {
  const value = database.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  // The key src/seed/load.ts keeps the fingerprint under, read here without loading that module.
  const fingerprint = value.get('seed_fingerprint') as string | undefined;
  if (fingerprint === undefined || value.get(SEED_SOURCE_KEY) !== `${source} ${fingerprint}`) return null;
  return { written: false, fingerprint, apiEditsKept: 0 };
}

async function loadSeed(database: DatabaseConnection, seedDir: string, source: string): Promise<SeedResult & { apiEditsKept: number }> {
  // Loaded only here: the seed's own modules, its parser and the writers are not needed when the seed is unchanged.
  const [{ loadCorpus }, { seedDatabase }, { keepApiEdits }] = await Promise.all([
    import('../seed/corpus.js'),
    import('../seed/load.js'),
    import('../write/seed-guard.js'),
  ]);
  // The seed's modules are TypeScript: the compiled server registers tsx to read them, and only then.
  const unregister = typeof SERVER_BUILD === 'undefined' ? null : (await import('tsx/esm/api')).register();
  let corpus: Awaited<ReturnType<typeof loadCorpus>>;
  try {
    corpus = await loadCorpus(seedDir);
  } finally {
    await unregister?.();
  }
  const result = seedDatabase(database.db, corpus);
  // A changed seed leaves coders' edits of seeded records in place (see src/write/seed-guard.ts).
  const apiEditsKept = result.written ? keepApiEdits(database.db) : 0;
  database.sqlite
    .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(SEED_SOURCE_KEY, `${source} ${result.fingerprint}`);
  return { ...result, apiEditsKept };
}
