import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { type Config, ConfigError, loadConfig } from './config.js';
import { closeGracefullyOnSignals } from './shutdown.js';

/**
 * Serves the API from one process per core. The primary prepares the database
 * once (migrations, seed: the only writes) while the workers load their code;
 * then each worker builds the app on its own read-only connection and listens
 * on the shared port, which the primary hands out connection by connection. A
 * worker that dies is replaced; SIGTERM/SIGINT drain every worker before the
 * primary exits.
 *
 * Environment: as for `npm start`, plus WORKERS (see src/config.ts).
 */

export interface ClusterOptions {
  port: number;
  host: string;
  workers: number;
  /** Runs once in the primary before any worker starts; what it returns is logged with `ready`. */
  prepare?: () => Promise<Record<string, unknown>>;
  /** Loads a worker's code while the primary prepares the database. */
  preload?: () => Promise<unknown>;
  /** Builds the app in each worker (without listening), once the database is prepared. */
  build: (logger: FastifyServerOptions['logger']) => Promise<FastifyInstance>;
  logLevel: string;
  /** How long a worker's shutdown waits for the accept queue to go quiet (DRAIN_QUIET_MS). */
  drainQuietMs: number;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** The primary's log lines, in the same JSON shape as the workers' pino lines. */
function primaryLog(level: string, logLevel: string, msg: string, fields: Record<string, unknown> = {}): void {
  if ((LEVELS[level] ?? 30) < (LEVELS[logLevel] ?? 30)) return;
  process.stdout.write(
    `${JSON.stringify({ level: LEVELS[level], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`,
  );
}

const RESTART_WINDOW_MS = 10_000;
const MAX_RESTARTS_IN_WINDOW = 5;
const DRAIN_TIMEOUT_MS = 15_000;

export async function runCluster(options: ClusterOptions): Promise<void> {
  if (cluster.isPrimary) await runPrimary(options);
  else await runWorker(options);
}

const PREPARED = 'database-prepared';
const WAITING = 'waiting-for-database';

async function runPrimary(options: ClusterOptions): Promise<void> {
  const log = (level: string, msg: string, fields?: Record<string, unknown>) => primaryLog(level, options.logLevel, msg, fields);
  let listening = 0;
  let shuttingDown = false;
  let prepared: Record<string, unknown> | null = null;
  const waiting = new Set<Worker>();
  const restarts: number[] = [];
  const live = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    // A worker loads its code while the database is being prepared, and builds the app once it is.
    worker.on('message', (message: unknown) => {
      if (message !== WAITING) return;
      if (prepared) worker.send(PREPARED);
      else waiting.add(worker);
    });
  };

  cluster.on('listening', () => {
    listening++;
    if (listening === options.workers && prepared) {
      // performance.now() counts from process start: module loading, preparation and every worker's boot.
      log('info', 'ready', {
        ...prepared,
        workers: options.workers,
        address: `http://${options.host}:${options.port}`,
        startup_ms: Math.round(performance.now()),
      });
    }
  });

  cluster.on('exit', (worker: Worker, code, signal) => {
    live.delete(worker);
    waiting.delete(worker);
    if (shuttingDown) {
      if (live.size === 0) {
        log('info', 'all workers stopped');
        process.exit(process.exitCode ?? 0);
      }
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && (restarts[0] as number) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS_IN_WINDOW) {
      log('fatal', 'workers keep dying; giving up', { worker_pid: worker.process.pid, code, signal });
      process.exit(1);
    }
    log('error', 'worker died; starting a replacement', { worker_pid: worker.process.pid, code, signal });
    fork();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shuttingDown = true;
      log('info', 'shutting down: draining workers', { signal });
      for (const worker of live) worker.process.kill('SIGTERM');
      if (live.size === 0) process.exit(0);
      setTimeout(() => {
        log('error', 'workers did not stop in time; killing them');
        for (const worker of live) worker.process.kill('SIGKILL');
        process.exit(1);
      }, DRAIN_TIMEOUT_MS).unref();
    });
  }

  for (let i = 0; i < options.workers; i++) fork();
  const prepareStarted = performance.now();
  try {
    prepared = { ...(options.prepare ? await options.prepare() : {}), prepare_ms: Math.round(performance.now() - prepareStarted) };
  } catch (err) {
    // A file the API must not touch (see src/db/client.ts) is the operator's to fix: one line, no stack.
    if (err instanceof Error && err.name === 'DatabaseFileError') console.error(`Cannot start: ${err.message}`);
    else
      log('fatal', 'preparing the database failed', {
        err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
      });
    shuttingDown = true;
    for (const worker of live) worker.process.kill('SIGTERM');
    process.exitCode = 1;
    return;
  }
  for (const worker of waiting) worker.send(PREPARED);
  waiting.clear();
}

async function runWorker(options: ClusterOptions): Promise<void> {
  const prepared = new Promise<void>((resolve) => {
    process.on('message', (message) => {
      if (message === PREPARED) resolve();
    });
  });
  process.send?.(WAITING);
  await Promise.all([options.preload?.(), prepared]);
  const app = await options.build({ level: options.logLevel });
  // The same drain-then-close as `npm start`: a connection the primary has already handed over is still answered.
  closeGracefullyOnSignals(app, options.drainQuietMs);
  await app.listen({ port: options.port, host: options.host });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  const { dbFile, http: policy } = config;
  await runCluster({
    port: config.port,
    host: config.host,
    workers: config.workers,
    logLevel: config.logLevel,
    drainQuietMs: config.drainQuietMs,
    prepare: async () => {
      const { prepareDatabase } = await import('./db/prepare.js');
      const result = await prepareDatabase(dbFile);
      return {
        db_file: dbFile,
        seed_written: result.written,
        // A changed seed kept these seeded records as coders edited or retracted them through the API.
        api_edits_kept: result.apiEditsKept,
        migrate_ms: Math.round(result.migrateMs),
        seed_ms: Math.round(result.seedMs),
      };
    },
    preload: () => import('./app.js'),
    // The same HTTP policy as `npm start` (src/server.ts). The rate limit counts per worker: each keeps its own tally.
    build: async (logger) => {
      const { buildApp } = await import('./app.js');
      return buildApp({ dbFile, logger, publicUrl: config.publicUrl, ...policy, auth: config.auth });
    },
  });
}
