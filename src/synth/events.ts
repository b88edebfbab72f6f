import type Database from 'better-sqlite3';
import type { ClaimInsert, RowWriters } from '../db/writers.js';
import type { SubEventType } from '../domain.js';
import { claimSearchText, eventSearchText } from '../search/index.js';
import type { Calendar } from './calendar.js';
import { EVENT_KINDS, type Slots, sentence, TARGETS } from './content.js';
import {
  CLAIM_COUNTS,
  DATE_NOTES,
  LEADS,
  NEEDS_SECOND_ACTOR,
  PLAIN_CLAIM_TYPES,
  PRECISIONS,
  REPORT_COUNTS,
  YEAR_INTENSITY,
} from './distributions.js';
import { drawFigure, type Figure, figureClause } from './figures.js';
import { type Random, Weighted } from './random.js';
import type { SearchBuilder } from './search-build.js';
import { checkFolding, Folder, Phrase } from './text.js';
import type { World, WorldActor, WorldLocation } from './world.js';

interface PendingEvent {
  id: number;
  dateEnd: number;
  actors: WorldActor[];
  en: Phrase;
  ar: Phrase;
  figures: Figure[];
  claims: number;
  subType: SubEventType;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Writes events in date order, a few at a time with the article that reports them. */
export class EventWriter {
  private readonly folder = new Folder();
  /** Each actor's top-level group, by index: two sides of a clash are drawn from different groups. */
  private readonly roots: WorldActor[];
  private claimSeq = 0;
  private reportSeq = 0;
  private articleSeq = 0;
  private eventSeq = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly rows: RowWriters,
    private readonly world: World,
    private readonly random: Random,
    private readonly calendar: Calendar,
    private readonly search: Pick<SearchBuilder, 'insertEvent' | 'insertClaim' | 'drain'>,
  ) {
    this.roots = world.actors.map((a) => rootOf(world, a));
  }

  async run(total: number, batch: number, onProgress?: (done: number) => void): Promise<void> {
    const r = this.random;
    const dayWeights = Array.from({ length: this.calendar.days }, (_, d) => YEAR_INTENSITY[Math.floor(d / 365.25)] ?? 0.5);
    const dayOf = new Weighted(
      dayWeights.map((_, d) => d),
      dayWeights,
    );
    const days = new Int32Array(total);
    for (let i = 0; i < total; i++) days[i] = dayOf.draw(r);
    days.sort();

    let done = 0;
    const writeBatch = this.sqlite.transaction((end: number) => {
      while (done < end) {
        const size = Math.min(end - done, r.int(1, 5));
        this.writeGroup(days.subarray(done, done + size));
        done += size;
      }
    });
    while (done < total) {
      writeBatch(Math.min(total, done + batch));
      onProgress?.(done);
      // Hands the batch's folded text to the full-text worker; timers (the progress bar redraws on one) run meanwhile.
      await this.search.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private phrase(): Phrase {
    return new Phrase(this.folder);
  }

  private figure(r: Random, actors: WorldActor[]): Figure {
    return drawFigure(r, actors);
  }

  private clause(f: Figure, lang: 'en' | 'ar'): Phrase {
    return figureClause(this.phrase(), f, lang);
  }

  private writeGroup(days: Int32Array): void {
    const r = this.random;
    const { world, calendar, rows } = this;
    const pending: PendingEvent[] = [];
    for (const day of days) {
      const [eventType, subType] = EVENT_KINDS.draw(r);
      const a1 = world.fighterPopularity.draw(r);
      const actors = [a1];
      const roles: string[] = ['actor1'];
      if (NEEDS_SECOND_ACTOR.has(subType) || r.chance(0.6)) {
        let a2 = world.fighterPopularity.draw(r);
        for (let tries = 0; tries < 4 && this.roots[a2.index] === this.roots[a1.index]; tries++) a2 = world.fighterPopularity.draw(r);
        if (a2 !== a1) {
          actors.push(a2);
          roles.push('actor2');
        }
      }
      if (a1.parent !== null && r.chance(0.12)) {
        actors.push(world.actors[a1.parent] as WorldActor);
        roles.push('assoc_actor_1');
      }

      const inHome = r.chance(0.7) ? world.placePopularityIn[a1.home] : undefined;
      let location = (inHome ?? world.placePopularity).draw(r);
      let geoPrecision = location.geo_precision;
      if (r.chance(0.05)) {
        for (let up = r.int(1, 3); up > 0 && location.parent !== null && location.level > 1; up--) {
          location = world.locations[location.parent] as WorldLocation;
        }
        geoPrecision = 3;
      }
      const governorate = location.governorate >= 0 ? world.governorates[location.governorate] : undefined;
      const country = world.locations[0] as WorldLocation;
      const region = governorate && governorate !== location ? governorate : country;

      const precision = PRECISIONS.draw(r);
      let [start, end] = [day, day];
      if (precision === 'week') end = day + 6;
      else if (precision === 'month') [start, end] = calendar.month(day);
      else if (precision === 'range') end = day + r.int(2, 20);
      else if (precision === 'year') [start, end] = calendar.year(day);
      else if (precision === 'unknown') start = day - 60;

      const target = r.pick(TARGETS);
      const slots: Slots = {
        A1: { en: a1.name, ar: a1.name_ar },
        A2:
          actors[1] && roles[1] === 'actor2'
            ? { en: actors[1].name, ar: actors[1].name_ar }
            : { en: 'local fighters', ar: 'مسلحين محليين' },
        T: target,
        P: { en: location.name, ar: location.name_ar },
        G: { en: region.name, ar: region.name_ar },
      };
      const en = sentence(this.phrase(), subType, 'en', slots);
      const ar = sentence(this.phrase(), subType, 'ar', slots);
      const figures = Array.from({ length: REPORT_COUNTS.draw(r) }, () => this.figure(r, actors));
      const summaryEn = this.phrase().concat(en);
      if (figures[0]) summaryEn.punct(',').concat(this.clause(figures[0], 'en'));
      summaryEn.punct('.');
      const withArabic = r.chance(0.6);
      const summaryAr = this.phrase().concat(ar);
      if (withArabic && figures[0]) summaryAr.punct('،').concat(this.clause(figures[0], 'ar'));
      summaryAr.punct('.');

      this.eventSeq++;
      const id = rows.upsertEvent({
        key: `synth:e:${pad(this.eventSeq, 9)}`,
        date_start: calendar.date(start),
        date_end: calendar.date(end),
        date_precision: precision,
        date_note: r.pick(DATE_NOTES[precision] as string[]),
        event_type: eventType,
        sub_event_type: subType,
        location_id: location.id,
        geo_precision: geoPrecision,
        summary_en: summaryEn.text(),
        summary_ar: withArabic ? summaryAr.text() : null,
        note: null,
      });
      for (const [i, a] of actors.entries()) rows.addEventActor(id, a.id, roles[i] as string);
      const folded = withArabic ? `${summaryEn.folding()} ${summaryAr.folding()}` : summaryEn.folding();
      if (this.eventSeq % 997 === 1) checkFolding(eventSearchText(summaryEn.text(), withArabic ? summaryAr.text() : null), folded);
      this.search.insertEvent(id, folded);
      pending.push({ id, dateEnd: end, actors, en, ar, figures, claims: Math.max(CLAIM_COUNTS.draw(r), figures.length), subType });
    }
    this.writeArticle(pending);
  }

  /** One article quoting every claim on the group's events, each claim's quote at its offsets in the text. */
  private writeArticle(events: PendingEvent[]): void {
    const r = this.random;
    const { rows, world, calendar } = this;
    const publisher = r.chance(0.7) ? world.sourcePopularity.draw(r) : null;
    interface PendingClaim {
      event: PendingEvent;
      also: PendingEvent | null;
      claimant: WorldActor;
      claimant_text: string | null;
      quote: Phrase;
      statement: Phrase;
      figures: Figure[];
      claim_type: ClaimInsert['claim_type'];
      certainty: ClaimInsert['certainty'];
      start: number;
      end: number;
    }
    const claims: PendingClaim[] = [];
    for (const event of events) {
      for (let c = 0; c < event.claims; c++) {
        const figures = event.figures.filter((_, i) => i === c);
        const ownVoice = publisher !== null && r.chance(0.15);
        const claimant = ownVoice
          ? publisher
          : r.chance(0.2)
            ? (event.actors[r.int(0, event.actors.length - 1)] as WorldActor)
            : world.sourcePopularity.draw(r);
        const denial = figures.length === 0 && r.chance(0.03);
        const quote = this.phrase();
        const statement = this.phrase();
        if (!ownVoice) {
          const lead = denial ? { en: 'denied that', ar: ['نفى', 'أن'] as const } : r.pick(LEADS);
          quote.add(lead.ar[0]).add(claimant.name_ar).add(lead.ar[1]);
          statement.add(claimant.name).add(lead.en);
        }
        quote.concat(event.ar);
        statement.concat(event.en);
        for (const f of figures) {
          quote.punct('،').concat(this.clause(f, 'ar'));
          statement.punct(',').concat(this.clause(f, 'en'));
        }
        const claimType = figures.length ? 'casualty_report' : denial ? 'denial' : PLAIN_CLAIM_TYPES.draw(r);
        claims.push({
          event,
          also: events.length > 1 && r.chance(0.03) ? (events.find((e) => e !== event) ?? null) : null,
          claimant,
          claimant_text: ownVoice ? null : claimant.name_ar,
          quote,
          statement,
          figures,
          claim_type: claimType,
          certainty: denial ? 'denied' : claimType === 'assessment' ? 'assessment' : r.chance(0.25) ? 'alleged' : 'asserted',
          start: 0,
          end: 0,
        });
      }
    }

    const title = (events[0] as PendingEvent).ar.text();
    let text = `${title}\n\n`;
    for (const c of claims) {
      const quote = c.quote.text();
      c.start = text.length;
      text += quote;
      c.end = text.length;
      text += '. ';
    }
    this.articleSeq++;
    const published = calendar.date(Math.max(...events.map((e) => e.dateEnd)) + r.int(0, 2));
    const articleId = rows.upsertArticle({
      file_name: `synth-${pad(this.articleSeq, 8)}.txt`,
      title,
      text: text.trimEnd(),
      language: 'ar',
      publisher: publisher?.name ?? null,
      publisher_actor_id: publisher?.id ?? null,
      published_start: published,
      published_end: published,
      published_precision: 'day',
      published_note: 'Synthetic article written by npm run synth.',
      published_basis: 'inference: synthetic article written by npm run synth.',
    });

    for (const c of claims) {
      this.claimSeq++;
      const quote = c.quote.text();
      const claimId = rows.upsertClaim({
        key: `synth:c:${pad(this.claimSeq, 10)}`,
        article_id: articleId,
        claimant_id: c.claimant.id,
        claimant_text: c.claimant_text,
        quote,
        quote_start: c.start,
        quote_end: c.end,
        statement_en: c.statement.text(),
        claim_type: c.claim_type,
        certainty: c.certainty,
        note: null,
      });
      rows.linkClaimEvent(claimId, c.event.id);
      if (c.also) rows.linkClaimEvent(claimId, c.also.id);
      const folded = `${c.quote.folding()} ${c.statement.folding()}`;
      if (this.claimSeq % 2999 === 1) checkFolding(claimSearchText(quote, c.statement.text()), folded);
      this.search.insertClaim(claimId, folded);
      for (const f of c.figures) {
        this.reportSeq++;
        rows.upsertCasualtyReport({
          key: `synth:r:${pad(this.reportSeq, 10)}`,
          claim_id: claimId,
          event_id: c.event.id,
          victim_actor_id: f.victim_actor?.id ?? null,
          victim_group: f.victim_group?.group ?? null,
          outcome: f.outcome,
          count_low: f.count_low,
          count_high: f.count_high,
          qualifier: f.qualifier,
          vague_text: f.vague_text,
          subset_of_id: null,
          note: null,
        });
      }
    }
  }
}

function rootOf(world: World, actor: WorldActor): WorldActor {
  let a = actor;
  while (a.parent !== null) a = world.actors[a.parent] as WorldActor;
  return a;
}
