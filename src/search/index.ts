import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { meta } from '../db/schema.js';
import { foldForSearch, NORMALISATION_VERSION } from '../names/normalise.js';

/** Changes whenever the folding or what is indexed changes: a file indexed by another version is re-indexed at start-up. */
export const SEARCH_INDEX_VERSION = `1/${NORMALISATION_VERSION}`;
const VERSION_KEY = 'search_index_version';

type Writer = Pick<Db, 'run' | 'all'>;

/** Re-indexes the given events (summary in both languages) and claims (quote and English statement). */
export function indexRows(db: Writer, eventIds: number[], claimIds: number[]): void {
  const batches = (ids: number[]) => Array.from({ length: Math.ceil(ids.length / 5000) }, (_, i) => ids.slice(i * 5000, (i + 1) * 5000));
  for (const ids of batches(eventIds)) {
    const rows = db.all<{ id: number; text: string }>(
      sql`SELECT id, summary_en || ' ' || coalesce(summary_ar, '') AS text FROM events WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
    for (const r of rows) {
      db.run(sql`DELETE FROM search_events WHERE rowid = ${r.id}`);
      db.run(sql`INSERT INTO search_events (rowid, body) VALUES (${r.id}, ${foldForSearch(r.text)})`);
    }
  }
  for (const ids of batches(claimIds)) {
    const rows = db.all<{ id: number; text: string }>(
      sql`SELECT id, quote || ' ' || statement_en AS text FROM claims WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    );
    for (const r of rows) {
      db.run(sql`DELETE FROM search_claims WHERE rowid = ${r.id}`);
      db.run(sql`INSERT INTO search_claims (rowid, body) VALUES (${r.id}, ${foldForSearch(r.text)})`);
    }
  }
}

/** Indexes every event and claim when the file was indexed by another version of the folding (or never). */
export function ensureSearchIndex(db: Db): boolean {
  const current = db.select({ value: meta.value }).from(meta).where(eq(meta.key, VERSION_KEY)).get();
  if (current?.value === SEARCH_INDEX_VERSION) return false;
  db.transaction((tx) => {
    tx.run(sql`DELETE FROM search_events`);
    tx.run(sql`DELETE FROM search_claims`);
    const eventIds = tx.all<{ id: number }>(sql`SELECT id FROM events ORDER BY id`).map((r) => r.id);
    const claimIds = tx.all<{ id: number }>(sql`SELECT id FROM claims ORDER BY id`).map((r) => r.id);
    indexRows(tx, eventIds, claimIds);
    tx.insert(meta)
      .values({ key: VERSION_KEY, value: SEARCH_INDEX_VERSION })
      .onConflictDoUpdate({ target: meta.key, set: { value: SEARCH_INDEX_VERSION } })
      .run();
  });
  return true;
}

/**
 * Turns what a user typed into an FTS5 query: each folded word quoted (so
 * operators and punctuation are taken literally) and all words required.
 * Null when nothing searchable is left.
 */
export function toFtsQuery(q: string): string | null {
  const words = foldForSearch(q).split(' ').filter(Boolean).slice(0, 16);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
}

/**
 * A short excerpt of the first text that contains a searched word, with the
 * matching words wrapped in <mark>…</mark>. Matching folds each word of the
 * original text the same way the index does, so the excerpt shows the
 * article's own spelling.
 */
export function snippet(texts: (string | null)[], q: string, radius = 8): string | null {
  const wanted = new Set(foldForSearch(q).split(' ').filter(Boolean));
  for (const text of texts) {
    if (!text) continue;
    const words = [...text.matchAll(/\S+/g)].map((m) => ({
      word: m[0],
      hit: foldForSearch(m[0])
        .split(' ')
        .some((w) => wanted.has(w)),
    }));
    const first = words.findIndex((w) => w.hit);
    if (first < 0) continue;
    const from = Math.max(0, first - radius);
    const to = Math.min(words.length, first + radius + 1);
    const body = words
      .slice(from, to)
      .map((w) => (w.hit ? `<mark>${w.word}</mark>` : w.word))
      .join(' ');
    return `${from > 0 ? '… ' : ''}${body}${to < words.length ? ' …' : ''}`;
  }
  return null;
}
