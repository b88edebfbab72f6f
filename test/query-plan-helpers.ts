import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { generateSynthetic } from '../src/synth/generate.js';

/** What the query-plan guards share: the statement recorder, the scan detector and the generated file. */

export type Recorded = { sql: string; params: unknown[] };

export const BIG_TABLES = [
  'events',
  'claims',
  'event_actors',
  'claim_events',
  'casualty_reports',
  'event_place_closure',
  'event_actor_closure',
];

const METHODS = ['all', 'get', 'run', 'iterate'] as const;

/**
 * Records every statement the app's read connection runs (text and
 * parameters) while `run` executes. The connection hands back statements it
 * prepared before and some queries are prepared once per connection
 * (src/db/prepared.ts), so neither passes through `prepare` during the run:
 * the methods of better-sqlite3's Statement prototype are wrapped instead, and
 * restored after.
 */
export async function recordStatements(app: FastifyInstance, run: () => Promise<void>): Promise<Recorded[]> {
  const sqlite = app.database.sqlite;
  const prototype = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>;
  const originals = METHODS.map((method) => [method, prototype[method]] as const);
  const seen: Recorded[] = [];
  for (const [method, original] of originals) {
    prototype[method] = function (this: Database.Statement, ...params: unknown[]) {
      if (this.database === sqlite) seen.push({ sql: this.source, params });
      return original.apply(this, params);
    };
  }
  try {
    await run();
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
  return seen;
}

/** The big tables a statement reads whole, by the aliases each goes by in the query modules (from EXPLAIN QUERY PLAN). */
export function fullScans(db: Database.Database, statement: Recorded): string[] {
  const aliases = new Map<string, string>();
  for (const m of statement.sql.matchAll(
    /\b(events|claims|event_actors|claim_events|casualty_reports|event_place_closure|event_actor_closure)"?\s+(?:AS\s+)?"?([a-z]{1,3})\b/gi,
  )) {
    aliases.set((m[2] as string).toLowerCase(), m[1] as string);
  }
  return planOf(db, statement).filter((detail) => {
    const m = /^SCAN (\w+)(.*)$/.exec(detail);
    if (!m) return false;
    const table = aliases.get((m[1] as string).toLowerCase()) ?? (m[1] as string);
    return BIG_TABLES.includes(table) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2] as string);
  });
}

/** EXPLAIN QUERY PLAN of a recorded statement, one line per step. */
export function planOf(db: Database.Database, statement: Recorded): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as { detail: string }[]).map((r) => r.detail);
}

/** The ids of these actors or places and of everything below them: what a plain reference query filters by. */
export function subtree(db: Database.Database, table: 'actors' | 'locations', ids: number[]): number[] {
  return db
    .prepare(
      `WITH RECURSIVE t(id) AS (SELECT value FROM json_each(?) UNION SELECT x.id FROM ${table} x JOIN t ON x.parent_id = t.id) SELECT id FROM t`,
    )
    .pluck()
    .all(JSON.stringify(ids)) as number[];
}

/** A statement's text on one line, shortened for a test message. */
export const brief = (s: Recorded) => s.sql.replace(/\s+/g, ' ').slice(0, 200);

let synthetic: Promise<string> | undefined;
/** A generated file large enough that the planner meets popular and rare filters (a few seconds to build), shared by a file's tests. */
export function syntheticDbFile(): Promise<string> {
  if (!synthetic) {
    const dir = mkdtempSync(join(tmpdir(), 'claims-synth-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'synth.db');
    synthetic = generateSynthetic(file, { events: 20_000, seed: 7, actors: 300, locations: 3000, verify: true }).then(() => file);
  }
  return synthetic;
}
