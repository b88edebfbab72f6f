import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { type Db, sqliteOf } from '../db/client.js';
import { meta } from '../db/schema.js';
import { foldForSearch, NORMALISATION_VERSION } from '../names/normalise.js';

/** Changes whenever the folding or what is indexed changes: a file indexed by another version is re-indexed at start-up. */
const SEARCH_INDEX_VERSION = `1/${NORMALISATION_VERSION}`;
const SEARCH_INDEX_VERSION_KEY = 'search_index_version';

/** What an event is found by: its summary in both languages. */
export function eventSearchText(summaryEn: string, summaryAr: string | null): string {
  return `${summaryEn} ${summaryAr ?? ''}`;
}

/** What a claim is found by: the verbatim quote and its English rendering. */
export function claimSearchText(quote: string, statementEn: string): string {
  return `${quote} ${statementEn}`;
}

/**
 * Prepared writers for the two full-text tables; the body must already be
 * folded by foldForSearch. `insert*` is for rows the index cannot hold yet
 * (a fresh table), `replace*` for rows it may hold.
 */
interface SearchIndexWriter {
  insertEvent(id: number, folded: string): void;
  insertClaim(id: number, folded: string): void;
  replaceEvent(id: number, folded: string): void;
  replaceClaim(id: number, folded: string): void;
}

export function searchIndexWriter(sqlite: Database.Database): SearchIndexWriter {
  const insertEvent = sqlite.prepare('INSERT INTO search_events (rowid, body) VALUES (?, ?)');
  const insertClaim = sqlite.prepare('INSERT INTO search_claims (rowid, body) VALUES (?, ?)');
  const deleteEvent = sqlite.prepare('DELETE FROM search_events WHERE rowid = ?');
  const deleteClaim = sqlite.prepare('DELETE FROM search_claims WHERE rowid = ?');
  return {
    insertEvent: (id, folded) => void insertEvent.run(id, folded),
    insertClaim: (id, folded) => void insertClaim.run(id, folded),
    replaceEvent: (id, folded) => {
      deleteEvent.run(id);
      insertEvent.run(id, folded);
    },
    replaceClaim: (id, folded) => {
      deleteClaim.run(id);
      insertClaim.run(id, folded);
    },
  };
}

const BATCH = 5000;

/**
 * Re-indexes the given events (summary in both languages) and claims (quote
 * and English statement). `fresh` skips the per-row delete when the tables are
 * known not to hold these rows (e.g. right after emptying them).
 */
export function indexRows(sqlite: Database.Database, eventIds: number[], claimIds: number[], options: { fresh?: boolean } = {}): void {
  const writer = searchIndexWriter(sqlite);
  const events = sqlite.prepare<[string], { id: number; summary_en: string; summary_ar: string | null }>(
    'SELECT id, summary_en, summary_ar FROM events WHERE id IN (SELECT value FROM json_each(?))',
  );
  const claims = sqlite.prepare<[string], { id: number; quote: string; statement_en: string }>(
    'SELECT id, quote, statement_en FROM claims WHERE id IN (SELECT value FROM json_each(?))',
  );
  const writeEvent = options.fresh ? writer.insertEvent : writer.replaceEvent;
  const writeClaim = options.fresh ? writer.insertClaim : writer.replaceClaim;
  for (let i = 0; i < eventIds.length; i += BATCH) {
    for (const r of events.all(JSON.stringify(eventIds.slice(i, i + BATCH)))) {
      writeEvent(r.id, foldForSearch(eventSearchText(r.summary_en, r.summary_ar)));
    }
  }
  for (let i = 0; i < claimIds.length; i += BATCH) {
    for (const r of claims.all(JSON.stringify(claimIds.slice(i, i + BATCH)))) {
      writeClaim(r.id, foldForSearch(claimSearchText(r.quote, r.statement_en)));
    }
  }
}

/** Indexes every event and claim when the file was indexed by another version of the folding (or never). */
export function ensureSearchIndex(db: Db): boolean {
  const current = db.select({ value: meta.value }).from(meta).where(eq(meta.key, SEARCH_INDEX_VERSION_KEY)).get();
  if (current?.value === SEARCH_INDEX_VERSION) return false;
  const sqlite = sqliteOf(db);
  const ids = (table: 'events' | 'claims') => sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
  sqlite.transaction(() => {
    sqlite.exec('DELETE FROM search_events; DELETE FROM search_claims;');
    indexRows(sqlite, ids('events'), ids('claims'), { fresh: true });
    // Records that the full-text tables hold every event and claim, folded by this version.
    sqlite
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(SEARCH_INDEX_VERSION_KEY, SEARCH_INDEX_VERSION);
  })();
  return true;
}

/**
 * Words searched for only together with others: the transliterated Arabic
 * article ("al-Hajat" is indexed as "al" "hajat") and the commonest function
 * words of both languages. They occur in most rows, so requiring them costs a
 * walk through most of the index and excludes almost nothing.
 */
const STOP_WORDS = new Set(
  [
    ...['al', 'el', 'il', 'ul', 'ad', 'ed', 'ar', 'er', 'as', 'es', 'ash', 'esh', 'az', 'ez', 'an', 'en', 'at', 'et', 'ath', 'adh', 'ag'],
    ...['the', 'of', 'in', 'and', 'a', 'to', 'في', 'من', 'على', 'إلى', 'عن'],
  ].map(foldForSearch),
);

/**
 * Turns what a user typed into an FTS5 query: each folded word quoted (so
 * operators and punctuation are taken literally), each word once, and all
 * words required except stop words next to other words. Null when nothing
 * searchable is left.
 */
export function toFtsQuery(q: string): string | null {
  const words = [...new Set(foldForSearch(q).split(' ').filter(Boolean))].slice(0, 16);
  if (words.length === 0) return null;
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return (meaningful.length ? meaningful : words).map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
}

/** Folded forms of single words, kept across requests: texts are full of the same words. */
const foldedWords = new Map<string, string[]>();
const FOLDED_WORDS_KEPT = 100_000;

function foldedWord(word: string): string[] {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    folded = foldForSearch(word).split(' ').filter(Boolean);
    if (foldedWords.size >= FOLDED_WORDS_KEPT) foldedWords.clear();
    foldedWords.set(word, folded);
  }
  return folded;
}

/**
 * A short excerpt of the first text that contains a searched word, with the
 * matching words wrapped in <mark>…</mark>. Matching folds each word of the
 * original text the same way the index does, so the excerpt shows the
 * article's own spelling.
 */
export function snippet(texts: (string | null)[], q: string, radius = 8): string | null {
  const wanted = new Set(foldForSearch(q).split(' ').filter(Boolean));
  const hit = (word: string) => foldedWord(word).some((w) => wanted.has(w));
  for (const text of texts) {
    if (!text) continue;
    const words = text.match(/\S+/g) ?? [];
    const first = words.findIndex(hit);
    if (first < 0) continue;
    const from = Math.max(0, first - radius);
    const to = Math.min(words.length, first + radius + 1);
    const body = words
      .slice(from, to)
      .map((w) => (hit(w) ? `<mark>${w}</mark>` : w))
      .join(' ');
    return `${from > 0 ? '… ' : ''}${body}${to < words.length ? ' …' : ''}`;
  }
  return null;
}
