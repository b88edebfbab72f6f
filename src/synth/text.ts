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

export class Phrase {
  private readonly raw: string[] = [];
  private readonly folded: string[] = [];

  constructor(private readonly folder: Folder) {}

  /** Appends a phrase after a space. */
  add(phrase: string): this {
    this.raw.push(phrase);
    const f = this.folder.fold(phrase);
    if (f) this.folded.push(f);
    return this;
  }

  /** Appends punctuation (no letters or digits) with no space before it. */
  punct(mark: string): this {
    const last = this.raw.length - 1;
    if (last < 0) this.raw.push(mark);
    else this.raw[last] += mark;
    return this;
  }

  /** Appends another phrase's text and folded form. */
  concat(other: Phrase): this {
    this.raw.push(...other.raw);
    this.folded.push(...other.folded);
    return this;
  }

  text(): string {
    return this.raw.join(' ');
  }

  folding(): string {
    return this.folded.join(' ');
  }
}

/** Throws when composing folded phrases gave anything but folding the whole text. */
export function checkFolding(text: string, folded: string): void {
  const expected = foldForSearch(text);
  if (expected !== folded) {
    throw new Error(`synthetic text folded piecewise differs from foldForSearch:\n  text: ${text}\n  got:  ${folded}\n  want: ${expected}`);
  }
}
