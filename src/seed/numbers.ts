import type { CorpusArticle } from './corpus.js';

/** A number the article states: digits (ASCII or Arabic-Indic) or a number word. */
export interface NumberMention {
  start: number;
  end: number;
  text: string;
  /** Its value; null for a vague word ("dozens", "hundreds"). */
  value: number | null;
}

/**
 * Arabic number words, without their clitics (و، ب، ل، ك، ال). Duals are listed
 * only where the dual counts something the text does not go on to name (two
 * officials, two pickups); a dual followed by the names it counts ("بلدتي تل
 * السمن والهيشة") is the list itself, coded place by place.
 */
const WORDS: Record<string, number | null> = {
  اثنان: 2,
  اثنين: 2,
  ثلاث: 3,
  ثلاثة: 3,
  أربع: 4,
  أربعة: 4,
  خمس: 5,
  خمسة: 5,
  ست: 6,
  ستة: 6,
  سبع: 7,
  سبعة: 7,
  ثماني: 8,
  ثمانية: 8,
  تسع: 9,
  تسعة: 9,
  عشر: 10,
  عشرة: 10,
  عشرين: 20,
  عشرون: 20,
  ثلاثين: 30,
  ثلاثون: 30,
  أربعين: 40,
  خمسين: 50,
  مئة: 100,
  مائة: 100,
  مئتين: 200,
  ألف: 1000,
  ألفين: 2000,
  ألفان: 2000,
  نصف: 0.5,
  عشرات: null,
  مئات: null,
  آلاف: null,
  ألوف: null,
  مسؤولان: 2,
  سيارتين: 2,
};
const THOUSANDS = new Set(['ألف', 'آلاف']);

const DIGIT = '[0-9\u0660-\u0669]';
const TOKEN = new RegExp(`${DIGIT}+(?:[.,\u066b]${DIGIT}+)?|[\\p{Script=Arabic}]+`, 'gu');

function digitsValue(s: string): number {
  return Number(s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[,\u066b]/g, '.'));
}

/** The word without its clitics: a conjunction, a preposition, the article. */
function stem(word: string): string {
  const bare = word.replace(/^[وف]/, '');
  for (const w of [word, bare]) {
    for (const p of ['', 'ب', 'ل', 'ك']) {
      for (const a of ['', 'ال', 'ل']) {
        const prefix = p + a;
        if (w.startsWith(prefix) && Object.hasOwn(WORDS, w.slice(prefix.length))) return w.slice(prefix.length);
      }
    }
  }
  return word;
}

/** Every number the text states, in order; "70 ألف" and "ثلاثة آلاف" are one number each. */
export function numberMentions(text: string): NumberMention[] {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index ?? 0, text: m[0] }));
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as { start: number; text: string };
    const isDigits = new RegExp(`^${DIGIT}`).test(t.text);
    const word = isDigits ? null : stem(t.text);
    if (!isDigits && (word === null || !Object.hasOwn(WORDS, word))) continue;
    let value = isDigits ? digitsValue(t.text) : (WORDS[word as string] ?? null);
    let end = t.start + t.text.length;
    const next = tokens[i + 1];
    // A count followed by "thousand(s)" is one number: 70 ألف, ثلاثة آلاف.
    if (value !== null && value >= 1 && next && THOUSANDS.has(stem(next.text)) && /^\s*$/.test(text.slice(end, next.start))) {
      value *= 1000;
      end = next.start + next.text.length;
      i++;
    }
    out.push({ start: t.start, end, text: text.slice(t.start, end), value });
  }
  return out;
}

export interface NumberCoverage extends NumberMention {
  /** Where it is coded ("casualty report c001-22#0", "figure c001-35~0", "note: …"), or null when nowhere. */
  coded: string | null;
}

/**
 * Each number of the article and where it is coded: a casualty report or a
 * figure of a claim whose quote contains it (same value, or the same words
 * for a vague one), or a number note giving the reason it is neither.
 */
export function numberCoverage(article: CorpusArticle): NumberCoverage[] {
  const { seed, text } = article;
  return numberMentions(text).map((m) => {
    const note = seed.number_notes.find((n) => n.at < m.end && n.at + n.text.length > m.start);
    if (note) return { ...m, coded: `note: ${note.reason}` };
    const matches = (f: { count_low: number | null; count_high: number | null; vague_text: string | null }) =>
      (m.value !== null && (f.count_low === m.value || f.count_high === m.value)) ||
      (f.vague_text !== null && (f.vague_text.includes(m.text) || m.text.includes(f.vague_text)));
    for (const c of seed.claims) {
      if (m.start < c.quote_start || m.end > c.quote_end) continue;
      const cas = c.casualties.findIndex(matches);
      if (cas >= 0) return { ...m, coded: `casualty report ${c.key}#${cas}` };
      const fig = c.figures.findIndex(matches);
      if (fig >= 0) return { ...m, coded: `figure ${c.key}~${fig}` };
    }
    return { ...m, coded: null };
  });
}
