import { count, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { type Db, migrationLevel, sqliteOf } from '../db/client.js';
import {
  actorAliases,
  actors,
  articles,
  casualtyReports,
  claimEvents,
  claims,
  eventActors,
  events,
  figures,
  locationAliases,
  locations,
} from '../db/schema.js';

const COUNTED_TABLES: SQLiteTable[] = [
  articles,
  claims,
  events,
  actors,
  actorAliases,
  locations,
  locationAliases,
  casualtyReports,
  figures,
  claimEvents,
  eventActors,
];

export interface DatabaseFacts {
  migrationLevel: number;
  counts: Record<string, number>;
}

/**
 * The migration level and row counts, recounted only when SQLite's
 * `data_version` says another connection has committed since the last count
 * (the API's connection is read-only, so nothing else changes them). Counting
 * every table took 0.3 s on a 2.5 M-event file; a load balancer probing every
 * few seconds would otherwise keep a core busy.
 */
export function databaseFacts(db: Db): () => DatabaseFacts {
  const sqlite = sqliteOf(db);
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let countedAt: unknown;
  let facts: DatabaseFacts | undefined;
  return () => {
    const version = dataVersion.get();
    if (facts === undefined || version !== countedAt) {
      const counts: Record<string, number> = {};
      for (const table of COUNTED_TABLES) counts[getTableName(table)] = db.select({ n: count() }).from(table).get()?.n ?? 0;
      facts = { migrationLevel: migrationLevel(sqlite), counts };
      countedAt = version;
    }
    return facts;
  };
}
