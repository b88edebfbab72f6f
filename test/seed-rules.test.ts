import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { type Corpus, loadCorpus, SeedError } from '../src/seed/corpus.js';
import { seedDatabase } from '../src/seed/load.js';
import { tempDbFile } from './helpers.js';

/**
 * The seed files are checked as they are parsed; these corpora are broken
 * after parsing, so only the write API's rules, which the loader applies to
 * every record it writes, stand between them and the database.
 */
async function brokenCorpus(t: Test, breakIt: (corpus: Corpus) => string): Promise<{ corpus: Corpus; culprit: string }> {
  const corpus = structuredClone(await loadCorpus());
  const culprit = breakIt(corpus);
  t.ok(culprit, `broken: ${culprit}`);
  return { corpus, culprit };
}

function seedInto(file: string, corpus: Corpus): unknown {
  const database = openDatabase(file);
  try {
    migrateDatabase(database.db);
    seedDatabase(database.db, corpus);
    return null;
  } catch (error) {
    return error;
  } finally {
    database.close();
  }
}

const cases: [string, string, (corpus: Corpus) => string][] = [
  [
    'a quote moved off its offsets',
    'quote',
    (corpus) => {
      const claim = corpus.articles[0]?.seed.claims[0];
      if (!claim) return '';
      claim.quote_start += 1;
      claim.quote_end += 1;
      return claim.key;
    },
  ],
  [
    'an actor made its own ancestor',
    'parent_id',
    (corpus) => {
      const child = corpus.actors.find((a) => a.parent !== null);
      const parent = corpus.actors.find((a) => a.key === child?.parent);
      if (!child || !parent) return '';
      parent.parent = child.key;
      return parent.key;
    },
  ],
  [
    'a casualty figure on an event its claim does not support',
    'event_id',
    (corpus) => {
      const events = corpus.articles.flatMap((a) => a.seed.events.map((e) => e.key));
      const claim = corpus.articles.flatMap((a) => a.seed.claims).find((c) => c.casualties.length > 0);
      const elsewhere = events.find((key) => !claim?.events.includes(key));
      const casualty = claim?.casualties[0];
      if (!claim || !casualty || !elsewhere) return '';
      casualty.event = elsewhere;
      return claim.key;
    },
  ],
];

for (const [what, param, breakIt] of cases) {
  t.test(`the seed loader refuses ${what}, naming ${param} as the write API does, and writes nothing`, async (t) => {
    const { corpus, culprit } = await brokenCorpus(t, breakIt);
    const file = tempDbFile(t);
    const error = seedInto(file, corpus);
    t.ok(error instanceof SeedError, 'the loader throws a SeedError');
    const problems = (error as SeedError).problems ?? [];
    t.ok(
      problems.some((p) => p.includes(culprit) && p.includes(`: ${param}: `)),
      `a problem names ${culprit} and ${param}: ${problems.join(' | ')}`,
    );
    const db = new Database(file, { readonly: true });
    t.teardown(() => db.close());
    for (const table of ['actors', 'events', 'claims', 'casualty_reports']) {
      t.equal(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), 0, `no ${table} written`);
    }
  });
}

t.test('the seed as it stands passes every rule of the write API', async (t) => {
  const file = tempDbFile(t);
  t.equal(seedInto(file, await loadCorpus()), null, 'no refusal');
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  t.ok((db.prepare('SELECT count(*) FROM claims').pluck().get() as number) > 100, 'the claims are written');
});
