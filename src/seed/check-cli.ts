import { buildCorpus, quoteMismatch, readCorpusFiles, SEED_DIR, SeedError } from './corpus.js';

/**
 * `npm run seed:check [-- NNN ...]`: validates the seed without touching a
 * database. With `--offsets`, prints for every claim the offsets at which its
 * quote really occurs, for the coder to copy into the data file.
 */
const args = process.argv.slice(2);
const showOffsets = args.includes('--offsets');
const only = args.filter((a) => /^\d{3}$/.test(a));
const raw = await readCorpusFiles(SEED_DIR, only.length ? only : undefined);
if (showOffsets) {
  const { readFileSync } = await import('node:fs');
  for (const [file, data] of raw.articles) {
    const a = data as { file_name: string; claims: { key: string; quote: string; quote_start: number; quote_end: number }[] };
    const text = readFileSync(`${SEED_DIR}/articles/${a.file_name}`, 'utf8').normalize('NFC');
    for (const c of a.claims) {
      const hits: number[] = [];
      for (let i = text.indexOf(c.quote); i >= 0; i = text.indexOf(c.quote, i + 1)) hits.push(i);
      const ok = quoteMismatch(text, c) === null;
      console.log(
        `${file} ${c.key}: ${ok ? 'ok' : 'MISMATCH'} given [${c.quote_start}, ${c.quote_end}) occurs at ${hits.map((h) => `[${h}, ${h + c.quote.length})`).join(' ') || 'nowhere'}`,
      );
    }
  }
}
try {
  const corpus = buildCorpus(raw);
  const claims = corpus.articles.reduce((n, a) => n + a.seed.claims.length, 0);
  const events = corpus.articles.reduce((n, a) => n + a.seed.events.length, 0);
  console.log(
    `seed ok: ${corpus.articles.length} article(s), ${claims} claims, ${events} events, ${corpus.actors.length} actors, ${corpus.locations.length} locations`,
  );
} catch (err) {
  if (err instanceof SeedError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
