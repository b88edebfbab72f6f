import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';

/** A path for a new SQLite file in a private temporary directory, removed when the test ends. */
export function tempDbFile(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'claims-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'claims.db');
}

let shared: Promise<string> | undefined;

/** One migrated and seeded database per test file, shared by its tests (they only read); removed when the process exits. */
export function seededDbFile(): Promise<string> {
  if (!shared) {
    const dir = mkdtempSync(join(tmpdir(), 'claims-test-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'claims.db');
    shared = prepareDatabase(file).then(() => file);
  }
  return shared;
}

/** The app on the real seeded data, closed when the test ends. */
export async function seededApp(t: { teardown(fn: () => Promise<void> | void): void }): Promise<FastifyInstance> {
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  return app;
}

/** A fresh seeded file with a coder, a second coder and an editor key. */
export async function writableApp(t: { teardown(fn: () => unknown): void }) {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const keys = {
    coder: createKey(database.db, 'coder1', 'coder'),
    coder2: createKey(database.db, 'coder2', 'coder'),
    editor: createKey(database.db, 'editor1', 'editor'),
    editor2: createKey(database.db, 'editor2', 'editor'),
  };
  database.close();
  const app = await buildApp({ dbFile });
  t.teardown(() => app.close());
  return { app, keys, dbFile };
}
