import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Queries are written in SQL or drizzle's query builder against the tables of ./schema.ts; the relational `db.query` API is not used. */
export type Db = BetterSQLite3Database;

/** An open SQLite file: the raw better-sqlite3 handle, drizzle over it, and how to close both. */
export interface DatabaseConnection {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

/** A database file the API must not open or change: not SQLite, another application's, or made by a newer build. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

/**
 * Opens a SQLite file with the settings every connection uses.
 *
 * Writable (migrations, seed): created if needed, foreign keys enforced, WAL so
 * readers never block on the writer. Read-only (the API): SQLite itself refuses
 * every write, so no bug in a route can change the data; an in-memory database
 * cannot be opened read-only and gets `query_only` instead.
 */
export function openDatabase(file: string, options: { readonly?: boolean; durable?: boolean } = {}): DatabaseConnection {
  let sqlite: Database.Database;
  if (options.readonly) {
    if (file === ':memory:') {
      sqlite = new Database(file);
      sqlite.pragma('query_only = ON');
    } else {
      try {
        sqlite = new Database(file, { readonly: true, fileMustExist: true });
      } catch (error) {
        throw new DatabaseFileError(`Cannot open ${file} read-only: ${(error as Error).message}`);
      }
    }
    sqlite.pragma('busy_timeout = 5000');
  } else {
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // NORMAL (the migrations, the seed: rerun at start-up if lost) or FULL for the API's writer: see src/plugins/writer.ts.
    sqlite.pragma(options.durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
  }
  reuseStatements(sqlite);
  const db = drizzle(sqlite);
  return { sqlite, db, close: () => sqlite.close() };
}

/** Statements kept per connection; a request's queries take a few dozen distinct texts, an IN list of n ids one per n. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle prepares a new statement for every query it runs. This connection
 * hands back the statement it prepared last time for the same SQL text
 * (least recently used first out), with its result modes reset, unless that
 * statement is still iterating. On a 200,000-event file that took a page of
 * /events from 5.0 to 3.1 ms. A statement kept with a mode set (a pluck-mode
 * PRAGMA, a Drizzle prepared query) is prepared once by its holder
 * (src/db/prepared.ts), so no later prepare resets the mode under it.
 */
function reuseStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const kept = statements.get(source);
    if (kept && !kept.busy) {
      statements.delete(source);
      statements.set(source, kept);
      if (kept.reader) kept.raw(false).pluck(false).expand(false);
      return kept;
    }
    const statement = prepare(source);
    if (!kept) {
      statements.set(source, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Applies every migration in migrations/ that the file has not seen yet.
 * drizzle-kit changes a table's CHECKs by rebuilding it (copy, DROP, rename)
 * between `PRAGMA foreign_keys=OFF/ON` lines, but that pragma is a no-op inside
 * the migrator's transaction: with enforcement on, the DROP would delete the
 * rows that cascade from it or fail on the others. So enforcement is off while
 * migrating, and the result is checked before it is turned back on.
 */
export function migrateDatabase(db: Db): void {
  const sqlite = (db as Db & { $client: Database.Database }).$client;
  const enforced = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    const before = migrationLevel(sqlite);
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    // The check reads every row of every table (2-3 s on a 200,000-event file under load, far more at 2.5 M):
    // only a migration that ran can have broken a reference.
    if (migrationLevel(sqlite) === before) return;
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(`migration left ${broken.length} foreign key violation(s): ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    if (enforced) sqlite.pragma('foreign_keys = ON');
  }
}

/** How many migrations the file has applied (drizzle's own journal table). */
export function migrationLevel(sqlite: Database.Database): number {
  const row = sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() as {
    n: number;
  };
  if (row.n === 0) return 0;
  return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

interface DatabaseFileState {
  /** False for a missing or empty file: migrations create everything. */
  exists: boolean;
  /** Migrations the file has applied. */
  applied: number;
  /** Migrations this build knows. */
  known: number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const UNTOUCHED = 'Refusing to open it; the file has not been changed.';

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, header, 0, header.length, 0);
    return header;
  } finally {
    closeSync(fd);
  }
}

/**
 * Looks at a database file without changing it and says how far it is
 * migrated. Throws a DatabaseFileError naming the problem for a file that is
 * not SQLite (or is damaged), one that holds another application's tables, or
 * one migrated by a build that knows migrations this one does not.
 */
export function inspectDatabaseFile(file: string): DatabaseFileState {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  const known = migrations.length;
  if (!existsSync(file) || statSync(file).size === 0) return { exists: false, applied: 0, known };
  if (!readHeader(file).equals(SQLITE_HEADER)) {
    throw new DatabaseFileError(`${file} is not a SQLite database (it does not start with the SQLite header). ${UNTOUCHED}`);
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .pluck()
      .all() as string[];
    if (tables.length === 0) return { exists: true, applied: 0, known };
    if (!tables.includes('__drizzle_migrations')) {
      const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
      throw new DatabaseFileError(
        `${file} is a SQLite database but not one of this API: it has tables (${shown}) and no migration journal (__drizzle_migrations). ${UNTOUCHED}`,
      );
    }
    const applied = sqlite.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at').all() as {
      hash: string;
      created_at: number | string;
    }[];
    const knownTimes = new Set(migrations.map((m) => m.folderMillis));
    const unknown = applied.filter((m) => !knownTimes.has(Number(m.created_at)));
    if (unknown.length > 0) {
      const latest = new Date(Number(unknown[unknown.length - 1]?.created_at)).toISOString();
      throw new DatabaseFileError(
        `${file} was migrated by a newer build: it has ${unknown.length} migration(s) this build does not know (the latest generated ${latest}); run a build that knows them, or use another DB_FILE. ${UNTOUCHED}`,
      );
    }
    return { exists: true, applied: applied.length, known };
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    throw new DatabaseFileError(`${file} cannot be read as a SQLite database (${(error as Error).message}). ${UNTOUCHED}`);
  } finally {
    sqlite?.close();
  }
}

/** The better-sqlite3 connection under a drizzle handle (drizzle() attaches it as `$client`). */
export function sqliteOf(db: Db): Database.Database {
  return (db as Db & { $client: Database.Database }).$client;
}
