/**
 * Folds a name to the key that name lookups compare, so that spellings a
 * reader would take for the same name meet: Arabic with or without harakat,
 * hamza, alef forms, taa marbuta or the article; Latin transliterations with
 * or without diacritics, hyphens, "al-"/"ez-" articles or the usual vowel and
 * consonant alternations. The same function keys stored aliases and user input.
 */

/**
 * Raised whenever a folding rule changes: stored keys made under another
 * version are rebuilt at start-up (the seed fingerprint includes it).
 */
export const NORMALISATION_VERSION = 2;

const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const LATIN_MARKS = /\p{M}/gu;
const APOSTROPHES = /[ʿʾʼʻ‘’'`´]/g;
const ARABIC_LETTER = /[\u0621-\u064A]/;

/** Arabic letters folded to one form each. */
const ARABIC_FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ة: 'ه',
  ؤ: 'و',
  ئ: 'ي',
  ء: '',
};

/** The article and the prepositions that attach to it ("بالرقة", "والرقة", "للرقة"). */
const ARABIC_ARTICLE = /^(?:[وفبك]?ال|لل)(?=[\u0621-\u064A]{2})/;

/** Transliterated forms of the Arabic article (and English "the"), written as a separate word once hyphens are gone. */
const LATIN_ARTICLES = new Set([
  'the',
  'al',
  'el',
  'il',
  'ul',
  'ad',
  'ed',
  'ar',
  'er',
  'as',
  'es',
  'ash',
  'esh',
  'az',
  'ez',
  'an',
  'en',
  'at',
  'et',
  'ath',
  'adh',
  'ag',
]);

/** Order matters: digraphs before single letters. */
const LATIN_ALTERNATIONS: [RegExp, string][] = [
  [/ou|oo|aw|ow|o/g, 'u'],
  [/ee|ie|y(?=[^aeiou]|$)/g, 'i'],
  [/ei|ay|ai|ey/g, 'a'],
  [/e/g, 'a'],
  [/dh|th|z/g, 'z'],
  [/kh|q|g|c(?!h)/g, 'k'],
  [/sh|ch/g, 's'],
  [/ph/g, 'f'],
  [/w/g, 'u'],
  [/(.)\1+/g, '$1'],
  [/h$/g, ''],
];

/** The article glued to a second word with no space ("ديرالزور" for "دير الزور"). */
const GLUED_ARTICLE = /^([\u0621-\u064A]{3,}?)ال(?=[\u0621-\u064A]{3,}$)/;

function foldArabicWord(word: string): string {
  let w = '';
  for (const ch of word) w += ARABIC_FOLD[ch] ?? ch;
  return w.replace(ARABIC_ARTICLE, '');
}

/** Name keys only: the glued article, and the nisba ending written -ية or -يا (سورية / سوريا). */
function foldArabicNameWord(word: string): string {
  return word.replace(GLUED_ARTICLE, '$1').replace(/يه$/, 'يا');
}

function foldLatinWord(word: string): string {
  let w = word;
  for (const [pattern, replacement] of LATIN_ALTERNATIONS) w = w.replace(pattern, replacement);
  return w;
}

/**
 * The words of a text with marks, case, hamza and alef forms, taa marbuta and
 * the Arabic article (with its attached prepositions) folded away; Latin words
 * keep their spelling. Shared by name keys and by the full-text index.
 */
export function foldWords(input: string): string[] {
  const text = input
    .normalize('NFKD')
    .replace(ARABIC_INDIC_DIGITS, (d) => String((d.codePointAt(0) ?? 0) & 0xf))
    .replace(ARABIC_MARKS, '')
    .replace(LATIN_MARKS, '')
    .replace(APOSTROPHES, '')
    .normalize('NFC')
    .toLowerCase();
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (ARABIC_LETTER.test(w) ? foldArabicWord(w) : w));
}

/** Text as the full-text index stores and queries it: folded words separated by spaces. */
export function foldForSearch(input: string): string {
  return foldWords(input).join(' ');
}

/** The key a name is stored and looked up by: folded words, Latin articles dropped, transliteration variants merged, no spaces. */
export function normaliseName(input: string): string {
  const words = foldWords(input);
  const keep = words.filter((w, i) => !(LATIN_ARTICLES.has(w) && i < words.length - 1));
  return keep.map((w) => (ARABIC_LETTER.test(w) ? foldArabicNameWord(w) : foldLatinWord(w))).join('');
}
