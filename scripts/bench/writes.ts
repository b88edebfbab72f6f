import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.js';
import { prepareDatabase } from '../../src/db/prepare.js';
import { createKey, revokeKey } from '../../src/write/keys.js';

/** What the issue asks: "writes at 50 a second alongside the read load keep every read target". */
export const WRITES_PER_S = 50;
/** Seven writes a cycle: an editorial team's draft event, claim and casualty report, one edit, three publications. */
export const WRITES_PER_CYCLE = 7;
/**
 * Cycles open at once, at most. A cycle starts every 140 ms whatever the
 * server does (50 writes/s in cycles of 7), so a slow server piles them up; at
 * 100 (700 writes waiting, 14 s of them) a start is skipped instead and the
 * achieved rate shows the shortfall.
 */
const MAX_OPEN_CYCLES = 100;

export interface BenchKeys {
  names: string[];
  coder: string;
  editor: string;
}

/** A coder and an editor (publishing needs an editor other than the author), made in the file before the server starts. */
export async function createBenchKeys(dbFile: string): Promise<BenchKeys> {
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  try {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const names = [`bench-coder-${stamp}`, `bench-editor-${stamp}`] as const;
    return { names: [...names], coder: createKey(database.db, names[0], 'coder'), editor: createKey(database.db, names[1], 'editor') };
  } finally {
    database.close();
  }
}

/** The keys were never shown to anyone; revoked all the same, so the file holds no live key it did not have before. */
export function revokeBenchKeys(dbFile: string, keys: BenchKeys): void {
  const database = openDatabase(dbFile);
  try {
    for (const name of keys.names) revokeKey(database.db, name);
  } finally {
    database.close();
  }
}

/** What new records cite: a published claim's article, claimant and quote (the quote rule passes at its offsets) and places events happened at. */
export interface Material {
  claim: { article_id: number; claimant_id: number; quote: string; quote_start: number; quote_end: number };
  locations: number[];
}

export function writeMaterial(dbFile: string): Material {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const claim = db.prepare('SELECT article_id, claimant_id, quote, quote_start, quote_end FROM claims ORDER BY id LIMIT 1').get();
    const locations = db.prepare('SELECT DISTINCT location_id FROM events WHERE id % 997 = 0 LIMIT 200').pluck().all() as number[];
    return { claim: claim as Material['claim'], locations };
  } finally {
    db.close();
  }
}

/** Figures of the writes sent within one window (a scenario's read load). */
export interface WriteFigures {
  target_per_s: number;
  writes_per_s: number;
  writes: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  non_2xx: number;
  /** Answers by status (0: no answer: a network error or a timeout). */
  by_status: Record<string, number>;
}

type Kind = 'events' | 'claims' | 'casualty_reports';
/** What the pass left in the file: records created (drafts until published) and published, and cycles done or skipped. */
export interface WriteTotals {
  created: Record<Kind, number>;
  published: Record<Kind, number>;
  cycles: number;
  skipped_cycles: number;
}

interface Sent {
  /** When it was sent, in performance.now() time. */
  at: number;
  ms: number;
  status: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends WRITES_PER_S writes a second through the write API until stopped: a
 * cycle of WRITES_PER_CYCLE starts every 1000 x 7 / 50 ms (open loop: not
 * waiting for the cycles before it), and within a cycle each write is sent
 * when the one it needs has answered (a step that fails ends its cycle).
 * `window()` gives the figures of the writes sent since the last window.
 */
export function startWriter(port: number, keys: BenchKeys, material: Material) {
  const sent: Sent[] = [];
  const inflight = new Set<number>();
  const zero = () => ({ events: 0, claims: 0, casualty_reports: 0 });
  const totals: WriteTotals = { created: zero(), published: zero(), cycles: 0, skipped_cycles: 0 };
  const open = new Set<Promise<void>>();
  let windowStart = performance.now();
  let counter = 0;

  const send = async (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => {
    const at = performance.now();
    inflight.add(at);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        // A publication has no body, and Fastify refuses an empty one declared as JSON.
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await res.json()) as { id?: number };
      sent.push({ at, ms: performance.now() - at, status: res.status });
      return res.ok ? { id: answer.id as number, etag: res.headers.get('etag') ?? '' } : null;
    } catch {
      sent.push({ at, ms: performance.now() - at, status: 0 });
      return null;
    } finally {
      inflight.delete(at);
    }
  };

  const cycle = async (n: number) => {
    const mark = `bench write pass ${n}`;
    const day = `20${11 + (n % 10)}-0${1 + (n % 9)}-1${n % 10}`;
    const event = await send('POST', '/events', keys.coder, {
      date_start: day,
      date_end: day,
      date_precision: 'day',
      date_note: mark,
      event_type: 'Explosions/Remote violence',
      sub_event_type: 'Air/drone strike',
      location_id: material.locations[n % material.locations.length] ?? 1,
      summary_en: mark,
    });
    if (!event) return;
    totals.created.events++;
    const claim = await send('POST', '/claims', keys.coder, {
      ...material.claim,
      statement_en: mark,
      claim_type: 'casualty_report',
      certainty: 'asserted',
      event_ids: [event.id],
    });
    if (!claim) return;
    totals.created.claims++;
    const report = await send('POST', '/casualty-reports', keys.coder, {
      claim_id: claim.id,
      event_id: event.id,
      victim_group: 'civilians',
      outcome: 'killed',
      count_low: 3,
      count_high: 3,
      qualifier: 'exact',
    });
    if (!report) return;
    totals.created.casualty_reports++;
    const patch = { 'content-type': 'application/merge-patch+json', 'if-match': event.etag };
    if (!(await send('PATCH', `/events/${event.id}`, keys.coder, { summary_en: `${mark}, edited` }, patch))) return;
    for (const [resource, id, kind] of [
      ['events', event.id, 'events'],
      ['claims', claim.id, 'claims'],
      ['casualty-reports', report.id, 'casualty_reports'],
    ] as const) {
      if (!(await send('POST', `/${resource}/${id}/publish`, keys.editor))) return;
      totals.published[kind]++;
    }
    totals.cycles++;
  };

  const timer = setInterval(
    () => {
      if (open.size >= MAX_OPEN_CYCLES) {
        totals.skipped_cycles++;
        return;
      }
      const running = cycle(counter++).finally(() => open.delete(running));
      open.add(running);
    },
    (1000 * WRITES_PER_CYCLE) / WRITES_PER_S,
  );

  return {
    /** The writes sent since the last window (or the start), once each has answered. */
    window: async (): Promise<WriteFigures> => {
      const end = performance.now();
      while ([...inflight].some((at) => at < end)) await sleep(10);
      const mine = sent.filter((x) => x.at >= windowStart && x.at < end);
      const seconds = (end - windowStart) / 1000;
      windowStart = end;
      const ms = mine.map((x) => x.ms).sort((a, b) => a - b);
      const byStatus: Record<string, number> = {};
      for (const x of mine) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
      return {
        target_per_s: WRITES_PER_S,
        writes_per_s: round(mine.length / seconds),
        writes: mine.length,
        p50_ms: round(percentile(ms, 50)),
        p99_ms: round(percentile(ms, 99)),
        max_ms: round(ms.at(-1) ?? 0),
        non_2xx: mine.filter((x) => x.status < 200 || x.status > 299).length,
        by_status: byStatus,
      };
    },
    /** Starts no more cycles and lets the open ones finish, so that what they created is published. */
    stop: async (): Promise<WriteTotals> => {
      clearInterval(timer);
      await Promise.all(open);
      return totals;
    },
  };
}
