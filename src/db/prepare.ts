import { ensureSearchIndex } from '../search/index.js';
import { loadCorpus, SEED_DIR } from '../seed/corpus.js';
import { type SeedResult, seedDatabase } from '../seed/load.js';
import { keepApiEdits } from '../write/seed-guard.js';
import { inspectDatabaseFile, migrateDatabase, openDatabase } from './client.js';
import { ensureReadModel } from './read-model.js';

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
    const result = seedDatabase(database.db, await loadCorpus(options.seedDir ?? SEED_DIR));
    // A changed seed leaves coders' edits of seeded records in place (see src/write/seed-guard.ts).
    const apiEditsKept = result.written ? keepApiEdits(database.db) : 0;
    ensureSearchIndex(database.db);
    ensureReadModel(database.db);
    return {
      ...result,
      apiEditsKept,
      migrateMs: t1 - t0,
      seedMs: performance.now() - t1,
      migrationsApplied: before.known - before.applied,
    };
  } finally {
    database.close();
  }
}
