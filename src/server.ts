import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { DatabaseFileError } from './db/client.js';
import { prepareDatabase } from './db/prepare.js';

/** A start-up problem the operator must fix: one clear line on stderr and a non-zero exit, no stack trace. */
function refuseToStart(message: string): never {
  console.error(`Cannot start: ${message}`);
  process.exit(1);
}

const started = performance.now();
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) refuseToStart(error.message);
  throw error;
}
const { dbFile, http: policy } = config;
let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
let app: Awaited<ReturnType<typeof buildApp>>;
try {
  prepared = await prepareDatabase(dbFile);
  app = await buildApp({ dbFile, logger: { level: config.logLevel }, ...policy });
} catch (error) {
  if (error instanceof DatabaseFileError) refuseToStart(error.message);
  throw error;
}
const url = await app.listen({ port: config.port, host: config.host });
app.log.info(
  {
    url,
    dbFile,
    seedWritten: prepared.written,
    migrationsApplied: prepared.migrationsApplied,
    migrateMs: Math.round(prepared.migrateMs),
    seedMs: Math.round(prepared.seedMs),
    startupMs: Math.round(performance.now() - started),
    rateLimit: policy.rateLimit,
    corsOrigins: policy.corsOrigins,
  },
  'ready',
);

/** How long shutdown waits, in all, for queued and in-flight requests before giving up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Shutdown keeps accepting until no connection has arrived for DRAIN_QUIET_MS
 * (at most DRAIN_MAX_MS): the kernel completes connections before the process
 * accepts them, so a client whose request sits in that queue has already sent
 * it, and closing the listener at once would reset it. A load balancer that
 * stops routing here on SIGTERM therefore loses no request. Then the listener
 * closes and the requests in flight finish (within SHUTDOWN_GRACE_MS).
 */
const DRAIN_QUIET_MS = 200;
const DRAIN_MAX_MS = 3_000;

function shutDown(signal: NodeJS.Signals): void {
  const startedAt = Date.now();
  let lastConnectionAt = startedAt;
  app.server.on('connection', () => {
    lastConnectionAt = Date.now();
  });
  app.log.info({ signal }, 'shutting down: draining the accept queue, then finishing in-flight requests');
  const deadline = setTimeout(() => {
    app.log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown: requests still running after the grace period; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  deadline.unref();
  const closeWhenQuiet = () => {
    const now = Date.now();
    if (now - lastConnectionAt < DRAIN_QUIET_MS && now - startedAt < DRAIN_MAX_MS) {
      setTimeout(closeWhenQuiet, 20);
      return;
    }
    app.log.info({ drainMs: now - startedAt }, 'no new connections; closing the listener');
    app.close().then(
      () => {
        app.log.info('shut down cleanly');
        process.exit(0);
      },
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  closeWhenQuiet();
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutDown(signal));
