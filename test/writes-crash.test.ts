import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import t from 'tap';
import { prepareDatabase } from '../src/db/prepare.js';
import { tempDbFile } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KILLS = 100;
const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);

/** A small seeded generator, so a failing run is replayed with CRASH_SEED. */
function generator(start: number) {
  let s = start || 1;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

interface Ack {
  id: number;
  version: number;
  value: string;
}

/** Runs the writer until it is ready, lets it write for `ms`, kills it with SIGKILL; the writes it acknowledged. */
function runAndKill(bundle: string, dbFile: string, run: number, ms: number): Promise<{ acks: Ack[]; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [bundle, dbFile, 'crash', String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const first = out === '';
      out += chunk.toString();
      if (first) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', () => {
      const acks = out
        .split('\n')
        .filter((l) => l.startsWith('ack '))
        .map((l) => {
          const [, , , id = '', version = '', value = ''] = l.split(' ');
          return { id: Number(id), version: Number(version), value };
        });
      resolve({ acks, stderr });
    });
  });
}

// 100 restarts, each a node start-up: on a loaded 2-core machine this can come near tap's default 120 s per file.
// Named to sort after the fuzzer, whose heap measure the restarts' CPU load would otherwise disturb when tap runs both at once.
t.setTimeout(240_000);

t.test(`a writer killed with SIGKILL ${KILLS} times loses no acknowledged write (seed ${seed})`, async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  // Bundled once, so each restart costs a node start (~0.1 s) rather than a TypeScript compile.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const bundle = join(cache, 'crash-writer.mjs');
  await build({
    entryPoints: [join(ROOT, 'scripts/crash-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'silent',
  });

  const random = generator(seed);
  const all: Ack[] = [];
  let acknowledged = 0;
  let lost = 0;
  let extra = 0;
  for (let run = 1; run <= KILLS; run++) {
    const { acks, stderr } = await runAndKill(bundle, dbFile, run, 10 + Math.floor(random() * 110));
    if (stderr) t.fail(`run ${run} wrote to stderr: ${stderr.slice(0, 500)}`);
    all.push(...acks);
    acknowledged += acks.length;

    const db = new Database(dbFile);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') t.fail(`after run ${run}: integrity_check says ${integrity}`);
      const records = new Map(
        (
          db.prepare("SELECT id, body FROM records WHERE resource = 'actors' AND author = 'crash'").all() as { id: number; body: string }[]
        ).map((r) => [r.id, JSON.parse(r.body) as { note: string }]),
      );
      const history = db
        .prepare(
          "SELECT record_id AS id, version, record FROM changes WHERE resource = 'actors' AND by = 'crash' ORDER BY record_id, version",
        )
        .all() as { id: number; version: number; record: string }[];
      const versions = new Map<number, { version: number; record: string }[]>();
      for (const h of history) versions.set(h.id, [...(versions.get(h.id) ?? []), h]);
      lost = 0;
      for (const a of all) {
        const entry = (versions.get(a.id) ?? []).find((e) => e.version === a.version);
        if (!records.has(a.id) || !entry || (JSON.parse(entry.record) as { note: string }).note !== a.value) lost++;
      }
      // None half-applied: every record equals the last version its history holds.
      for (const [id, body] of records) {
        const last = versions.get(id)?.at(-1);
        const { status: _status, ...record } = JSON.parse(last?.record ?? '{}') as Record<string, unknown>;
        if (JSON.stringify(record) !== JSON.stringify(body)) t.fail(`after run ${run}: actor ${id} differs from its last history entry`);
      }
      extra = history.length - acknowledged;
    } finally {
      db.close();
    }
  }
  t.comment(
    `${KILLS} kills, ${acknowledged} acknowledged writes, ${lost} lost, ${extra} committed in the instant before a kill but unacknowledged`,
  );
  t.ok(acknowledged > KILLS, `${acknowledged} writes were acknowledged`);
  t.equal(lost, 0, 'every acknowledged write is present, with its history entry');
  t.ok(extra >= 0 && extra <= KILLS, 'the history has one entry per write: at most one committed-but-unacknowledged write per kill');
});
