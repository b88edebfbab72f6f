import { foldForSearch } from '../names/normalise.js';

/**
 * Text assembled from phrases, carrying its full-text form alongside. Folding
 * (src/names/normalise.ts) works word by word, so the folded text of phrases
 * joined by spaces is the folded phrases joined by spaces; each distinct
 * phrase is folded once, which is what lets the generator index millions of
 * rows in seconds. `checkFolding` proves the equivalence on samples.
 */
export class Folder {
  private readonly cache = new Map<string, string>();

  fold(phrase: string): string {
    let folded = this.cache.get(phrase);
    if (folded === undefined) {
      folded = foldForSearch(phrase);
      if (this.cache.size < 500_000) this.cache.set(phrase, folded);
    }
    return folded;
  }
}

/**
 * Words joined by single spaces, as strings built by concatenation: against
 * arrays joined on every read, a 100,000-event run spent 0.64 s of its 2.75 s
 * of text generation in `text()` and `folding()`. `words` counts what an array
 * would hold, so an empty phrase added still gets its spaces.
 */
export class Phrase {
  private raw = '';
  private words = 0;
  private folded = '';
  private foldedWords = 0;

  constructor(private readonly folder: Folder) {}

  /** Appends a phrase after a space. */
  add(phrase: string): this {
    this.raw = this.words++ === 0 ? phrase : `${this.raw} ${phrase}`;
    const f = this.folder.fold(phrase);
    if (f) this.folded = this.foldedWords++ === 0 ? f : `${this.folded} ${f}`;
    return this;
  }

  /** Appends punctuation (no letters or digits) with no space before it. */
  punct(mark: string): this {
    if (this.words === 0) this.words = 1;
    this.raw += mark;
    return this;
  }

  /** Appends another phrase's text and folded form. */
  concat(other: Phrase): this {
    if (other.words > 0) this.raw = this.words === 0 ? other.raw : `${this.raw} ${other.raw}`;
    this.words += other.words;
    if (other.foldedWords > 0) this.folded = this.foldedWords === 0 ? other.folded : `${this.folded} ${other.folded}`;
    this.foldedWords += other.foldedWords;
    return this;
  }

  text(): string {
    return this.raw;
  }

  folding(): string {
    return this.folded;
  }
}

/** Throws when composing folded phrases gave anything but folding the whole text. */
export function checkFolding(text: string, folded: string): void {
  const expected = foldForSearch(text);
  if (expected !== folded) {
    throw new Error(`synthetic text folded piecewise differs from foldForSearch:\n  text: ${text}\n  got:  ${folded}\n  want: ${expected}`);
  }
}
