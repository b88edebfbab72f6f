import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CEILING_URLS, ceilingPaths } from './bench/ceiling.js';
import { type Figures, load } from './bench/load.js';
import { machine, type Row, readTable, writeReport } from './bench/report.js';
import { buildScenarios, URLS_PER_SCENARIO } from './bench/scenarios.js';
import { API_SCRIPT, type Memory, memoryOf, ROOT, startServer, stopServer } from './bench/servers.js';
import { checkStatsCeiling, type StatsCheck } from './bench/stats-check.js';
import { runWritePass, type WritePass, writePassNotice, writePassVerdict } from './bench/write-pass.js';

/**
 * `npm run bench [-- --db data/synth.db --duration 10 --connections 32 --only pairs,q --dump-urls dir --writes]`
 *
 * For each scenario, side by side in one run and each as a single worker and
 * as the cluster (one worker per core): the API (src/cluster.ts compiled, as
 * `npm run start:cluster` runs it; info-level
 * logging to a file, default settings), the raw ceiling (scripts/bench-ceiling.ts:
 * a bare Fastify route on the same runner reading the same rows the API's
 * response holds, by id, from the same file, and JSON.stringify) and hello
 * world (scripts/bench-hello.ts). autocannon cycles through 1,000 distinct URLs
 * per scenario (the ceiling through the first 100's rows; for stats, its own
 * GROUP BY on every URL, checked first against the API's answers). Prints req/s,
 * p50/p99, app/ceiling and app/hello-world, start-up, peak RSS and the load
 * average; writes every figure to bench/results/<time>.json.
 *
 * With --writes, a last pass runs the cluster's scenarios again while ~50
 * writes a second go through the write API (scripts/bench/write-pass.ts). It
 * adds published records to the file, so it runs only when asked: a benchmark
 * that changed its input unasked would make the next run's data differ.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'data/synth.db' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    workers: { type: 'string', default: String(availableParallelism()) },
    port: { type: 'string', default: '3917' },
    only: { type: 'string' },
    'dump-urls': { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
    writes: { type: 'boolean', default: false },
  },
  strict: true,
});

const dbFile = resolve(values.db);
if (!existsSync(dbFile)) {
  console.error(`${dbFile} does not exist: run \`npm run synth -- --events 2500000 --out ${values.db}\` first`);
  process.exit(2);
}
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const port = Number(values.port);
const run = (paths: string[], seconds: number) => load(paths, seconds, { port, connections });

const MODES = [
  { key: 'single', workers: 1 },
  { key: 'cluster', workers },
] as const;

async function main() {
  console.log(`preparing query strings from ${dbFile} ...`);
  const { scenarios, dbInfo } = buildScenarios(dbFile);
  const chosen = values.only ? scenarios.filter((s) => values.only?.split(',').includes(s.key)) : scenarios;
  for (const s of chosen)
    if (new Set(s.paths).size < URLS_PER_SCENARIO) console.warn(`warning: ${s.key} has only ${new Set(s.paths).size} distinct URLs`);
  const dumpDir = values['dump-urls'];
  if (dumpDir) {
    mkdirSync(dumpDir, { recursive: true });
    for (const s of chosen) writeFileSync(join(dumpDir, `${s.key}.txt`), `${s.paths.join('\n')}\n`);
    console.log(`URLs written to ${dumpDir}; no load run`);
    return;
  }
  // A server that has been running holds its file in the OS page cache; read it once so the first scenario does not pay for that.
  const warmStarted = performance.now();
  for await (const _ of createReadStream(dbFile, { highWaterMark: 8 * 1024 * 1024 })) {
  }
  console.log(`read ${dbInfo.size_mb} MB into the OS page cache in ${Math.round((performance.now() - warmStarted) / 1000)} s`);
  // The API runs compiled, as in production (scripts/build-server.ts); the ceiling and hello world run with tsx.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { cwd: ROOT, stdio: 'inherit' });
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();

  const results: Record<string, Row[]> = {};
  const hellos: Record<string, Figures> = {};
  let startup: Record<string, unknown> = {};
  let memory: Memory = [];
  const ceilings = new Map<string, string[]>();
  let statsCheck: StatsCheck | null = null;
  for (const mode of MODES) {
    const env = { WORKERS: String(mode.workers), DB_FILE: dbFile };
    console.log(`${mode.key} (${mode.workers} worker${mode.workers > 1 ? 's' : ''}): hello world ...`);
    const hello = await startServer('scripts/bench-hello.ts', env, `hello-${mode.key}`, port);
    try {
      await run(['/hello'], 2);
      hellos[mode.key] = await run(
        Array.from({ length: URLS_PER_SCENARIO }, (_, i) => `/hello?n=${i}`),
        duration,
      );
    } finally {
      await stopServer(hello);
    }
    const api = await startServer(API_SCRIPT, env, `api-${mode.key}`, port);
    console.log(`  API ready in ${api.spawnToReadyMs} ms from spawn (process-reported start-up ${api.ready.startup_ms} ms)`);
    const appFigures: Record<string, Figures> = {};
    try {
      await run(
        chosen.flatMap((s) => s.paths.slice(-20)),
        3,
      );
      for (const s of chosen) {
        if (!ceilings.has(s.key)) ceilings.set(s.key, await ceilingPaths(s, port));
        if (s.key === 'stats' && !statsCheck) {
          statsCheck = await checkStatsCeiling(s.paths, port, dbFile);
          const { urls, groups, mismatches } = statsCheck;
          console.log(`  stats ceiling against the API on ${urls} URLs (${groups} groups): ${mismatches.length} mismatches`);
          for (const m of mismatches.slice(0, 10)) console.log(`    ${m}`);
        }
        appFigures[s.key] = await run(s.paths, duration);
        console.log(`  app ${s.key}: ${appFigures[s.key]?.requests_per_s} req/s, p99 ${appFigures[s.key]?.p99_ms} ms`);
      }
      if (mode.key === 'cluster') {
        startup = { in_process_ms: api.ready.startup_ms, spawn_to_ready_ms: api.spawnToReadyMs };
        memory = memoryOf(api.child.pid as number);
      }
    } finally {
      await stopServer(api);
    }
    const ceiling = await startServer('scripts/bench-ceiling.ts', env, `ceiling-${mode.key}`, port);
    try {
      for (const s of chosen) {
        const paths = ceilings.get(s.key);
        const figures = paths ? await run(paths, duration) : null;
        results[s.key] = results[s.key] ?? [];
        results[s.key]?.push({
          mode: mode.key,
          app: appFigures[s.key] as Figures,
          ceiling: figures,
          hello: hellos[mode.key] as Figures,
        });
        if (figures) console.log(`  ceiling ${s.key}: ${figures.requests_per_s} req/s, p99 ${figures.p99_ms} ms`);
      }
    } finally {
      await stopServer(ceiling);
    }
  }
  let writePass: WritePass | null = null;
  if (values.writes) {
    console.log(writePassNotice(dbFile, chosen.length, duration));
    writePass = await runWritePass({
      chosen,
      dbFile,
      workers,
      port,
      duration,
      run,
      ceilingOf: (key) => results[key]?.find((r) => r.mode === 'cluster')?.ceiling ?? null,
    });
  }
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();

  const { lines, table } = readTable(chosen, results);
  const peakRss = Math.max(...memory.map((m) => m.peak_rss_mb));
  const synth = (dbInfo.synth ?? null) as { seconds?: number; events?: number } | null;
  const verdicts = [
    `${Number(startup.in_process_ms) <= 1000 ? 'met' : 'MISSED'} start-up <= 1 s (${startup.in_process_ms} ms in-process, ${startup.spawn_to_ready_ms} ms from spawn, cluster)`,
    `${peakRss <= 300 ? 'met' : 'MISSED'} peak RSS <= 300 MB per process (${peakRss} MB)`,
    ...(synth?.seconds !== undefined ? [`generator: ${synth.seconds} s for ${synth.events} events (target <= 180 s for 2.5 M)`] : []),
    ...(statsCheck
      ? [
          `stats ceiling ${statsCheck.mismatches.length === 0 ? 'gives the same' : 'DIFFERS from the API in'} groups, counts and fatalities as the API on ${statsCheck.urls} URLs (${statsCheck.groups} groups)`,
        ]
      : []),
    ...(writePass ? [writePassVerdict(writePass)] : []),
    `load average before ${loadBefore}, after ${loadAfter} (/proc/loadavg)`,
  ];
  console.log(`\n${lines.join('\n')}\n`);
  if (writePass) {
    const { created, published, cycles, skipped_cycles } = writePass.totals;
    console.log(`cluster, reads with ~50 writes/s through the write API (${workers} workers):\n\n${writePass.markdown.join('\n')}\n`);
    console.log(
      `added to ${dbFile}: ${created.events} events, ${created.claims} claims, ${created.casualty_reports} casualty reports ` +
        `(published: ${published.events}, ${published.claims}, ${published.casualty_reports}; the rest drafts); ` +
        `${cycles} cycles done, ${skipped_cycles} not started (too many open); keys ${writePass.keys.join(', ')} (revoked)\n`,
    );
  } else {
    console.log('write pass skipped: it adds records to the file; run with --writes for reads alongside 50 writes/s\n');
  }
  console.log(`memory (MB): ${memory.map((m) => `pid ${m.pid}: rss ${m.rss_mb}, peak ${m.peak_rss_mb}`).join('; ')}`);
  for (const v of verdicts) console.log(v);
  const date = new Date().toISOString();
  const outFile = writeReport(values.out, {
    date,
    machine: machine(),
    config: {
      workers,
      connections,
      duration_s: duration,
      urls_per_scenario: URLS_PER_SCENARIO,
      ceiling_urls: CEILING_URLS,
      log_level: 'info',
      rate_limit: 'off',
      total: 'default (capped)',
    },
    load_average: { before: loadBefore, after: loadAfter },
    database: dbInfo,
    startup,
    memory,
    hello: hellos,
    stats_ceiling_check: statsCheck,
    write_pass: writePass,
    results: table,
    markdown: lines,
    verdicts,
  });
  console.log(`\nfigures written to ${outFile}`);
}

await main();
