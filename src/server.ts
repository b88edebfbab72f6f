import { resolve } from 'node:path';
import { buildApp } from './app.js';
import { DEFAULT_DB_FILE } from './db/client.js';
import { prepareDatabase } from './db/prepare.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const dbFile = resolve(process.env.DB_FILE ?? DEFAULT_DB_FILE);

const started = performance.now();
const prepared = await prepareDatabase(dbFile);
const app = await buildApp({ dbFile, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
await app.listen({ port, host });
app.log.info(
  {
    dbFile,
    seedWritten: prepared.written,
    migrateMs: Math.round(prepared.migrateMs),
    seedMs: Math.round(prepared.seedMs),
    startupMs: Math.round(performance.now() - started),
  },
  'ready',
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
