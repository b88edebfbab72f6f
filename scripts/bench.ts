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
 * `npm run bench [-- --db data/synth.db --duration 10 --connections 32 --only pairs,q --dump-urls dir]`
 *
 * For each scenario, side by side in one run and each as a single worker and
 * as the cluster (one worker per core): the API (src/cluster.ts compiled, as
 * `npm run start:cluster` runs it; info-level logging to a file, default
 * settings), the raw ceiling (scripts/bench-ceiling.ts:
 * a bare Fastify route on the same runner reading the same rows the API's
 * response holds, by id, from the same file, and JSON.stringify) and hello
 * world (scripts/bench-hello.ts). autocannon cycles through 1,000 distinct URLs
 * per scenario (the ceiling through the first 100's rows). Prints req/s,
 * p50/p99, app/ceiling and app/hello-world, start-up, peak RSS and the load
 * average; writes every figure to bench/results/<time>.json.
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
  /** What the issue asks of it (p99 and share of the raw ceiling), checked against the figures and printed. */
  target: { maxP99: number; minCeilingRatio: number };
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
        paths: Array.from(
          { length: n },
          (_, i) =>
            `/events/stats?group_by=${['month', 'year', 'admin1', 'event_type', 'actor'][i % 5]}&${i % 2 ? `actor=${topActors[i % 200]}` : `place=${topPlaces[i % 200]}`}`,
        ),
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
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    cwd: ROOT,
    // One client address sends everything here, so the per-address rate limit is off: the run measures capacity.
    env: {
      ...process.env,
      WORKERS: String(workers),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
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

// ---------------------------------------------------------------- run

function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {}
  return { nproc: availableParallelism(), cpu: cpuModel, node: process.version, memory_gb: Math.round(totalmem() / 2 ** 30), commit };
}

/**
 * The ceiling's URL for each of a scenario's first CEILING_URLS URLs: the API
 * answers it once (as JSON) and the ceiling reads the same rows by id.
 */
const CEILING_URLS = 100;
async function ceilingPaths(s: Scenario): Promise<string[] | null> {
  if (s.key === 'stats') return null;
  const out: string[] = [];
  for (const path of s.paths.slice(0, CEILING_URLS)) {
    if (s.key === 'event') {
      out.push(path.replace('/events/', '/raw/event/'));
      continue;
    }
    const res = await fetch(`http://127.0.0.1:${port}${path.replace('format=csv', 'format=json')}`);
    const ids = ((await res.json()) as { data?: { id: number }[] }).data?.map((r) => r.id) ?? [];
    const table =
      s.key === 'claims' ? 'claims' : s.key === 'casualty_reports' ? 'casualty_reports' : s.key === 'figures' ? 'figures' : 'events';
    out.push(`/raw/${table}?ids=${ids.join(',')}`);
  }
  return out;
}

const MODES = [
  { key: 'single', workers: 1 },
  { key: 'cluster', workers },
] as const;

async function main() {
  console.log(`preparing query strings from ${dbFile} ...`);
  const { scenarios, dbInfo } = buildScenarios();
  const chosen = values.only ? scenarios.filter((s) => values.only?.split(',').includes(s.key)) : scenarios;
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
  for await (const _ of createReadStream(dbFile, { highWaterMark: 8 * 1024 * 1024 })) {
  }
  console.log(`read ${dbInfo.size_mb} MB into the OS page cache in ${Math.round((performance.now() - warmStarted) / 1000)} s`);
  // The API runs compiled, as in production (scripts/build-server.ts); the ceiling and hello world run with tsx.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { cwd: ROOT, stdio: 'inherit' });
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();

  type Row = { mode: string; app: Figures; ceiling: Figures | null; hello: Figures };
  const results: Record<string, Row[]> = {};
  const hellos: Record<string, Figures> = {};
  let startup: Record<string, unknown> = {};
  let memory: ReturnType<typeof memoryOf> = [];
  const ceilings = new Map<string, string[] | null>();
  for (const mode of MODES) {
    const env = { WORKERS: String(mode.workers), DB_FILE: dbFile };
    console.log(`${mode.key} (${mode.workers} worker${mode.workers > 1 ? 's' : ''}): hello world ...`);
    const hello = await startServer('scripts/bench-hello.ts', env, `hello-${mode.key}`);
    try {
      await load(['/hello'], 2);
      hellos[mode.key] = await load(
        Array.from({ length: URLS_PER_SCENARIO }, (_, i) => `/hello?n=${i}`),
        duration,
      );
    } finally {
      await stopServer(hello);
    }
    const api = await startServer('dist/server/cluster.js', env, `api-${mode.key}`);
    console.log(`  API ready in ${api.spawnToReadyMs} ms from spawn (process-reported start-up ${api.ready.startup_ms} ms)`);
    const appFigures: Record<string, Figures> = {};
    try {
      await load(
        chosen.flatMap((s) => s.paths.slice(-20)),
        3,
      );
      for (const s of chosen) {
        if (!ceilings.has(s.key)) ceilings.set(s.key, await ceilingPaths(s));
        appFigures[s.key] = await load(s.paths, duration);
        console.log(`  app ${s.key}: ${appFigures[s.key]?.requests_per_s} req/s, p99 ${appFigures[s.key]?.p99_ms} ms`);
      }
      if (mode.key === 'cluster') {
        startup = { in_process_ms: api.ready.startup_ms, spawn_to_ready_ms: api.spawnToReadyMs };
        memory = memoryOf(api.child.pid as number);
      }
    } finally {
      await stopServer(api);
    }
    const ceiling = await startServer('scripts/bench-ceiling.ts', env, `ceiling-${mode.key}`);
    try {
      for (const s of chosen) {
        const paths = ceilings.get(s.key);
        const figures = paths ? await load(paths, duration) : null;
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
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();

  const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 1000) / 1000 : null);
  const lines = [
    '| scenario | mode | app req/s | p50 ms | p99 ms | ceiling req/s | p50 | p99 | hello req/s | app/ceiling | app/hello | target |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const table: Record<string, unknown>[] = [];
  for (const s of chosen) {
    for (const r of results[s.key] ?? []) {
      const toCeiling = ratio(r.app.requests_per_s, r.ceiling?.requests_per_s);
      const toHello = ratio(r.app.requests_per_s, r.hello.requests_per_s);
      const verdict = [
        `${r.app.p99_ms <= s.target.maxP99 ? 'met' : 'MISSED'} p99 <= ${s.target.maxP99}`,
        toCeiling === null
          ? 'no ceiling'
          : `${toCeiling >= s.target.minCeilingRatio ? 'met' : 'MISSED'} >= ${s.target.minCeilingRatio} of ceiling`,
      ].join('; ');
      const c = r.ceiling;
      lines.push(
        `| ${s.title} | ${r.mode} | ${r.app.requests_per_s} | ${r.app.p50_ms} | ${r.app.p99_ms} | ${c?.requests_per_s ?? '-'} | ${c?.p50_ms ?? '-'} | ${c?.p99_ms ?? '-'} | ${r.hello.requests_per_s} | ${toCeiling ?? '-'} | ${toHello} | ${verdict} |`,
      );
      table.push({ scenario: s.key, title: s.title, ...r, app_to_ceiling: toCeiling, app_to_hello: toHello, verdict });
    }
  }
  const peakRss = Math.max(...memory.map((m) => m.peak_rss_mb));
  const synth = (dbInfo.synth ?? null) as { seconds?: number; events?: number } | null;
  const verdicts = [
    `${Number(startup.in_process_ms) <= 1000 ? 'met' : 'MISSED'} start-up <= 1 s (${startup.in_process_ms} ms in-process, ${startup.spawn_to_ready_ms} ms from spawn, cluster)`,
    `${peakRss <= 300 ? 'met' : 'MISSED'} peak RSS <= 300 MB per process (${peakRss} MB)`,
    ...(synth?.seconds !== undefined ? [`generator: ${synth.seconds} s for ${synth.events} events (target <= 180 s for 2.5 M)`] : []),
    `load average before ${loadBefore}, after ${loadAfter} (/proc/loadavg)`,
  ];
  console.log(`\n${lines.join('\n')}\n`);
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
    results: table,
    markdown: lines,
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
