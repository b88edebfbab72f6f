import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import { type DatabaseConnection, DatabaseFileError, inspectDatabaseFile, MIGRATIONS_DIR, openDatabase } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseConnection;
  }
}

export interface DatabasePluginOptions {
  /** SQLite file, already migrated and seeded (see prepareDatabase); `:memory:` gives an empty database (for the spec). */
  dbFile: string;
}

/** How many migrations this build knows (drizzle-kit's journal). */
export function migrationsAvailable(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Refuses a file the API cannot serve: missing, not this API's, made by a newer build, or not yet migrated. */
function assertServable(file: string): void {
  if (file === ':memory:') return;
  const state = inspectDatabaseFile(file);
  if (!state.exists)
    throw new DatabaseFileError(`${file} does not exist or is empty; \`npm start\` (prepareDatabase) creates and seeds it`);
  if (state.applied < state.known) {
    throw new DatabaseFileError(
      `${file} has ${state.applied} of the ${state.known} migrations this build needs; \`npm start\` (prepareDatabase) applies them`,
    );
  }
}

/** `app.database`: the file opened read-only (SQLite refuses every write), closed with the app. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, options) => {
    assertServable(options.dbFile);
    const database = openDatabase(options.dbFile, { readonly: true });
    app.decorate('database', database);
    app.addHook('onClose', async () => database.close());
  },
  { name: 'database', fastify: '5.x' },
);
