import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';
import { WriteService } from '../src/write/service.js';
import { generator, type Known, markOf, type Write, writeUntilKilled } from './crash-load.js';
import { tempDbFile } from './helpers.js';
import { startServer, waitForReady } from './server-process.js';
import { type LoadResource, seededClaim, writeClient } from './write-load.js';

const KILLS = 100;
// A fixed seed, so the suite picks the same writes and kill moments every run (the machine's timing still varies).
const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : 13;
/** Writers at once: enough that a kill usually lands with several writes in flight. */
const CONCURRENCY = 4;

interface Entry {
  resource: LoadResource;
  id: number;
  version: number;
  action: string;
  record: Record<string, unknown>;
}

interface Check {
  integrity: string;
  lost: string[];
  halfApplied: string[];
  unexplained: string[];
  committedUnanswered: number;
  entries: number;
  known: Known[];
}

/**
 * A record as its tables hold it, in the shape its history entries keep. A
 * published actor's aliases are rows the name and every earlier name add to
 * (src/write/resources.ts), so the history's list is compared as a subset, with the name.
 */
function standing(resource: LoadResource, body: Record<string, unknown>, logged: Record<string, unknown>): Record<string, unknown> {
  if (resource !== 'actors') return body;
  const aliases = body.aliases as { alias: string; lang: string }[];
  const has = (a: { alias: string; lang: string }) => aliases.some((b) => b.alias === a.alias && b.lang === a.lang);
  const expected = [...(logged.aliases as { alias: string; lang: string }[]), { alias: String(body.name), lang: 'en' }];
  return { ...body, aliases: expected.every(has) ? logged.aliases : aliases };
}

/**
 * What the file holds after a kill, against the ledger of every write sent so far. Records are compared
 * with their history where run `run` wrote to them, or everywhere when `run` is null (after the last
 * kill): comparing all ~1,000 after each of the 100 kills took 32 s of a run, this way 7 s.
 */
function check(dbFile: string, ledger: Map<string, Write>, names: string[], run: number | null): Check {
  const raw = new Database(dbFile);
  const connection = openDatabase(dbFile, { readonly: true });
  try {
    const integrity = String(raw.pragma('integrity_check', { simple: true }));
    const foreign = raw.pragma('foreign_key_check') as unknown[];
    for (const index of ['search_events', 'search_claims']) raw.prepare(`INSERT INTO ${index}(${index}) VALUES ('integrity-check')`).run();
    const entries = (
      raw
        .prepare(
          `SELECT resource, record_id AS id, version, action, record FROM changes WHERE by IN (${names.map(() => '?').join(', ')}) ORDER BY seq`,
        )
        .all(...names) as (Omit<Entry, 'record'> & { record: string })[]
    ).map((e) => ({ ...e, record: JSON.parse(e.record) as Record<string, unknown> }));

    const byMark = new Map<string, Entry>();
    const touched = new Set<string>();
    const unexplained: string[] = foreign.length ? [`foreign_key_check: ${JSON.stringify(foreign).slice(0, 300)}`] : [];
    let committedUnanswered = 0;
    for (const e of entries) {
      const mark = markOf(e.resource, e.id, e.action, e.record);
      const write = ledger.get(mark);
      if (byMark.has(mark)) unexplained.push(`${mark}: two history entries`);
      else if (!write || write.outcome === 'refused')
        unexplained.push(`${mark}: in the history but ${write ? `refused ${write.status}` : 'never sent'}`);
      else if (write.outcome === 'unanswered') committedUnanswered++;
      if (run === null || write?.run === run) touched.add(`${e.resource}/${e.id}`);
      byMark.set(mark, e);
    }

    const lost: string[] = [];
    for (const [mark, write] of ledger) {
      if (write.outcome !== 'acknowledged' || !write.answer) continue;
      const e = byMark.get(mark);
      const { status, ...record } = e?.record ?? {};
      const same = e && e.id === write.answer.id && e.version === write.answer.version && status === write.answer.status;
      if (!same || !isDeepStrictEqual(record, write.answer.record))
        lost.push(`${mark} (${write.resource} ${write.answer.id} v${write.answer.version})`);
    }

    // None half-applied: each record stands exactly as its last history entry says, with versions 1..n and nothing else.
    const last = new Map<string, Entry>();
    const versions = new Map<string, number>();
    for (const e of entries) {
      const key = `${e.resource}/${e.id}`;
      versions.set(key, (versions.get(key) ?? 0) + 1);
      last.set(key, e);
    }
    const service = new WriteService(connection);
    const halfApplied: string[] = [];
    const known: Known[] = [];
    for (const [key, e] of last) {
      const { status, ...record } = e.record;
      known.push({ resource: e.resource, id: e.id, version: e.version, status: status as Known['status'] });
      if (versions.get(key) !== e.version) halfApplied.push(`${key}: ${versions.get(key)} entries up to version ${e.version}`);
      if (!touched.has(key)) continue;
      const state = service.state(e.resource, e.id);
      if (
        !state ||
        state.status !== status ||
        state.version !== e.version ||
        !isDeepStrictEqual(standing(e.resource, state.body, record), record)
      ) {
        halfApplied.push(`${key}: stands as ${JSON.stringify(state).slice(0, 200)}, its history says v${e.version} ${status}`);
      }
    }
    const drafts = raw.prepare(`SELECT resource || '/' || id AS key FROM records WHERE author IN (${names.map(() => '?').join(', ')})`);
    for (const { key } of drafts.all(...names) as { key: string }[])
      if (!last.has(key)) halfApplied.push(`${key}: a draft without history`);
    const published = raw.prepare("SELECT 'articles/' || id AS key FROM articles WHERE file_name LIKE 'load-%'").all() as { key: string }[];
    for (const table of ['actors', 'events', 'claims']) {
      published.push(...(raw.prepare(`SELECT '${table}/' || id AS key FROM ${table} WHERE key LIKE 'api:%'`).all() as { key: string }[]));
    }
    for (const { key } of published) if (!last.has(key)) halfApplied.push(`${key}: published without history`);
    return { integrity, lost, halfApplied, unexplained, committedUnanswered, entries: entries.length, known };
  } finally {
    connection.close();
    raw.close();
  }
}

// Each of the 100 restarts is a server start-up, 1.5 s of CPU (module loading, mostly): with the 2 cores shared
// (load average 10) starting took 233 s of a 302 s run, beyond tap's default of 120 s for a file.
t.setTimeout(900_000);

t.test(`a server under POST/PATCH load killed with SIGKILL ${KILLS} times loses no acknowledged write (seed ${seed})`, async (t) => {
  const started = performance.now();
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const setup = openDatabase(dbFile);
  const keys = { coder: createKey(setup.db, 'crash-coder', 'coder'), editor: createKey(setup.db, 'crash-editor', 'editor') };
  setup.close();
  const claim = seededClaim(dbFile);
  const random = generator(seed);
  const ledger = new Map<string, Write>();
  let known: Known[] = [];
  let final: Check | undefined;
  let integrityOk = 0;
  const spent = { starting: 0, writing: 0, checking: 0 };
  let lastAcknowledged: Write | undefined;

  for (let run = 1; run <= KILLS; run++) {
    const beforeStart = performance.now();
    const server = startServer({ DB_FILE: dbFile, WRITE_RATE_LIMIT: '1000000' });
    const origin = await waitForReady(server);
    const ready = performance.now();
    spent.starting += ready - beforeStart;
    if (lastAcknowledged?.answer) {
      // Through the restarted server too: the last write acknowledged before the kill is in the record's history
      // (read with a key, which shows the versions a record had as a draft).
      const { resource, answer } = lastAcknowledged;
      const client = writeClient(origin, 1);
      const history = await client.send('GET', `/${resource}/${answer.id}/history`, keys.editor);
      client.close();
      const versions = (history.body.data ?? []).map((h: { version: number }) => h.version);
      if (!versions.includes(answer.version)) t.fail(`after restart ${run}: ${resource} ${answer.id} has no version ${answer.version}`);
    }
    // Kill after a number of acknowledged writes, or after a delay: both land at any point of a request's life.
    const afterWrites = random() < 0.5 ? Math.floor(random() * 80) : -1;
    const afterMs = Math.floor(random() * 600);
    const kill = () => server.child.kill('SIGKILL');
    const timer = afterWrites < 0 ? setTimeout(kill, afterMs) : undefined;
    if (afterWrites === 0) kill();
    await writeUntilKilled({
      origin,
      keys,
      claim,
      run,
      random,
      ledger,
      known,
      concurrency: CONCURRENCY,
      onAcknowledged: (count) => count === afterWrites && kill(),
    });
    clearTimeout(timer);
    const exit = await server.exited;
    if (exit.signal !== 'SIGKILL') t.fail(`run ${run}: the server exited by itself (${JSON.stringify(exit)}): ${server.stderr.join('\n')}`);
    if (server.stderr.some((l) => l.trim())) t.fail(`run ${run} wrote to stderr: ${server.stderr.join('\n').slice(0, 500)}`);
    lastAcknowledged = [...ledger.values()].filter((w) => w.run === run && w.outcome === 'acknowledged').at(-1);

    const killed = performance.now();
    spent.writing += killed - ready;
    const result = check(dbFile, ledger, ['crash-coder', 'crash-editor'], run === KILLS ? null : run);
    if (result.integrity === 'ok') integrityOk++;
    else t.fail(`after kill ${run}: integrity_check says ${result.integrity}`);
    const problems = [...result.lost, ...result.halfApplied, ...result.unexplained];
    if (problems.length) t.fail(`after kill ${run}: ${problems.length} problem(s)`, { problems: problems.slice(0, 10) });
    final = result;
    spent.checking += performance.now() - killed;
    known = result.known;
  }

  const seconds = (ms: number) => Math.round(ms / 1000);
  const { lost, halfApplied, committedUnanswered, entries } = final as Check;
  const writes = [...ledger.values()];
  const count = (outcome: string) => writes.filter((w) => w.outcome === outcome).length;
  const acknowledged = count('acknowledged');
  const byAction = ['created', 'updated', 'published'].map(
    (a) => `${writes.filter((w) => w.action === a && w.outcome === 'acknowledged').length} ${a}`,
  );
  const refusals = writes.filter((w) => w.outcome === 'refused').map((w) => w.status);
  t.comment(
    `${KILLS} kills in ${seconds(performance.now() - started)} s (${seconds(spent.starting)} s starting the server, ${seconds(spent.writing)} s writing, ${seconds(spent.checking)} s checking the file): ${acknowledged} writes acknowledged (${byAction.join(', ')}), ` +
      `${lost.length} of them lost; ${count('unanswered')} unanswered at a kill, of which ${committedUnanswered} had committed; ` +
      `${refusals.length} refused (${[...new Set(refusals)].join(', ') || 'none'}); integrity_check ok after ${integrityOk} of ${KILLS} kills`,
  );
  t.equal(integrityOk, KILLS, 'PRAGMA integrity_check is ok after every kill');
  t.same(lost, [], 'every acknowledged write is in the file, with its content and history entry');
  t.same(halfApplied, [], 'every record stands as its last history entry says');
  t.equal(entries, acknowledged + committedUnanswered, 'one history entry per acknowledged write, plus those committed at a kill');
  t.ok(acknowledged >= KILLS * 5, `${acknowledged} writes were acknowledged`);
  t.ok(
    writes.every((w) => w.outcome !== 'refused' || (w.status as number) < 500),
    'no write was answered with a 5xx',
  );
});
