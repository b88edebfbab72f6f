import type Database from 'better-sqlite3';
import { eq, getTableName } from 'drizzle-orm';
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
  figures,
  locationAliases,
  locations,
} from '../db/schema.js';
import { type AliasLanguage, createRowWriters, WRITTEN_COLUMNS } from '../db/writers.js';
import type { WritableResource } from '../schemas/writes.js';
import { indexRows } from '../search/index.js';

/** A record in the shape the write endpoints take (see src/schemas/writes.ts). */
export type Body = Record<string, unknown>;

/**
 * How each writable resource maps onto its table: the columns a body sets,
 * the rows that belong to the record (links, aliases) and the full-text index.
 */
interface TableSpec {
  table: SQLiteTable & { id: SQLiteColumn };
  /** The unique key column: seed slugs, `api:<resource>:<id>` for records made through the API. */
  keyColumn: 'key' | 'file_name' | null;
  columns: readonly string[];
  loadExtra?(db: Db, id: number): Body;
  writeExtra?(sqlite: Database.Database, id: number, body: Body): void;
  index?: 'event' | 'claim';
}

const aliasesOf = (db: Db, table: typeof actorAliases | typeof locationAliases, owner: SQLiteColumn, id: number) =>
  db.select({ alias: table.alias, lang: table.lang }).from(table).where(eq(owner, id)).orderBy(table.id).all();

/** As the seed does: the name, the Arabic name and every alias, once each. */
function writeAliases(add: (id: number, text: string, lang: AliasLanguage) => void, id: number, body: Body): void {
  const seen = new Map<string, AliasLanguage>();
  seen.set(String(body.name).normalize('NFC'), 'en');
  if (body.name_ar) seen.set(String(body.name_ar).normalize('NFC'), 'ar');
  for (const a of (body.aliases ?? []) as { alias: string; lang: AliasLanguage }[]) seen.set(a.alias.normalize('NFC'), a.lang);
  for (const [text, lang] of seen) add(id, text, lang);
}

/** A writer's columns less the seed's key, which the write API sets itself. */
const ownColumns = (columns: readonly string[]) => columns.filter((column) => column !== 'key');

export const TABLES: Record<WritableResource, TableSpec> = {
  articles: {
    table: articles,
    keyColumn: null,
    columns: ownColumns(WRITTEN_COLUMNS.articles),
  },
  claims: {
    table: claims,
    keyColumn: 'key',
    columns: ownColumns(WRITTEN_COLUMNS.claims),
    loadExtra: (db, id) => ({
      event_ids: db
        .select({ id: claimEvents.event_id })
        .from(claimEvents)
        .where(eq(claimEvents.claim_id, id))
        .orderBy(claimEvents.event_id)
        .all()
        .map((r) => r.id),
    }),
    writeExtra: (sqlite, id, body) => {
      const write = createRowWriters(sqlite);
      const keep = body.event_ids as number[];
      write.pruneClaimEvents(id, keep);
      for (const eventId of keep) write.linkClaimEvent(id, eventId);
    },
    index: 'claim',
  },
  events: {
    table: events,
    keyColumn: 'key',
    columns: ownColumns(WRITTEN_COLUMNS.events),
    loadExtra: (db, id) => ({
      actors: db
        .select({ actor_id: eventActors.actor_id, role: eventActors.role })
        .from(eventActors)
        .where(eq(eventActors.event_id, id))
        .orderBy(eventActors.role, eventActors.actor_id)
        .all(),
    }),
    writeExtra: (sqlite, id, body) => {
      const write = createRowWriters(sqlite);
      write.clearEventActors(id);
      for (const a of body.actors as { actor_id: number; role: string }[]) write.addEventActor(id, a.actor_id, a.role);
    },
    index: 'event',
  },
  'casualty-reports': {
    table: casualtyReports,
    keyColumn: 'key',
    columns: ownColumns(WRITTEN_COLUMNS['casualty-reports']),
  },
  figures: {
    table: figures,
    keyColumn: 'key',
    columns: ownColumns(WRITTEN_COLUMNS.figures),
  },
  actors: {
    table: actors,
    keyColumn: 'key',
    columns: [...ownColumns(WRITTEN_COLUMNS.actors), 'parent_id'],
    loadExtra: (db, id) => ({
      aliases: aliasesOf(db, actorAliases, actorAliases.actor_id, id),
    }),
    writeExtra: (sqlite, id, body) => {
      const write = createRowWriters(sqlite);
      write.clearActorAliases([id]);
      writeAliases(write.addActorAlias, id, body);
    },
  },
  locations: {
    table: locations,
    keyColumn: 'key',
    columns: [...ownColumns(WRITTEN_COLUMNS.locations), 'parent_id'],
    loadExtra: (db, id) => ({
      aliases: aliasesOf(db, locationAliases, locationAliases.location_id, id),
    }),
    writeExtra: (sqlite, id, body) => {
      const write = createRowWriters(sqlite);
      write.clearLocationAliases([id]);
      writeAliases(write.addLocationAlias, id, body);
    },
  },
};

export const tableName = (resource: WritableResource) => getTableName(TABLES[resource].table);

/** A published record as a write body, or null when its table has no such row. */
export function loadPublished(db: Db, resource: WritableResource, id: number): Body | null {
  const spec = TABLES[resource];
  const row = db.select().from(spec.table).where(eq(spec.table.id, id)).get() as Body | undefined;
  if (!row) return null;
  const body: Body = {};
  for (const c of spec.columns) body[c] = row[c] ?? null;
  return { ...body, ...spec.loadExtra?.(db, id) };
}

const bound = (value: unknown) => (value === undefined ? null : value);

/**
 * Writes a record into its table under its id: an insert when it is published,
 * an update when it is edited. Columns are the spec's; values are bound.
 */
export function writePublished(sqlite: Database.Database, resource: WritableResource, id: number, body: Body, insert: boolean): void {
  const spec = TABLES[resource];
  const table = tableName(resource);
  const columns = spec.columns;
  if (insert) {
    const names = ['id', ...(spec.keyColumn === 'key' ? ['key'] : []), ...columns];
    const values = [id, ...(spec.keyColumn === 'key' ? [`api:${resource}:${id}`] : []), ...columns.map((c) => bound(body[c]))];
    sqlite.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(values);
  } else {
    sqlite
      .prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
      .run([...columns.map((c) => bound(body[c])), id]);
  }
  spec.writeExtra?.(sqlite, id, body);
  if (spec.index === 'event') indexRows(sqlite, [id], []);
  if (spec.index === 'claim') indexRows(sqlite, [], [id]);
}

/** Takes a retracted record out of its table (and its search index); its own links and aliases go with it. */
export function removePublished(sqlite: Database.Database, resource: WritableResource, id: number): void {
  const spec = TABLES[resource];
  if (spec.index === 'event') sqlite.prepare('DELETE FROM search_events WHERE rowid = ?').run(id);
  if (spec.index === 'claim') sqlite.prepare('DELETE FROM search_claims WHERE rowid = ?').run(id);
  sqlite.prepare(`DELETE FROM ${tableName(resource)} WHERE id = ?`).run(id);
}

/**
 * A new id for a record that is still a draft: taken from the table's own
 * AUTOINCREMENT sequence, so the seed loader and later publications never hand
 * the same id to another row.
 */
export function allocateId(sqlite: Database.Database, resource: WritableResource): number {
  const table = tableName(resource);
  const bumped = sqlite.prepare('UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = ? RETURNING seq').pluck().get(table) as
    | number
    | undefined;
  if (bumped !== undefined) return bumped;
  sqlite.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, 1)').run(table);
  return 1;
}
