import type Database from 'better-sqlite3';
import { migrateDatabase, openDatabase } from '../db/client.js';
import type { SubEventType } from '../domain.js';
import { claimSearchText, ensureSearchIndex, eventSearchText, searchIndexWriter } from '../search/index.js';
import { loadCorpus } from '../seed/corpus.js';
import { type CasualtyReportRow, type ClaimRow, createRowWriters, type RowWriters, seedDatabase } from '../seed/load.js';
import { appendLiteral, EVENT_KINDS, type Slots, sentence, TARGETS } from './content.js';
import { Random, Weighted } from './random.js';
import { checkFolding, Folder, Phrase } from './text.js';
import { buildWorld, type World, type WorldActor, type WorldLocation } from './world.js';

export interface SynthOptions {
  events: number;
  seed: number;
  actors: number;
  locations: number;
  /** Events per transaction. */
  batch?: number;
  /** Run integrity_check (which includes CHECK constraints) and foreign_key_check on the finished file. */
  verify?: boolean;
  onStage?: (stage: string) => void;
  onProgress?: (eventsWritten: number) => void;
}

export interface SynthReport {
  counts: Record<string, number>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/**
 * The tables the event loop fills. Their indexes (the unique key indexes too: rows are appended, never
 * upserted) are built once at the end instead of row by row; rebuilding a unique index re-checks every key.
 */
const BULK_TABLES = ['events', 'event_actors', 'claims', 'claim_events', 'casualty_reports', 'articles'];

const SEARCH_TABLES = ['search_events', 'search_claims'];

const FIRST_DAY = Date.UTC(2011, 0, 1);
const YEARS = 10;
const DAY_MS = 86_400_000;
const MARGIN = 400;

/** ISO dates and month/year bounds for every day of the period (and a margin either side), computed once. */
class Calendar {
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

/** More events in the middle years of the war than at its start and end. */
const YEAR_INTENSITY = [0.25, 0.7, 1.2, 1.35, 1.3, 1.25, 1.1, 0.85, 0.65, 0.45];

const PRECISIONS = Weighted.of([
  ['day', 72],
  ['week', 8],
  ['month', 7],
  ['range', 6],
  ['year', 2],
  ['unknown', 5],
] as const);

const DATE_NOTES: Record<string, string[]> = {
  day: ['The article gives the day ("yesterday", relative to its publication).', 'Dated by the article: "on Monday" before publication.'],
  week: ['The article says "this week"; the range is that week.'],
  month: ['The article gives only the month.'],
  range: ['The article says "in recent days"; the range ends on the day of the report.'],
  year: ['The article gives only the year.'],
  unknown: ['No date in the text; the range is the two months before publication.'],
};

const OUTCOMES = Weighted.of([
  ['killed', 65],
  ['injured', 25],
  ['captured', 3],
  ['displaced', 3],
  ['detained', 2],
  ['missing', 2],
] as const);

const QUALIFIERS = Weighted.of([
  ['exact', 60],
  ['at_least', 12],
  ['about', 10],
  ['more_than', 5],
  ['range', 5],
  ['vague', 8],
] as const);

const VICTIM_GROUPS = [
  { group: 'civilians', en: 'civilians', ar: 'مدنيين' },
  { group: 'children', en: 'children', ar: 'أطفال' },
  { group: 'women', en: 'women', ar: 'نساء' },
  { group: 'workers', en: 'workers', ar: 'عمال' },
  { group: 'fighters', en: 'fighters', ar: 'مقاتلين' },
];

const VAGUE = [
  { text: 'العشرات', en: 'dozens of', ar: 'العشرات من' },
  { text: 'أعداد كبيرة', en: 'large numbers of', ar: 'أعداد كبيرة من' },
  { text: 'عدد من', en: 'a number of', ar: 'عدد من' },
];

const OUTCOME_WORDS: Record<string, { en: string; ar: string }> = {
  killed: { en: 'killing', ar: 'ما أدى إلى مقتل' },
  injured: { en: 'wounding', ar: 'ما أدى إلى إصابة' },
  captured: { en: 'capturing', ar: 'وأسر' },
  displaced: { en: 'displacing', ar: 'ما أدى إلى تهجير' },
  detained: { en: 'detaining', ar: 'واعتقال' },
  missing: { en: 'leaving missing', ar: 'وفقدان' },
};

const LEADS = [
  { en: 'said that', ar: ['قال', 'إن'] },
  { en: 'reported that', ar: ['أفاد', 'بأن'] },
  { en: 'stated that', ar: ['ذكر', 'أن'] },
  { en: 'announced that', ar: ['أعلن', 'أن'] },
] as const;

const CLAIM_COUNTS = Weighted.of([
  [1, 20],
  [2, 25],
  [3, 22],
  [4, 15],
  [5, 10],
  [6, 8],
] as const);

const REPORT_COUNTS = Weighted.of([
  [0, 25],
  [1, 55],
  [2, 15],
  [3, 5],
] as const);

const PLAIN_CLAIM_TYPES = Weighted.of([
  ['event_report', 84],
  ['statement', 8],
  ['assessment', 4],
  ['territorial_control', 4],
] as const);

const NEEDS_SECOND_ACTOR = new Set<SubEventType>([
  'Armed clash',
  'Government regains territory',
  'Non-state actor overtakes territory',
  'Agreement',
  'Non-violent transfer of territory',
]);

interface Figure {
  outcome: CasualtyReportRow['outcome'];
  qualifier: CasualtyReportRow['qualifier'];
  count_low: number | null;
  count_high: number | null;
  vague_text: string | null;
  victim_actor: WorldActor | null;
  victim_group: (typeof VICTIM_GROUPS)[number] | null;
}

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

/**
 * Writes a synthetic data set of realistic shape into a migrated database
 * file, through the same row writers as the seed loader. The hand-coded seed
 * is loaded first, so the API starts on the file without writing anything.
 */
export async function generateSynthetic(file: string, options: SynthOptions): Promise<SynthReport> {
  const timings: Record<string, number> = {};
  const begun = performance.now();
  let mark = begun;
  const stage = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  options.onStage?.('schema and hand-coded seed');
  const database = openDatabase(file);
  const { sqlite, db } = database;
  try {
    migrateDatabase(db);
    seedDatabase(db, await loadCorpus());
    ensureSearchIndex(db);
    stage('schema_and_seed');

    // A new file nobody reads until it is finished: no WAL copy, no fsync, and neither foreign-key lookups nor
    // CHECK expressions per row. The generator links only rows it has just written and draws every value from
    // the domain lists; `verify` (and the test suite, on a small file) runs integrity_check and foreign_key_check.
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.pragma('ignore_check_constraints = ON');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('threads = 2');
    // Full-text index: large in-memory segments and no merging while rows stream in; one merge at the end.
    for (const table of SEARCH_TABLES) {
      sqlite.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', ${64 * 1024 * 1024}), ('automerge', 0)`);
    }
    const deferred = sqlite
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(BULK_TABLES)) as { name: string; sql: string }[];
    for (const index of deferred) sqlite.exec(`DROP INDEX ${index.name}`);

    options.onStage?.('actors and places');
    const random = new Random(options.seed);
    const world = buildWorld(random.fork(10), { actors: options.actors, locations: options.locations });
    const w = createRowWriters(sqlite, 'append');
    sqlite.transaction(() => writeWorld(w, world))();
    stage('world');

    options.onStage?.('events, claims and casualty reports');
    const writer = new EventWriter(sqlite, w, world, random.fork(20), new Calendar());
    await writer.run(options.events, options.batch ?? 20_000, options.onProgress);
    stage('events');

    options.onStage?.('indexes');
    for (const index of deferred) sqlite.exec(index.sql);
    stage('indexes');

    options.onStage?.('full-text merge');
    for (const table of SEARCH_TABLES) {
      sqlite.exec(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
      sqlite.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('hashsize', ${1024 * 1024}), ('automerge', 4)`);
    }
    stage('search_merge');

    options.onStage?.('statistics');
    sqlite.pragma('analysis_limit = 2000');
    sqlite.exec('ANALYZE');
    stage('analyze');

    sqlite.pragma('ignore_check_constraints = OFF');
    sqlite.pragma('foreign_keys = ON');
    if (options.verify) {
      options.onStage?.('verify');
      const problems = [
        ...(sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok'),
        ...(sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map(
          (r) => `${r.table} row ${r.rowid}: no ${r.parent} row`,
        ),
      ];
      if (problems.length) throw new Error(`the generated file fails its checks:\n  ${problems.slice(0, 20).join('\n  ')}`);
      stage('verify');
    }
    timings.total = Math.round(performance.now() - begun);
    createRowWriters(sqlite).setMeta(
      'synth_report',
      JSON.stringify({
        events: options.events,
        seed: options.seed,
        actors: options.actors,
        locations: options.locations,
        seconds: timings.total / 1000,
        stage_ms: timings,
      }),
    );
    sqlite.pragma('journal_mode = WAL');
    const counts: Record<string, number> = {};
    for (const table of [
      'events',
      'claims',
      'claim_events',
      'casualty_reports',
      'event_actors',
      'articles',
      'actors',
      'actor_aliases',
      'locations',
      'location_aliases',
    ]) {
      counts[table] = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return { counts, timings };
  } finally {
    database.close();
  }
}

function writeWorld(w: RowWriters, world: World): void {
  for (const a of world.actors) a.id = w.upsertActor({ key: a.key, name: a.name, name_ar: a.name_ar, kind: a.kind, note: null });
  for (const a of world.actors) if (a.parent !== null) w.setActorParent(a.id, (world.actors[a.parent] as WorldActor).id);
  for (const a of world.actors) {
    w.addActorAlias(a.id, a.name, 'en');
    w.addActorAlias(a.id, a.name_ar, 'ar');
    for (const alias of a.aliases) w.addActorAlias(a.id, alias.text, alias.lang);
  }
  for (const l of world.locations) {
    l.id = w.upsertLocation({
      key: l.key,
      name: l.name,
      name_ar: l.name_ar,
      kind: l.kind,
      lat: l.lat,
      lon: l.lon,
      geo_precision: l.geo_precision,
      coord_source: l.coord_source,
      geonames_id: l.geonames_id,
      pcode: null,
      note: l.coord_source === 'gazetteer' ? 'Synthetic place: invented name and coordinates.' : null,
    });
  }
  for (const l of world.locations) if (l.parent !== null) w.setLocationParent(l.id, (world.locations[l.parent] as WorldLocation).id);
  for (const l of world.locations) {
    w.addLocationAlias(l.id, l.name, 'en');
    w.addLocationAlias(l.id, l.name_ar, 'ar');
    for (const alias of l.aliases) w.addLocationAlias(l.id, alias.text, alias.lang);
  }
}

/** Writes events in date order, a few at a time with the article that reports them. */
class EventWriter {
  private readonly folder = new Folder();
  private readonly search;
  private claimSeq = 0;
  private reportSeq = 0;
  private articleSeq = 0;
  private eventSeq = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly w: RowWriters,
    private readonly world: World,
    private readonly random: Random,
    private readonly calendar: Calendar,
  ) {
    this.search = searchIndexWriter(sqlite);
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
      // Let timers run (the progress bar redraws on one) between transactions.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private phrase(): Phrase {
    return new Phrase(this.folder);
  }

  private figure(r: Random, actors: WorldActor[]): Figure {
    const qualifier = QUALIFIERS.draw(r);
    const n = Math.floor(Math.exp(r.next() * 4)) + r.int(0, 3);
    const victimActor = actors[1] && r.chance(0.45) ? actors[1] : null;
    return {
      outcome: OUTCOMES.draw(r),
      qualifier,
      count_low: qualifier === 'vague' ? null : n,
      count_high: qualifier === 'exact' || qualifier === 'about' ? n : qualifier === 'range' ? n + r.int(1, 10) : null,
      vague_text: qualifier === 'vague' ? r.pick(VAGUE).text : null,
      victim_actor: victimActor,
      victim_group: victimActor ? null : r.pick(VICTIM_GROUPS),
    };
  }

  /** "killing at least 7 civilians" / "ما أدى إلى مقتل 7 مدنيين على الأقل" */
  private clause(f: Figure, lang: 'en' | 'ar'): Phrase {
    const p = this.phrase();
    appendLiteral(p, OUTCOME_WORDS[f.outcome]?.[lang] ?? '');
    const victims = f.victim_actor
      ? lang === 'en'
        ? `fighters of ${f.victim_actor.name}`
        : `عناصر من ${f.victim_actor.name_ar}`
      : (f.victim_group?.[lang] ?? '');
    const low = String(f.count_low);
    const amount: Record<string, string> =
      lang === 'en'
        ? {
            exact: low,
            at_least: `at least ${low}`,
            about: `about ${low}`,
            more_than: `more than ${low}`,
            range: `${low} to ${f.count_high}`,
          }
        : {
            exact: low,
            at_least: `${low} على الأقل`,
            about: `نحو ${low}`,
            more_than: `أكثر من ${low}`,
            range: `بين ${low} و ${f.count_high}`,
          };
    if (f.qualifier === 'vague') p.add(VAGUE.find((v) => v.text === f.vague_text)?.[lang] ?? '').add(victims);
    else if (lang === 'ar' && f.qualifier === 'at_least') p.add(low).add(victims).add('على الأقل');
    else p.add(amount[f.qualifier] ?? low).add(victims);
    return p;
  }

  private writeGroup(days: Int32Array): void {
    const r = this.random;
    const { world, calendar, w } = this;
    const pending: PendingEvent[] = [];
    for (const day of days) {
      const [eventType, subType] = EVENT_KINDS.draw(r);
      const a1 = world.fighterPopularity.draw(r);
      const actors = [a1];
      const roles: string[] = ['actor1'];
      if (NEEDS_SECOND_ACTOR.has(subType) || r.chance(0.6)) {
        let a2 = world.fighterPopularity.draw(r);
        for (let tries = 0; tries < 4 && rootOf(world, a2) === rootOf(world, a1); tries++) a2 = world.fighterPopularity.draw(r);
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
      const id = w.upsertEvent({
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
      for (const [i, a] of actors.entries()) w.addEventActor(id, a.id, roles[i] as string);
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
    const { w, world, calendar } = this;
    const publisher = r.chance(0.7) ? world.sourcePopularity.draw(r) : null;
    interface PendingClaim {
      event: PendingEvent;
      also: PendingEvent | null;
      claimant: WorldActor;
      claimant_text: string | null;
      quote: Phrase;
      statement: Phrase;
      figures: Figure[];
      claim_type: ClaimRow['claim_type'];
      certainty: ClaimRow['certainty'];
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
    const articleId = w.upsertArticle({
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
      const claimId = w.upsertClaim({
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
      w.linkClaimEvent(claimId, c.event.id);
      if (c.also) w.linkClaimEvent(claimId, c.also.id);
      const folded = `${c.quote.folding()} ${c.statement.folding()}`;
      if (this.claimSeq % 2999 === 1) checkFolding(claimSearchText(quote, c.statement.text()), folded);
      this.search.insertClaim(claimId, folded);
      for (const f of c.figures) {
        this.reportSeq++;
        w.upsertCasualtyReport({
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
