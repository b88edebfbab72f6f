import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { prepareDatabase } from '../src/db/prepare.js';

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
