import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { DatabaseFileError } from './db/client.js';
import { prepareDatabase } from './db/prepare.js';
import { closeGracefullyOnSignals } from './shutdown.js';

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
  app = await buildApp({ dbFile, logger: { level: config.logLevel }, publicUrl: config.publicUrl, ...policy, auth: config.auth });
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
if (prepared.apiEditsKept > 0) {
  app.log.warn(
    { apiEditsKept: prepared.apiEditsKept },
    'the seed changed; seeded records edited or retracted through the API keep their API version',
  );
}
closeGracefullyOnSignals(app, config.drainQuietMs);
