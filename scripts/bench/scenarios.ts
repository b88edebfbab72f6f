import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { encodeCursor } from '../../src/query/pagination.js';
import { Random } from '../../src/synth/random.js';

/** Distinct URLs autocannon cycles through per scenario. */
export const URLS_PER_SCENARIO = 1000;

export interface Scenario {
  key: string;
  title: string;
  paths: string[];
  /** What the issue asks of it (p99 and share of the raw ceiling), checked against the figures and printed. */
  target: { maxP99: number; minCeilingRatio: number };
}

/** The scenarios' query strings, built from the data itself (seeded: the same file gives the same URLs). */
export function buildScenarios(dbFile: string): { scenarios: Scenario[]; dbInfo: Record<string, unknown> } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const random = new Random(42);
  try {
    const maxEventId = db.prepare('SELECT max(id) FROM events').pluck().get() as number;
    const eventCount = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const synthReport = db.prepare("SELECT value FROM meta WHERE key = 'synth_report'").pluck().get() as string | undefined;

    // Every event's position in the list order, sampled: (date_start, id) of every 50th row and of the rows around page 1000.
    const order = db.prepare('SELECT date_start, id FROM events ORDER BY date_start, id').raw();
    const shallow: [string, number][] = [];
    const deep: [string, number][] = [];
    const deepStep = Math.max(1, Math.floor((eventCount - 50_000) / URLS_PER_SCENARIO));
    let position = 0;
    for (const row of order.iterate() as Iterable<[string, number]>) {
      if (position < 50_000 && position % 50 === 49) shallow.push(row);
      if (position >= 49_999 && (position - 49_999) % deepStep === 0 && deep.length < URLS_PER_SCENARIO) deep.push(row);
      position++;
    }
    const cursorAfter = ([sort, id]: [string, number]) => encodeCursor('events', { sort, id });
    const reportDate = db.prepare('SELECT e.date_start FROM casualty_reports r JOIN events e ON e.id = r.event_id WHERE r.id = ?').pluck();
    const cursorAfterReport = (id: number) =>
      encodeCursor('casualty-reports', { sort: (reportDate.get(id) as string | undefined) ?? '2011-01-01', id });

    // Popularity from a 1-in-20 sample of events: pairs of (actor, place) and how often they occur together.
    const sample = db
      .prepare(
        `SELECT ea.actor_id AS actor, e.location_id AS place FROM events e JOIN event_actors ea ON ea.event_id = e.id
         WHERE e.id % 20 = 0 AND e.key LIKE 'synth:%'`,
      )
      .raw()
      .all() as [number, number][];
    const pairCount = new Map<string, number>();
    const actorCount = new Map<number, number>();
    const placeCount = new Map<number, number>();
    for (const [a, p] of sample) {
      pairCount.set(`${a}:${p}`, (pairCount.get(`${a}:${p}`) ?? 0) + 1);
      actorCount.set(a, (actorCount.get(a) ?? 0) + 1);
      placeCount.set(p, (placeCount.get(p) ?? 0) + 1);
    }
    const names = (table: 'actors' | 'locations') => {
      const rows = db.prepare(`SELECT id, name, name_ar FROM ${table}`).raw().all() as [number, string, string | null][];
      return new Map(rows.map(([id, name, ar]) => [id, { name, ar }]));
    };
    const actorNames = names('actors');
    const placeNames = names('locations');
    const spell = (entry: { name: string; ar: string | null } | undefined) =>
      encodeURIComponent(entry?.ar && random.chance(0.4) ? entry.ar : (entry?.name ?? ''));

    const popular = [...pairCount.entries()].sort((x, y) => y[1] - x[1]).slice(0, URLS_PER_SCENARIO);
    // Rare pairs: seen once in the sample, at a place seen at most twice, by an actor outside the most active tenth.
    const actorRanks = [...actorCount.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
    const busyActors = new Set(actorRanks.slice(0, Math.ceil(actorRanks.length / 10)));
    const rare = random.shuffle(
      [...pairCount.entries()]
        .filter(([k, n]) => {
          const [a, p] = k.split(':').map(Number) as [number, number];
          return n === 1 && !busyActors.has(a) && (placeCount.get(p) ?? 0) <= 2;
        })
        .map(([k]) => k),
    );
    const pairPath = (key: string) => {
      const [a, p] = key.split(':').map(Number) as [number, number];
      return `/events?actor=${spell(actorNames.get(a))}&place=${spell(placeNames.get(p))}`;
    };

    const day = (d: number) => new Date(Date.UTC(2011, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const ranges = Array.from({ length: URLS_PER_SCENARIO }, () => {
      const span = random.pick([0, 1, 6, 13, 30, 90, 180, 365]);
      const start = random.int(0, 3652 - span);
      return `/events?from=${day(start)}&to=${day(start + span)}`;
    });

    // Full text: the names of places and actors events in the sample happened at or involved, in either script, alone or with a word.
    const words = ['market', 'shelled', 'checkpoint', 'قصفت', 'مدنيين', 'حاجزا', 'school', 'مقتل'];
    const texts = new Set<string>();
    const sampled = random.shuffle([...sample]);
    for (let i = 0; texts.size < URLS_PER_SCENARIO && i < sampled.length; i++) {
      const [a, p] = sampled[i] as [number, number];
      const entity = random.chance(0.6) ? placeNames.get(p) : actorNames.get(a);
      const name = entity?.ar && random.chance(0.5) ? entity.ar : (entity?.name ?? '');
      texts.add(random.chance(0.3) ? `${name} ${random.pick(words)}` : name);
    }

    // CSV export of 5,000 rows: 10 pages of 500 (the contract's largest page) of one period's events (a month at
    // 2.5 M events; longer on a smaller file, so that the period holds 5,000), cursors from the same order.
    const exports: string[] = [];
    const span = Math.min(60, Math.ceil((6000 * 120) / eventCount));
    const monthStarts = random.shuffle(Array.from({ length: 120 - span + 1 }, (_, m) => m)).slice(0, 100);
    const monthRows = db
      .prepare('SELECT date_start, id FROM events WHERE date_end >= ? AND date_start <= ? ORDER BY date_start, id LIMIT 5000')
      .raw();
    for (const m of monthStarts) {
      const from = new Date(Date.UTC(2011, m, 1)).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(2011, m + span, 0)).toISOString().slice(0, 10);
      const rows = monthRows.all(from, to) as [string, number][];
      if (rows.length < 5000) continue;
      for (let page = 0; page < 10; page++) {
        const cursor = page === 0 ? '' : `&cursor=${cursorAfter(rows[page * 500 - 1] as [string, number])}`;
        exports.push(`/events?format=csv&limit=500&from=${from}&to=${to}${cursor}`);
      }
    }

    const topActors = [...actorCount.entries()].sort((x, y) => y[1] - x[1]).map(([a]) => a);
    const topPlaces = [...placeCount.entries()].sort((x, y) => y[1] - x[1]).map(([p]) => p);
    const reportIds = db.prepare('SELECT max(id) FROM casualty_reports').pluck().get() as number;
    const target = { maxP99: 50, minCeilingRatio: 0.5 };
    const n = URLS_PER_SCENARIO;
    const scenarios: Scenario[] = [
      {
        key: 'pairs',
        title: 'actor + place: 500 most frequent and 500 rare pairs, by name',
        paths: random.shuffle([...popular.slice(0, n / 2).map(([k]) => pairPath(k)), ...rare.slice(0, n / 2).map(pairPath)]),
        target,
      },
      {
        key: 'actor',
        title: 'actor alone (popular to rare)',
        paths: topActors.slice(0, n).map((a) => `/events?actor=${spell(actorNames.get(a))}`),
        target,
      },
      {
        key: 'place',
        title: 'place alone (popular to rare)',
        paths: topPlaces.slice(0, n).map((p) => `/events?place=${spell(placeNames.get(p))}`),
        target,
      },
      { key: 'dates', title: 'from/to, 1 day to 1 year', paths: ranges, target },
      {
        key: 'q',
        title: 'q= full text, names and words in both scripts',
        paths: [...texts].map((t) => `/events?q=${encodeURIComponent(t)}`),
        target,
      },
      { key: 'event', title: '/events/{id}', paths: Array.from({ length: n }, () => `/events/${random.int(1, maxEventId)}`), target },
      {
        key: 'claims',
        title: '/claims, pages by cursor',
        paths: Array.from({ length: n }, (_, i) =>
          i === 0 ? '/claims' : `/claims?cursor=${encodeCursor('claims', { sort: null, id: random.int(1, maxEventId * 2) })}`,
        ),
        target,
      },
      {
        key: 'casualty_reports',
        title: '/casualty-reports?limit=50, pages by cursor',
        paths: Array.from({ length: n }, (_, i) =>
          i === 0 ? '/casualty-reports?limit=50' : `/casualty-reports?limit=50&cursor=${cursorAfterReport(random.int(1, reportIds))}`,
        ),
        target,
      },
      { key: 'figures', title: '/figures, by place', paths: topPlaces.slice(0, n).map((p) => `/figures?place=${p}`), target },
      {
        key: 'stats',
        title: '/events/stats by month, year, admin1, type or actor, with an actor or a place',
        // Each of the five groupings for each of the 100 most active actors and the 100 busiest places: 1,000 distinct URLs.
        paths: Array.from({ length: n }, (_, i) => {
          const group = ['month', 'year', 'admin1', 'event_type', 'actor'][i % 5];
          const j = Math.floor(i / 5);
          return `/events/stats?group_by=${group}&${j % 2 ? `actor=${topActors[(j - 1) / 2]}` : `place=${topPlaces[j / 2]}`}`;
        }),
        target: { maxP99: 100, minCeilingRatio: 0.5 },
      },
      {
        key: 'deep_cursor',
        title: '/events with a cursor 1,000+ pages deep',
        paths: deep.map((r) => `/events?cursor=${cursorAfter(r)}`),
        target,
      },
      { key: 'csv', title: 'CSV export, 10 pages of 500 per 5,000 rows (one request = one page)', paths: exports, target },
    ];
    const sizeMb = Math.round(statSync(dbFile).size / 1e6);
    return {
      scenarios,
      dbInfo: { file: dbFile, size_mb: sizeMb, events: eventCount, synth: synthReport ? JSON.parse(synthReport) : null },
    };
  } finally {
    db.close();
  }
}
