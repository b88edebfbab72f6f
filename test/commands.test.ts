import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { seededDbFile, tempDbFile } from './helpers.js';
import { logLine, ROOT, type RunningServer, startServer, waitForReady } from './server-process.js';

// The commands the README gives, run as a user runs them, judged by their exit codes, output and logs.

type Json = Record<string, any>;

// The default database file is the point of the fresh-clone test; an inherited DB_FILE would hide it.
delete process.env.DB_FILE;

/** A copy of the project as a fresh clone has it (no data/), with this checkout's node_modules; `seed` replaces seed/. */
function projectCopy(t: { teardown(fn: () => void): void }, seed = join(ROOT, 'seed')): string {
  const dir = mkdtempSync(join(tmpdir(), 'claims-clone-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const entry of ['src', 'scripts', 'migrations', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  cpSync(seed, join(dir, 'seed'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Row counts of the tables /health reports, read straight from a database file. */
function tableCounts(file: string, tables: string[]): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) AS n FROM "${table}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

function logs(server: RunningServer): Json[] {
  return server.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Json);
}

/** Resolves once the server's log lines so far satisfy `done`; rejects if it exits first. */
function untilLogs(server: RunningServer, done: (entries: Json[]) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done(logs(server))) return false;
      server.child.stdout?.off('data', onData);
      server.child.off('exit', onExit);
      resolve();
      return true;
    };
    // After the collector of startServer has split the chunk into lines.
    const onData = () => setImmediate(check);
    const onExit = () => setImmediate(() => check() || reject(new Error('the server exited first')));
    if (check()) return;
    server.child.stdout?.on('data', onData);
    server.child.on('exit', onExit);
  });
}

async function health(origin: string): Promise<Json> {
  const res = await fetch(`${origin}/health`);
  return { ...((await res.json()) as Json), httpStatus: res.status };
}

t.test('npm start on a fresh clone creates, migrates and seeds data/claims.db; SIGINT stops it cleanly', async (t) => {
  const clone = projectCopy(t);
  const file = join(clone, 'data', 'claims.db');
  t.notOk(existsSync(join(clone, 'data')), 'a fresh clone has no data/');
  const migrations = (JSON.parse(readFileSync(join(ROOT, 'migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries
    .length;
  // npm start compiles the server first (its prestart) and runs it with plain Node.
  t.equal((await run(clone, ['run', '--silent', 'build:server'])).code, 0, 'npm run build:server compiles the server');

  const first = startServer({ PORT: '0' }, 'dist/server/server.js', clone);
  t.teardown(() => first.child.kill('SIGKILL'));
  const origin = await waitForReady(first);
  const ready = logs(first).find((e) => e.msg === 'ready') as Json;
  t.equal(ready.dbFile, file, 'the server uses data/claims.db in the project');
  t.ok(existsSync(file), 'and has created it');
  t.equal(ready.migrationsApplied, migrations, `all ${migrations} migrations applied`);
  t.equal(ready.seedWritten, true, 'the seed loaded');
  const counted = await health(origin);
  t.equal(counted.httpStatus, 200);
  const reference = tableCounts(await seededDbFile(), Object.keys(counted.counts));
  t.same(counted.counts, reference, '/health counts every table of the seed');
  t.equal(counted.counts.articles, readdirSync(join(ROOT, 'seed/articles')).length, 'one article per file in seed/articles');

  first.child.kill('SIGINT');
  t.same(await first.exited, { code: 0, signal: null }, 'SIGINT: exit code 0');
  t.ok(
    logs(first).some((e) => e.msg === 'shut down cleanly'),
    'after shutting down cleanly',
  );

  const second = startServer({ PORT: '0' }, 'dist/server/server.js', clone);
  t.teardown(() => second.child.kill('SIGKILL'));
  const again = await waitForReady(second);
  const readyAgain = logs(second).find((e) => e.msg === 'ready') as Json;
  t.equal(readyAgain.migrationsApplied, 0, 'a restart applies no migration');
  t.equal(readyAgain.seedWritten, false, 'and leaves the seed as it is');
  t.same((await health(again)).counts, reference, 'nothing duplicated or lost');
  second.child.kill('SIGTERM');
  t.same(await second.exited, { code: 0, signal: null });

  // npm run start:cluster: the compiled entry point still knows it was started, and forks its workers from it.
  const cluster = startServer({ PORT: '0', WORKERS: '2' }, 'dist/server/cluster.js', clone);
  t.teardown(() => cluster.child.kill('SIGKILL'));
  const clusterReady = await logLine(cluster, 'ready');
  t.match(clusterReady, { role: 'primary', workers: 2, db_file: file, seed_written: false }, 'the compiled cluster serves the same file');
  const stopped = logLine(cluster, 'all workers stopped');
  cluster.child.kill('SIGTERM');
  await stopped;
  t.same(await cluster.exited, { code: 0, signal: null });
});

t.test('the cluster runner: the primary alone prepares the database, every worker serves', async (t) => {
  const file = tempDbFile(t);
  const server = startServer({ DB_FILE: file, WORKERS: '2', PORT: '0' }, 'src/cluster.ts');
  t.teardown(() => server.child.kill('SIGKILL'));
  const ready = await logLine(server, 'ready');
  t.equal(ready.role, 'primary', 'the primary says when every worker listens');
  t.equal(ready.workers, 2);
  t.equal(ready.seed_written, true, 'having migrated and seeded the new file itself');
  t.equal(ready.pid, server.child.pid, 'from the process that was started');
  // The primary's "ready" and the workers' own "listening" lines reach the pipe in no fixed order: wait for both.
  const isListening = (e: Json) => typeof e.msg === 'string' && e.msg.startsWith('Server listening at');
  await untilLogs(server, (entries) => entries.filter(isListening).length >= 2);
  const listening = logs(server).filter(isListening);
  const workerPids = new Set(listening.map((e) => e.pid));
  t.equal(workerPids.size, 2, 'two workers listen, each in its own process');
  t.notOk(workerPids.has(server.child.pid), 'neither is the primary');
  const origins = new Set(listening.map((e) => /http:\/\/[^\s]+/.exec(e.msg)?.[0]));
  t.equal(origins.size, 1, 'on one shared address');
  const origin = [...origins][0] as string;

  // Requests on fresh connections until both workers have answered; the request logs name the process.
  const statuses = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${origin}/events?limit=1`, { headers: { connection: 'close', 'x-request-id': `cluster-${i}` } });
    statuses.add(res.status);
    await res.arrayBuffer();
    const answeredBy = new Set(
      logs(server)
        .filter((e) => e.reqId?.startsWith('cluster-') && e.res)
        .map((e) => e.pid),
    );
    if (answeredBy.size === 2) break;
  }
  const answeredBy = new Set(
    logs(server)
      .filter((e) => e.reqId?.startsWith('cluster-') && e.res)
      .map((e) => e.pid),
  );
  t.same([...statuses], [200], 'every request answered 200');
  t.same([...answeredBy].sort(), [...workerPids].sort(), 'both workers answer requests');
  const counts = (await health(origin)).counts;
  t.same(counts, tableCounts(await seededDbFile(), Object.keys(counts)), 'from the seeded file');
  const writers = logs(server).filter((e) => 'seed_written' in e || 'seedWritten' in e || 'migrationsApplied' in e);
  t.same(
    writers.map((e) => e.pid),
    [server.child.pid],
    'only the primary reports preparing the database',
  );

  const stopped = logLine(server, 'all workers stopped');
  server.child.kill('SIGTERM');
  await stopped;
  t.same(await server.exited, { code: 0, signal: null }, 'SIGTERM drains the workers and the primary exits 0');
});

t.test('npm run seed:check and npm run corpus:coverage: 0 on the seed, non-zero on a bad one', async (t) => {
  const check = await run(ROOT, ['run', '--silent', 'seed:check']);
  t.equal(check.code, 0, 'seed:check passes on the seed');
  t.match(check.stdout, /seed ok: 5 article\(s\)/);
  const coverage = await run(ROOT, ['run', '--silent', 'corpus:coverage']);
  t.equal(coverage.code, 0, 'corpus:coverage runs on the seed');
  t.equal(coverage.stdout.match(/sentences covered by \d+ claims/g)?.length, 5, 'one line per article');

  const bad = projectCopy(t, join(ROOT, 'test/fixtures/bad-quote'));
  const badCheck = await run(bad, ['run', '--silent', 'seed:check']);
  t.equal(badCheck.code, 1, 'seed:check exits 1 on a quote that is not the article text');
  t.match(badCheck.stderr, /900/, 'naming the article');
  t.notMatch(badCheck.stdout, /seed ok/);
  const badCoverage = await run(bad, ['run', '--silent', 'corpus:coverage']);
  t.not(badCoverage.code, 0, 'corpus:coverage fails on it too');
});

t.test('npm run fuzz -- --requests N: exit 0 and PASS on the API, 2 on bad arguments', async (t) => {
  const fuzz = await run(ROOT, ['run', '--silent', 'fuzz', '--', '--requests', '300', '--seed', '5']);
  t.equal(fuzz.code, 0, 'a clean run exits 0');
  t.match(fuzz.stdout, /fuzz \(server, seed 5\): 450 requests sent \(150 with a key\), 450 answered/, 'half as many again with a key');
  t.match(fuzz.stdout, /\nPASS\n/);
  const usage = await run(ROOT, ['run', '--silent', 'fuzz', '--', '--requests', '0']);
  t.equal(usage.code, 2, 'a request count below 1 is a usage error');
  t.match(usage.stderr, /usage: npm run fuzz/);
});
