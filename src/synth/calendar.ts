/** The generated period: ten years from 2011, the war's first decade. */
const FIRST_DAY = Date.UTC(2011, 0, 1);
const YEARS = 10;
const DAY_MS = 86_400_000;
const MARGIN = 400;

/** ISO dates and month/year bounds for every day of the period (and a margin either side), computed once. */
export class Calendar {
  readonly days: number;
  private readonly iso: string[] = [];
  private readonly monthBounds: Int32Array;
  private readonly yearBounds: Int32Array;

  constructor() {
    this.days = Math.round((Date.UTC(2011 + YEARS, 0, 1) - FIRST_DAY) / DAY_MS);
    const n = this.days + 2 * MARGIN;
    this.monthBounds = new Int32Array(2 * n);
    this.yearBounds = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const d = new Date(FIRST_DAY + (i - MARGIN) * DAY_MS);
      this.iso.push(d.toISOString().slice(0, 10));
      const dayOf = (t: number) => Math.round((t - FIRST_DAY) / DAY_MS);
      this.monthBounds[2 * i] = dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      this.monthBounds[2 * i + 1] = dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      this.yearBounds[2 * i] = dayOf(Date.UTC(d.getUTCFullYear(), 0, 1));
      this.yearBounds[2 * i + 1] = dayOf(Date.UTC(d.getUTCFullYear(), 11, 31));
    }
  }

  date(day: number): string {
    return this.iso[day + MARGIN] as string;
  }

  month(day: number): [number, number] {
    return [this.monthBounds[2 * (day + MARGIN)] as number, this.monthBounds[2 * (day + MARGIN) + 1] as number];
  }

  year(day: number): [number, number] {
    return [this.yearBounds[2 * (day + MARGIN)] as number, this.yearBounds[2 * (day + MARGIN) + 1] as number];
  }
}
