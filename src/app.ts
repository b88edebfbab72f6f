import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Database_, MIGRATIONS_DIR, openDatabase } from './db/client.js';
import { registerProblemHandlers } from './http/problem.js';
import { healthRoutes } from './routes/health.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database_;
  }
}

export interface AppOptions {
  /** SQLite file, already migrated and seeded (see prepareDatabase). */
  dbFile: string;
  logger?: FastifyServerOptions['logger'];
}

function migrationsAvailable(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Builds the API on an existing database file. Never listens: src/server.ts does. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  const database = openDatabase(options.dbFile);
  app.decorate('database', database);
  app.addHook('onClose', async () => database.close());

  await app.register(healthRoutes, { migrationsAvailable: migrationsAvailable() });
  return app;
}
