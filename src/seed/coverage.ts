import type { CorpusArticle } from './corpus.js';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/**
 * Splits an article into sentences: each line is split after full stops,
 * question and exclamation marks (Latin and Arabic). Offsets are into the
 * same NFC text the claims index.
 */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const pattern = /[^\n.!?؟]+(?:[.!?؟]+|$)/gmu;
  for (const m of text.matchAll(pattern)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!/[\p{L}\p{N}]/u.test(trimmed)) continue;
    const start = (m.index ?? 0) + lead;
    out.push({ start, end: start + trimmed.length, text: trimmed });
  }
  return out;
}

/** Sentences of the article that no claim's quote overlaps. */
export function uncoveredSentences(article: CorpusArticle): Sentence[] {
  const spans = article.seed.claims.map((c) => [c.quote_start, c.quote_end] as const);
  return sentences(article.text).filter((s) => !spans.some(([a, b]) => a < s.end && b > s.start));
}
