import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { DatabaseFileError, inspectDatabaseFile, MIGRATIONS_DIR } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { tempDbFile } from './helpers.js';
import { startServer } from './server-process.js';

/** Exit code and stderr of a server that is expected to refuse to start. */
async function refusal(dbFile: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const server = startServer({ DB_FILE: dbFile, ...env });
  // A server that hangs instead of refusing is killed, and its exit code (none) fails the test.
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 60_000);
  const { code } = await server.exited;
  clearTimeout(timer);
  return { code, stderr: server.stderr.join('\n') };
}

/** The file's bytes and the directory's listing, to show that a refused file is left exactly as it was. */
function snapshot(file: string) {
  return { bytes: readFileSync(file), files: readdirSync(dirname(file)).sort() };
}

t.test('start-up refuses a file that is not SQLite, untouched', async (t) => {
  const file = tempDbFile(t);
  const bytes = Buffer.alloc(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
  writeFileSync(file, bytes);
  const before = snapshot(file);
  const result = await refusal(file);
  t.equal(result.code, 1, 'exit code 1');
  t.match(result.stderr, /Cannot start: .*is not a SQLite database/, 'a one-line reason');
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
  t.same(snapshot(file), before, 'the file is byte-identical and nothing was created beside it');
});

t.test('start-up refuses a bad PORT or a DB_FILE that is a directory, in one line naming the variable', async (t) => {
  const file = tempDbFile(t);
  for (const port of ['abc', '70000']) {
    const result = await refusal(file, { PORT: port });
    t.equal(result.code, 1, `PORT=${port}: exit code 1`);
    t.match(result.stderr, new RegExp(`^Cannot start: PORT must be a port number from 0 to 65535.*not '${port}'`), 'a one-line reason');
    t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
    t.same(readdirSync(dirname(file)), [], 'no database file was created');
  }
  const directory = dirname(file);
  const result = await refusal(directory);
  t.equal(result.code, 1, 'DB_FILE=<a directory>: exit code 1');
  t.match(result.stderr, /^Cannot start: DB_FILE must be the path of a SQLite file, not '.*' \(it is a directory\)$/, 'a one-line reason');
  t.same(readdirSync(directory), [], 'nothing was written into the directory');
});

t.test('start-up refuses another application’s SQLite file, untouched', async (t) => {
  const file = tempDbFile(t);
  const foreign = new Database(file);
  foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5), (99);');
  foreign.close();
  const before = snapshot(file);
  const result = await refusal(file);
  t.equal(result.code, 1);
  t.match(result.stderr, /not one of this API: it has tables \(invoices\)/);
  t.same(snapshot(file), before, 'the file is byte-identical and nothing was created beside it');
});

t.test('a database from a newer build is refused with a message, untouched', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const db = new Database(file);
  const latest = (db.prepare('SELECT max(created_at) AS m FROM __drizzle_migrations').get() as { m: number }).m;
  db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-a-newer-build', Number(latest) + 86_400_000);
  db.close();
  const before = readFileSync(file);
  const result = await refusal(file);
  t.equal(result.code, 1);
  t.match(result.stderr, /migrated by a newer build: it has 1 migration\(s\) this build does not know/);
  t.same(readFileSync(file), before, 'the file is byte-identical');
  await t.rejects(buildApp({ dbFile: file }), DatabaseFileError, 'buildApp refuses it too');
});

t.test('buildApp refuses a missing or unmigrated file with a message', async (t) => {
  const file = tempDbFile(t);
  await t.rejects(buildApp({ dbFile: file }), /does not exist or is empty; `npm start`/);
  const empty = new Database(file);
  empty.exec('CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, created_at NUMERIC)');
  empty.close();
  await t.rejects(buildApp({ dbFile: file }), /has 0 of the \d+ migrations this build needs/);
});

t.test('a database made at the first migration is migrated forward and keeps its data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'claims-old-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  // The migrations folder as it was when only the first migration existed.
  const firstOnly = join(dir, 'migrations');
  mkdirSync(join(firstOnly, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const first = journal.entries[0] as { tag: string };
  t.equal(first.tag, '0000_initial');
  copyFileSync(join(MIGRATIONS_DIR, `${first.tag}.sql`), join(firstOnly, `${first.tag}.sql`));
  writeFileSync(join(firstOnly, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: [first] }));

  // Its data: the seed as the current code loads it, copied column by column into the first migration's tables,
  // plus a row no seed holds (something an operator added), which the upgrade must keep too.
  const reference = join(dir, 'reference.db');
  await prepareDatabase(reference);
  const file = join(dir, 'old.db');
  const old = new Database(file);
  migrate(drizzle(old), { migrationsFolder: firstOnly });
  // Rows are copied table by table, parents not necessarily first; the reference file already satisfies the keys.
  old.pragma('foreign_keys = OFF');
  // Today's seed uses values later migrations added to a CHECKed vocabulary (coord_source 'capital');
  // the old table takes them here so that the rebuild of that table is part of what the upgrade must survive.
  old.pragma('ignore_check_constraints = ON');
  old.prepare('ATTACH DATABASE ? AS ref').run(reference);
  const tables = (
    old
      .prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'",
      )
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  const columns = new Map(
    tables.map((table) => [table, (old.pragma(`main.table_info(${table})`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ')]),
  );
  for (const [table, cols] of columns) {
    const only = table === 'meta' ? " WHERE key = 'seed_fingerprint'" : '';
    old.exec(`INSERT INTO main."${table}" (${cols}) SELECT ${cols} FROM ref."${table}"${only}`);
  }
  old.exec('DETACH DATABASE ref');
  old.pragma('ignore_check_constraints = OFF');
  old
    .prepare("INSERT INTO actors (key, name, name_ar, kind) VALUES ('operator-added', 'Operator-added militia', 'ميليشيا', 'armed_group')")
    .run();
  const dump = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return Object.fromEntries(
        [...columns].map(([table, cols]) => [table, db.prepare(`SELECT ${cols} FROM "${table}" ORDER BY rowid`).all()]),
      );
    } finally {
      db.close();
    }
  };
  const before = dump(file);
  old.close();
  t.equal(inspectDatabaseFile(file).applied, 1, 'the file is at the first migration');
  t.ok(before.claims.length > 50 && before.events.length > 50, `${before.claims.length} claims and ${before.events.length} events in it`);

  const result = await prepareDatabase(file);
  const state = inspectDatabaseFile(file);
  t.equal(state.applied, state.known, `now at migration ${state.known} of ${state.known}`);
  t.equal(result.migrationsApplied, state.known - 1, 'the later migrations were applied');
  t.equal(result.written, false, 'the seed it held was recognised, not loaded again');
  const after = dump(file);
  const addedMeta = (after.meta as { key: string }[]).filter((m) => !(before.meta as { key: string }[]).some((b) => b.key === m.key));
  t.same(
    addedMeta.map((m) => m.key),
    ['seed_source', 'search_index_version', 'read_model_version'],
    'the upgrade only adds the seed source, search index and read model markers to meta',
  );
  const upgraded = new Database(file, { readonly: true });
  t.equal(
    upgraded.prepare('SELECT count(*) FROM event_summaries').pluck().get(),
    before.events.length,
    'the read model, added by a later migration, is built for every old event',
  );
  upgraded.close();
  t.same(
    { ...after, meta: (after.meta as { key: string }[]).filter((m) => !addedMeta.includes(m)) },
    before,
    'every old row of every table is as it was',
  );

  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const search = await app.inject({ url: `/events?q=${encodeURIComponent('الرقة')}` });
  t.equal(search.statusCode, 200, 'full-text search, added by a later migration, works on the upgraded file');
  t.ok(search.json().data.length > 0, 'and finds the old events');
  const added = (before.actors as { id: number; key: string }[]).find((a) => a.key === 'operator-added') as { id: number };
  t.equal(
    (await app.inject({ url: `/actors/${added.id}` })).json().name,
    'Operator-added militia',
    'the row no seed holds is still served',
  );
});
