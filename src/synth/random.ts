/**
 * Seeded randomness for the synthetic data set: the same seed gives the same
 * file, byte for byte, on every machine (no Math.random, no clock).
 */

/** sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A child stream: generating one part of the data never shifts the numbers another part draws. */
  fork(label: number): Random {
    return new Random((this.uint32() ^ Math.imul(label + 1, 0x27d4eb2d)) >>> 0);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** Draws from a fixed list with given weights (cumulative table, binary search). */
export class Weighted<T> {
  private readonly cumulative: Float64Array;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('Weighted: one positive weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    for (let i = 0; i < this.cumulative.length; i++) (this.cumulative[i] as number) /= sum;
  }

  draw(random: Random): T {
    const u = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) <= u) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo] as T;
  }

  static of<T>(table: readonly (readonly [T, number])[]): Weighted<T> {
    return new Weighted(
      table.map(([item]) => item),
      table.map(([, w]) => w),
    );
  }
}

/**
 * Zipf-like popularity: the item of rank r is drawn with weight 1 / r^s. The
 * ranks are dealt to the items in a shuffled order, so popularity is not tied
 * to creation order.
 */
export function zipf<T>(items: readonly T[], exponent: number, random: Random): Weighted<T> {
  const ranked = random.shuffle([...items]);
  return new Weighted(
    ranked,
    ranked.map((_, i) => 1 / (i + 1) ** exponent),
  );
}
