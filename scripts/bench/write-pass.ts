import type { Figures } from './load.js';
import { ratio, verdictOf } from './report.js';
import type { Scenario } from './scenarios.js';
import { API_SCRIPT, startServer, stopServer } from './servers.js';
import {
  createBenchKeys,
  revokeBenchKeys,
  startWriter,
  WRITES_PER_CYCLE,
  WRITES_PER_S,
  type WriteFigures,
  type WriteTotals,
  writeMaterial,
} from './writes.js';

/**
 * Per key and minute: the pass sends 4 of each cycle's 7 writes with the coder
 * key (29 a second, 1,700 a minute), far above the default 120, which would
 * refuse most of them; 6,000 leaves room and still limits a runaway.
 */
const WRITE_RATE_LIMIT = '6000';

export interface WritePassRow {
  scenario: string;
  title: string;
  reads: Figures;
  app_to_ceiling: number | null;
  verdict: string;
  writes: WriteFigures;
}

export interface WritePass {
  keys: string[];
  rows: WritePassRow[];
  markdown: string[];
  /** Every record the pass added to the file, warm-up included. */
  totals: WriteTotals;
}

interface Options {
  chosen: Scenario[];
  dbFile: string;
  workers: number;
  port: number;
  duration: number;
  run: (paths: string[], seconds: number) => Promise<Figures>;
  /** The scenario's ceiling in the cluster, from the read pass. */
  ceilingOf: (key: string) => Figures | null;
}

/**
 * The cluster's read scenarios again, each while ~50 writes a second go
 * through the write API (scripts/bench/writes.ts): the "writes at 50
 * a second alongside the read load keep every read target". Two keys made in
 * the file first, revoked after.
 */
export async function runWritePass(o: Options): Promise<WritePass> {
  const keys = await createBenchKeys(o.dbFile);
  const rows: WritePassRow[] = [];
  let totals: WriteTotals | null = null;
  try {
    const material = writeMaterial(o.dbFile);
    const env = { WORKERS: String(o.workers), DB_FILE: o.dbFile, WRITE_RATE_LIMIT };
    const api = await startServer(API_SCRIPT, env, 'api-writes', o.port);
    // One writer for the whole pass, warm-up included: each worker verifies a key once (scrypt, ~40 ms) before it caches it.
    const writer = startWriter(o.port, keys, material);
    try {
      await o.run(
        o.chosen.flatMap((s) => s.paths.slice(-20)),
        3,
      );
      await writer.window();
      for (const s of o.chosen) {
        const reads = await o.run(s.paths, o.duration);
        const writes = await writer.window();
        const toCeiling = ratio(reads.requests_per_s, o.ceilingOf(s.key)?.requests_per_s);
        rows.push({ scenario: s.key, title: s.title, reads, app_to_ceiling: toCeiling, verdict: verdictOf(s, reads, toCeiling), writes });
        console.log(
          `  app ${s.key} with writes: ${reads.requests_per_s} req/s, p99 ${reads.p99_ms} ms; ` +
            `${writes.writes_per_s} writes/s, p99 ${writes.p99_ms} ms, ${writes.non_2xx} non-2xx`,
        );
      }
    } finally {
      totals = await writer.stop();
      await stopServer(api);
    }
  } finally {
    revokeBenchKeys(o.dbFile, keys);
  }
  const markdown = [
    `| scenario | reads req/s | p50 ms | p99 ms | app/ceiling | target | writes/s (of ${WRITES_PER_S}) | write p50 ms | write p99 ms | non-2xx writes |`,
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.title} | ${r.reads.requests_per_s} | ${r.reads.p50_ms} | ${r.reads.p99_ms} | ${r.app_to_ceiling ?? '-'} | ${r.verdict} | ${r.writes.writes_per_s} | ${r.writes.p50_ms} | ${r.writes.p99_ms} | ${r.writes.non_2xx} |`,
    ),
  ];
  return { keys: keys.names, rows, markdown, totals: totals as WriteTotals };
}

/** What the pass adds to the file, said before it starts (the summary after it gives the counts). */
export function writePassNotice(dbFile: string, scenarios: number, duration: number): string {
  const perSecond = Math.round(WRITES_PER_S / WRITES_PER_CYCLE);
  return (
    `write pass: adds about ${perSecond} events, as many claims and as many casualty reports, published, to ${dbFile} ` +
    `for each second it runs (${scenarios} scenario(s) of ${duration} s and a 3 s warm-up; ${WRITES_PER_CYCLE} writes a cycle: ` +
    'create event, claim, report; edit the event; publish the three), and two keys, revoked after'
  );
}

/** The target over the whole pass: every read target kept while the writes ran at their rate. */
export function writePassVerdict(pass: WritePass): string {
  const kept = pass.rows.filter((r) => !r.verdict.includes('MISSED')).length;
  const rates = pass.rows.map((r) => r.writes.writes_per_s);
  const failed = pass.rows.reduce((n, r) => n + r.writes.non_2xx, 0);
  return (
    `${kept === pass.rows.length ? 'met' : 'MISSED'} writes at ${WRITES_PER_S}/s keep every read target ` +
    `(${kept} of ${pass.rows.length} scenarios kept theirs; writes ${Math.min(...rates)}-${Math.max(...rates)}/s, ${failed} non-2xx, cluster)`
  );
}
