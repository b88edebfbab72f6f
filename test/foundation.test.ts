import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { migrateDatabase, migrationLevel, openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { loadCorpus, SeedError } from '../src/seed/corpus.js';
import { SEED_DIR, seedSourceHash } from '../src/seed/source.js';
import { tempDbFile } from './helpers.js';

const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

const TABLES = [
  'articles',
  'claims',
  'events',
  'actors',
  'actor_aliases',
  'locations',
  'location_aliases',
  'casualty_reports',
  'figures',
  'claim_events',
  'event_actors',
];

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

t.test('migrations apply to an empty file and create every table', async (t) => {
  const file = tempDbFile(t);
  const database = openDatabase(file);
  t.teardown(() => database.close());
  t.equal(migrationLevel(database.sqlite), 0, 'a new file has no migration applied');
  migrateDatabase(database.db);
  t.ok(migrationLevel(database.sqlite) >= 1, 'migrations are recorded');
  const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  for (const table of TABLES)
    t.ok(
      tables.some((r) => r.name === table),
      `table ${table} exists`,
    );
  t.equal(database.sqlite.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are enforced');
  t.equal(database.sqlite.pragma('journal_mode', { simple: true }), 'wal', 'the file is in WAL mode');
});

t.test('the schema refuses what the data model forbids', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  t.teardown(() => db.close());
  const claim = db.prepare('SELECT * FROM claims LIMIT 1').get() as Record<string, unknown>;
  t.throws(
    () => db.prepare('UPDATE claims SET quote_end = quote_start WHERE id = ?').run(claim.id),
    /CHECK constraint failed/,
    'quote_start < quote_end',
  );
  t.throws(
    () => db.prepare("UPDATE events SET sub_event_type = 'Peaceful protest' WHERE event_type = 'Battles'").run(),
    /CHECK constraint failed/,
    'a sub-event type must belong to its event type',
  );
  t.throws(
    () => db.prepare("UPDATE claims SET certainty = 'probably' WHERE id = ?").run(claim.id),
    /CHECK constraint failed/,
    'certainty is an enum',
  );
  t.throws(
    () => db.prepare('UPDATE claims SET claimant_id = 999999 WHERE id = ?').run(claim.id),
    /FOREIGN KEY constraint failed/,
    'claimant must exist',
  );
});

t.test('seeding is idempotent: a second start changes no count and no id', async (t) => {
  const file = tempDbFile(t);
  const first = await prepareDatabase(file);
  t.equal(first.written, true, 'the first start loads the seed');
  const before = counts(file);
  t.ok(before.claims > 0 && before.events > 0 && before.casualty_reports > 0, 'claims, events and casualty reports are loaded');
  const idsBefore = new Database(file, { readonly: true }).prepare('SELECT key, id FROM claims ORDER BY key').all();

  const second = await prepareDatabase(file);
  t.equal(second.written, false, 'the second start finds the same seed and writes nothing');
  t.same(counts(file), before, 'same row counts');

  const database = openDatabase(file);
  const { seedDatabase } = await import('../src/seed/load.js');
  seedDatabase(database.db, await loadCorpus(), { force: true });
  database.close();
  t.same(counts(file), before, 'a forced reload upserts in place: same row counts');
  t.same(new Database(file, { readonly: true }).prepare('SELECT key, id FROM claims ORDER BY key').all(), idsBefore, 'and the same ids');
});

t.test('a start-up compares the seed by its files first: only a changed corpus is written', async (t) => {
  const file = tempDbFile(t);
  const root = dirname(file);
  // The seed's modules are ES modules, as in the project.
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  // Each variant in a directory of its own: a seed module, once imported, is not read again in this process.
  const variant = (name: string, edit: (text: string) => string) => {
    const dir = join(root, name);
    cpSync(SEED_DIR, dir, { recursive: true });
    const data = join(dir, 'data', '000.ts');
    writeFileSync(data, edit(readFileSync(data, 'utf8')));
    return dir;
  };
  const stored = () => {
    const db = new Database(file, { readonly: true });
    t.teardown(() => db.close());
    return db.prepare("SELECT value FROM meta WHERE key = 'seed_source'").pluck().get();
  };
  const original = variant('original', (text) => text);
  const first = await prepareDatabase(file, { seedDir: original });
  t.equal(first.written, true, 'a new file gets the seed');
  t.equal(stored(), `${seedSourceHash(original)} ${first.fingerprint}`, 'and records what it was made from');
  t.equal((await prepareDatabase(file, { seedDir: original })).written, false, 'the same files: nothing written');

  const commented = variant('commented', (text) => `${text}\n// A comment changes the file, not the corpus.\n`);
  const second = await prepareDatabase(file, { seedDir: commented });
  t.equal(second.written, false, 'another file giving the same corpus: nothing written');
  t.equal(stored(), `${seedSourceHash(commented)} ${first.fingerprint}`, 'the new files are recorded');

  const retitled = variant('retitled', (text) => text.replace("title: '", "title: 'Retitled: "));
  const third = await prepareDatabase(file, { seedDir: retitled });
  t.equal(third.written, true, 'a changed corpus is written');
  t.not(third.fingerprint, first.fingerprint);
});

t.test('every quote in the seed equals the article text at its offsets', async (t) => {
  const corpus = await loadCorpus();
  t.equal(corpus.articles.length, 5, 'all five articles are coded');
  let checked = 0;
  for (const { seed, text } of corpus.articles) {
    for (const c of seed.claims) {
      if (text.slice(c.quote_start, c.quote_end) !== c.quote) t.fail(`${c.key}: quote differs from the article text`);
      checked++;
    }
  }
  t.ok(checked > 50, `${checked} quotes checked`);
});

t.test('a wrong quote is refused with a clear message and nothing is written', async (t) => {
  const file = tempDbFile(t);
  const error = await prepareDatabase(file, { seedDir: join(FIXTURES, 'bad-quote') }).catch((e: unknown) => e);
  t.ok(error instanceof SeedError, 'the loader throws a SeedError');
  const message = (error as Error).message;
  t.match(message, /c900-01/, 'the message names the claim');
  t.match(message, /قتل أربعة مدنيين/, 'and quotes what the seed says');
  t.match(message, /قتل ثلاثة مدنيين/, 'and what the article has');
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  for (const table of ['articles', 'claims', 'actors', 'locations', 'events']) {
    t.equal((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 0, `no ${table} written`);
  }
});

t.test('GET /health reports the database and the seeded counts', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/health' });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.status, 'ok');
  t.equal(body.database.reachable, true);
  t.equal(body.database.migration_level, body.database.migrations_available, 'the file is at the latest migration');
  t.same(body.counts, counts(file), 'counts agree with the file');
});

t.test('GET /health counts again only after another connection has committed', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const health = async () => (await app.inject({ url: '/health' })).json();
  const first = await health();
  t.same((await health()).counts, first.counts, 'no write in between: the same counts');

  const writer = new Database(file);
  writer
    .prepare("INSERT INTO actors (key, name, name_ar, kind) VALUES ('health-probe', 'Health probe militia', 'ميليشيا', 'armed_group')")
    .run();
  writer.close();
  const after = await health();
  t.equal(after.counts.actors, first.counts.actors + 1, 'a row committed by another connection is counted');
  t.same(after.counts, counts(file), 'and the counts agree with the file again');
});

t.test('an unknown route is a problem+json 404', async (t) => {
  const file = tempDbFile(t);
  await prepareDatabase(file);
  const app = await buildApp({ dbFile: file });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/no/such/thing?x=1' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const body = res.json();
  t.equal(body.status, 404);
  t.equal(body.title, 'Not Found');
  t.match(body.detail, /\/no\/such\/thing/);
  t.type(body.type, 'string');
});
