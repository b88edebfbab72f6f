import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The generator's full-text indexer, on a worker thread: it builds the two
 * FTS5 tables in a file of their own while the main thread writes the rows
 * (src/synth/search-build.ts copies the finished index into the output file).
 * Messages: `rows` (a table, rowids and the folded bodies joined by newlines,
 * which folded text never holds; acknowledged with `ack`), then `finish`
 * (merge to one segment, answered with `done`).
 */
export interface SearchWorkerData {
  file: string;
  /** The CREATE VIRTUAL TABLE statements of the output file's full-text tables. */
  tables: { name: string; sql: string }[];
}

export type SearchWorkerMessage = { type: 'rows'; table: string; ids: Float64Array; bodies: string } | { type: 'finish' };

const { file, tables } = workerData as SearchWorkerData;
const port = parentPort;
if (!port) throw new Error('search-worker runs as a worker thread');

const sqlite = new Database(file);
sqlite.pragma('journal_mode = OFF');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('cache_size = -131072');
const inserts = new Map<string, Database.Statement>();
for (const table of tables) {
  sqlite.exec(table.sql);
  // Large in-memory segments and no merging while rows stream in; one merge at the end. FTS5 takes these as
  // integers only, and better-sqlite3 binds a number as a real.
  sqlite
    .prepare(`INSERT INTO "${table.name}" ("${table.name}", rank) VALUES ('hashsize', ?), ('automerge', 0)`)
    .run(BigInt(64 * 1024 * 1024));
  inserts.set(table.name, sqlite.prepare(`INSERT INTO "${table.name}" (rowid, body) VALUES (?, ?)`));
}

const insertRows = sqlite.transaction((insert: Database.Statement, ids: Float64Array, joined: string) => {
  const bodies = joined.split('\n');
  if (bodies.length !== ids.length) throw new Error(`search-worker: ${ids.length} rowids but ${bodies.length} bodies`);
  for (let i = 0; i < ids.length; i++) insert.run(ids[i], bodies[i]);
});

port.on('message', (message: SearchWorkerMessage) => {
  if (message.type === 'rows') {
    const insert = inserts.get(message.table);
    if (!insert) throw new Error(`search-worker: no full-text table ${message.table}`);
    insertRows(insert, message.ids, message.bodies);
    port.postMessage('ack');
    return;
  }
  for (const table of tables) {
    sqlite.prepare(`INSERT INTO "${table.name}" ("${table.name}") VALUES ('optimize')`).run();
    // The settings the API's writer works with: small segments, merged as they come.
    sqlite.prepare(`INSERT INTO "${table.name}" ("${table.name}", rank) VALUES ('hashsize', ?), ('automerge', 4)`).run(BigInt(1024 * 1024));
  }
  sqlite.close();
  port.postMessage('done');
});
