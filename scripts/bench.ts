import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { encodeCursor } from '../src/query/pagination.js';
import { Random } from '../src/synth/random.js';

/**
 * `npm run bench [-- --db data/synth.db --duration 10 --connections 32 --only b,c --dump-urls dir]`
 *
 * Starts the API on the synthetic database in its production configuration
 * (src/cluster.ts: one worker per core, info-level logging to a file), and the
 * same cluster serving a hello-world route as the baseline; drives each
 * scenario with autocannon cycling through at least 1,000 distinct URLs; prints
 * req/s, p50/p99 latency and the ratio to the baseline, start-up time and peak
 * RSS; writes every figure to bench/results/<time>.json.
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
  },
  strict: true,
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dbFile = resolve(values.db);
if (!existsSync(dbFile)) {
  console.error(`${dbFile} does not exist: run \`npm run synth -- --events 2500000 --out ${values.db}\` first`);
  process.exit(2);
}
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const port = Number(values.port);
const URLS_PER_SCENARIO = 1000;

// ---------------------------------------------------------------- query strings from the data itself

interface Scenario {
  key: string;
  title: string;
  paths: string[];
  /** What the issue asks of it, checked against the figures and printed. */
  target?: { minRatio?: number; maxP99?: number; samePage1?: boolean };
}

function buildScenarios(): { scenarios: Scenario[]; dbInfo: Record<string, unknown> } {
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

    // CSV export of 5,000 rows: 10 pages of 500 (the contract's largest page) of one month's events, cursors from the same order.
    const exports: string[] = [];
    const monthStarts = random.shuffle(Array.from({ length: 120 }, (_, m) => m)).slice(0, 100);
    const monthRows = db
      .prepare('SELECT date_start, id FROM events WHERE date_end >= ? AND date_start <= ? ORDER BY date_start, id LIMIT 5000')
      .raw();
    for (const m of monthStarts) {
      const from = new Date(Date.UTC(2011, m, 1)).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(2011, m + 1, 0)).toISOString().slice(0, 10);
      const rows = monthRows.all(from, to) as [string, number][];
      if (rows.length < 5000) continue;
      for (let page = 0; page < 10; page++) {
        const cursor = page === 0 ? '' : `&cursor=${cursorAfter(rows[page * 500 - 1] as [string, number])}`;
        exports.push(`/events?format=csv&limit=500&from=${from}&to=${to}${cursor}`);
      }
    }

    const scenarios: Scenario[] = [
      {
        key: 'a_unfiltered',
        title: '(a) /events unfiltered: page 1 and pages 2-1000 (cursor), limit 50',
        paths: ['/events', ...shallow.slice(0, URLS_PER_SCENARIO - 1).map((r) => `/events?cursor=${cursorAfter(r)}`)],
      },
      {
        key: 'b_popular_pairs',
        title: '(b) actor + place, the most frequent pairs, by name',
        paths: popular.map(([k]) => pairPath(k)),
        target: { minRatio: 0.5, maxP99: 10 },
      },
      {
        key: 'c_rare_pairs',
        title: '(c) actor + place, rare pairs, by name',
        paths: rare.slice(0, URLS_PER_SCENARIO).map(pairPath),
        target: { minRatio: 0.5, maxP99: 10 },
      },
      { key: 'd_date_ranges', title: '(d) from/to, 1 day to 1 year', paths: ranges, target: { minRatio: 0.5, maxP99: 10 } },
      {
        key: 'e_full_text',
        title: '(e) q= full text, names and words in both scripts',
        paths: [...texts].map((t) => `/events?q=${encodeURIComponent(t)}`),
        target: { maxP99: 50 },
      },
      {
        key: 'f_deep_cursor',
        title: '(f) /events with a cursor 1,000+ pages deep, limit 50',
        paths: deep.map((r) => `/events?cursor=${cursorAfter(r)}`),
        target: { samePage1: true },
      },
      {
        key: 'g_event_by_id',
        title: '(g) /events/{id}',
        paths: Array.from({ length: URLS_PER_SCENARIO }, () => `/events/${random.int(1, maxEventId)}`),
        target: { minRatio: 0.5, maxP99: 10 },
      },
      {
        key: 'h_csv_export',
        title: '(h) CSV export, 5,000 rows = 10 pages of 500 (one request = one page)',
        paths: exports,
      },
    ];
    const sizeMb = Math.round(statSync(dbFile).size / 1e6);
    return {
      scenarios: scenarios.map((sc) => ({ ...sc, paths: sc.paths.map(withListTotal) })),
      dbInfo: { file: dbFile, size_mb: sizeMb, events: eventCount, synth: synthReport ? JSON.parse(synthReport) : null },
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- servers

interface Server {
  child: ChildProcess;
  ready: Record<string, unknown>;
  spawnToReadyMs: number;
  logFile: string;
}

async function startServer(script: string, env: Record<string, string>, label: string): Promise<Server> {
  const logFile = join(tmpdir(), `bench-${label}-${process.pid}.log`);
  const fd = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    // One client address sends everything here, so the per-address rate limit is off: the run measures capacity.
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      WORKERS: String(workers),
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '0',
    },
    stdio: ['ignore', fd, fd],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}; see ${logFile}`);
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('"msg":"ready"'));
    if (line) return { child, ready: JSON.parse(line), spawnToReadyMs: Math.round(performance.now() - started), logFile };
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not start within 120 s; see ${logFile}`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** Resident memory of a process and its children (the workers): current and peak (VmHWM), in MB. */
function memoryOf(pid: number): { pid: number; rss_mb: number; peak_rss_mb: number }[] {
  const read = (p: number) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { pid: p, rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
  };
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [read(pid), ...children.map(read)];
}

// ---------------------------------------------------------------- load

interface Figures {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  requests: number;
  non_2xx: number;
  errors: number;
  distinct_urls: number;
  mb_per_s: number;
}

/**
 * Event lists are measured in the `total=capped` mode meant for large datasets
 * (exact counts of millions of rows are the default and cost what a count costs).
 */
const LIST_TOTAL = process.env.BENCH_TOTAL ?? 'capped';
function withListTotal(path: string): string {
  if (!/^\/events(\?|$)/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}total=${LIST_TOTAL}`;
}

async function load(paths: string[], seconds: number): Promise<Figures> {
  let client = 0;
  const result: Result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: paths.map((path) => ({ method: 'GET', path })),
    // Each connection starts at its own offset in the list, so concurrent requests ask for different things.
    setupClient: (c) => {
      const offset = Math.floor((client++ * paths.length) / connections);
      c.setRequests([...paths.slice(offset), ...paths.slice(0, offset)].map((path) => ({ method: 'GET', path })));
    },
  });
  return {
    requests_per_s: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    requests: result.requests.total,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    distinct_urls: new Set(paths).size,
    mb_per_s: Math.round((result.throughput.average / 1e6) * 10) / 10,
  };
}

/** Sequential wall time of whole exports: 10 pages of 500, following each page's Link header. */
async function timeExports(firstPages: string[]): Promise<{ median_ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (const first of firstPages) {
    const started = performance.now();
    let path: string | null = first;
    let pages = 0;
    while (path && pages < 10) {
      const res: Response = await fetch(`http://127.0.0.1:${port}${path}`);
      const body = await res.text();
      rows += body.split('\n').length - 2;
      pages++;
      path = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    times.push(performance.now() - started);
  }
  times.sort((x, y) => x - y);
  return { median_ms: Math.round(times[Math.floor(times.length / 2)] ?? 0), rows: Math.round(rows / Math.max(1, firstPages.length)) };
}

// ---------------------------------------------------------------- run

function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {}
  return { nproc: availableParallelism(), cpu: cpuModel, node: process.version, memory_gb: Math.round(totalmem() / 2 ** 30), commit };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main() {
  console.log(`preparing query strings from ${dbFile} ...`);
  const { scenarios, dbInfo } = buildScenarios();
  const chosen = values.only ? scenarios.filter((s) => values.only?.split(',').some((k) => s.key.startsWith(k))) : scenarios;
  for (const s of chosen)
    if (s.paths.length < URLS_PER_SCENARIO) console.warn(`warning: ${s.key} has only ${s.paths.length} distinct URLs`);
  const dumpDir = values['dump-urls'];
  if (dumpDir) {
    mkdirSync(dumpDir, { recursive: true });
    for (const s of chosen) writeFileSync(join(dumpDir, `${s.key}.txt`), `${s.paths.join('\n')}\n`);
    console.log(`URLs written to ${dumpDir}; no load run`);
    return;
  }

  // A server that has been running holds its file in the OS page cache; read it once so the first scenario does not pay for that.
  const warmStarted = performance.now();
  const stream = createReadStream(dbFile, { highWaterMark: 8 * 1024 * 1024 });
  for await (const _ of stream) {
  }
  console.log(`read ${dbInfo.size_mb} MB into the OS page cache in ${Math.round((performance.now() - warmStarted) / 1000)} s`);

  console.log(`baseline: hello-world on the same cluster (${workers} workers, info logging) ...`);
  const hello = await startServer('scripts/bench-hello.ts', {}, 'hello');
  let baseline: Figures;
  try {
    await load(['/hello'], 2);
    baseline = await load(
      Array.from({ length: URLS_PER_SCENARIO }, (_, i) => `/hello?n=${i}`),
      duration,
    );
  } finally {
    await stopServer(hello);
  }
  console.log(`  ${baseline.requests_per_s} req/s, p50 ${baseline.p50_ms} ms, p99 ${baseline.p99_ms} ms`);

  console.log('API on the synthetic database ...');
  const api = await startServer('src/cluster.ts', { DB_FILE: dbFile }, 'api');
  console.log(`  ready in ${api.spawnToReadyMs} ms from spawn (process-reported start-up ${api.ready.startup_ms} ms)`);
  const results: Record<string, Figures & { title: string; ratio: number; verdict: string }> = {};
  let exportTiming: { median_ms: number; rows: number } | null = null;
  let memory: ReturnType<typeof memoryOf> = [];
  try {
    // Warm-up: JIT and SQLite page cache, on URLs the measured runs do not use.
    await load(
      scenarios.flatMap((s) => s.paths.slice(-20)),
      3,
    );
    for (const s of chosen) {
      process.stdout.write(`  ${s.title} ... `);
      const f = await load(s.paths, duration);
      const ratio = Math.round((f.requests_per_s / baseline.requests_per_s) * 1000) / 1000;
      results[s.key] = { title: s.title, ...f, ratio, verdict: '' };
      console.log(
        `${f.requests_per_s} req/s, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms${f.non_2xx || f.errors ? `, ${f.non_2xx} non-2xx, ${f.errors} errors` : ''}`,
      );
    }
    const exportFirstPages = scenarios.find((s) => s.key === 'h_csv_export')?.paths.filter((p) => !p.includes('cursor=')) ?? [];
    if (!values.only || values.only.includes('h')) exportTiming = await timeExports(exportFirstPages.slice(0, 9));
    memory = memoryOf(api.child.pid as number);
  } finally {
    await stopServer(api);
  }

  // Verdicts against the issue's targets.
  const page1 = results.a_unfiltered;
  const verdicts: string[] = [];
  for (const s of chosen) {
    const r = results[s.key];
    if (!r || !s.target) continue;
    const checks: string[] = [];
    if (s.target.minRatio !== undefined) checks.push(`${r.ratio >= s.target.minRatio ? 'met' : 'MISSED'} ratio >= ${s.target.minRatio}`);
    if (s.target.maxP99 !== undefined) checks.push(`${r.p99_ms <= s.target.maxP99 ? 'met' : 'MISSED'} p99 <= ${s.target.maxP99} ms`);
    if (s.target.samePage1 && page1) {
      const same = r.requests_per_s >= 0.9 * page1.requests_per_s && r.p99_ms <= Math.max(page1.p99_ms * 1.2, page1.p99_ms + 2);
      checks.push(`${same ? 'met' : 'MISSED'} same cost as (a): ${r.requests_per_s} vs ${page1.requests_per_s} req/s`);
    }
    r.verdict = checks.join('; ');
  }
  const peakRss = Math.max(...memory.map((m) => m.peak_rss_mb));
  const startupMs = Number(api.ready.startup_ms);
  const synth = (dbInfo.synth ?? null) as { seconds?: number; events?: number } | null;
  verdicts.push(
    `${startupMs <= 1000 ? 'met' : 'MISSED'} start-up <= 1 s (${startupMs} ms in-process, ${api.spawnToReadyMs} ms from spawn)`,
  );
  verdicts.push(`${peakRss <= 300 ? 'met' : 'MISSED'} peak RSS <= 300 MB per process (${peakRss} MB)`);
  if (synth?.seconds !== undefined) {
    verdicts.push(`${synth.seconds <= 60 ? 'met' : 'MISSED'} generator <= 60 s (${synth.seconds} s for ${synth.events} events)`);
  }

  console.log('');
  console.log(`| scenario | req/s | p50 ms | p99 ms | vs baseline | target |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | --- |`);
  console.log(`| baseline: hello world | ${baseline.requests_per_s} | ${baseline.p50_ms} | ${baseline.p99_ms} | 1.000 | |`);
  for (const s of chosen) {
    const r = results[s.key];
    if (r) console.log(`| ${s.title} | ${pad(r.requests_per_s, 6)} | ${r.p50_ms} | ${r.p99_ms} | ${r.ratio.toFixed(3)} | ${r.verdict} |`);
  }
  console.log('');
  if (exportTiming) console.log(`CSV export of ${exportTiming.rows} rows (10 sequential pages): median ${exportTiming.median_ms} ms`);
  console.log(`memory (MB): ${memory.map((m) => `pid ${m.pid}: rss ${m.rss_mb}, peak ${m.peak_rss_mb}`).join('; ')}`);
  for (const v of verdicts) console.log(v);

  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    config: {
      workers,
      connections,
      duration_s: duration,
      urls_per_scenario: URLS_PER_SCENARIO,
      log_level: 'info',
      rate_limit: 'off',
      events_total: LIST_TOTAL,
    },
    database: dbInfo,
    startup: { in_process_ms: startupMs, spawn_to_ready_ms: api.spawnToReadyMs, ready: api.ready },
    memory,
    baseline,
    scenarios: results,
    csv_export_5000_rows: exportTiming,
    verdicts,
  };
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${report.date.replaceAll(':', '-').slice(0, 19)}.json`);
  writeFileSync(`${outFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${outFile}.tmp`, outFile);
  console.log(`\nfigures written to ${outFile}`);
}

await main();
