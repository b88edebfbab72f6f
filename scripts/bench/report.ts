import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Figures } from './load.js';
import type { Scenario } from './scenarios.js';
import { ROOT } from './servers.js';

/** One scenario in one mode: the API, the raw ceiling (null when it has none) and hello world. */
export type Row = { mode: string; app: Figures; ceiling: Figures | null; hello: Figures };

export function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {}
  return { nproc: availableParallelism(), cpu: cpuModel, node: process.version, memory_gb: Math.round(totalmem() / 2 ** 30), commit };
}

export const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 1000) / 1000 : null);

/** The scenario's targets checked against the API's figures and its ratio to the ceiling. */
export function verdictOf(s: Scenario, app: Figures, toCeiling: number | null): string {
  return [
    `${app.p99_ms <= s.target.maxP99 ? 'met' : 'MISSED'} p99 <= ${s.target.maxP99}`,
    toCeiling === null
      ? 'no ceiling'
      : `${toCeiling >= s.target.minCeilingRatio ? 'met' : 'MISSED'} >= ${s.target.minCeilingRatio} of ceiling`,
  ].join('; ');
}

/** The side-by-side table (markdown) and its rows for the JSON. */
export function readTable(chosen: Scenario[], results: Record<string, Row[]>): { lines: string[]; table: Record<string, unknown>[] } {
  const lines = [
    '| scenario | mode | app req/s | p50 ms | p99 ms | ceiling req/s | p50 | p99 | hello req/s | app/ceiling | app/hello | target |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const table: Record<string, unknown>[] = [];
  for (const s of chosen) {
    for (const r of results[s.key] ?? []) {
      const toCeiling = ratio(r.app.requests_per_s, r.ceiling?.requests_per_s);
      const toHello = ratio(r.app.requests_per_s, r.hello.requests_per_s);
      const verdict = verdictOf(s, r.app, toCeiling);
      const c = r.ceiling;
      lines.push(
        `| ${s.title} | ${r.mode} | ${r.app.requests_per_s} | ${r.app.p50_ms} | ${r.app.p99_ms} | ${c?.requests_per_s ?? '-'} | ${c?.p50_ms ?? '-'} | ${c?.p99_ms ?? '-'} | ${r.hello.requests_per_s} | ${toCeiling ?? '-'} | ${toHello} | ${verdict} |`,
      );
      table.push({ scenario: s.key, title: s.title, ...r, app_to_ceiling: toCeiling, app_to_hello: toHello, verdict });
    }
  }
  return { lines, table };
}

/** Writes the report to `<outDir>/<time>.json` (through a temporary file, so a crash never leaves half of one). */
export function writeReport(outDir: string, report: { date: string } & Record<string, unknown>): string {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const outFile = join(dir, `${report.date.replaceAll(':', '-').slice(0, 19)}.json`);
  writeFileSync(`${outFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${outFile}.tmp`, outFile);
  return outFile;
}
