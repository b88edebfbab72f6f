import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type HttpPolicy, serverOptions } from './http/hardening.js';
import { type AuthPolicy, authPlugin } from './plugins/auth.js';
import { conditionalGetPlugin } from './plugins/conditional-get.js';
import { databasePlugin } from './plugins/database.js';
import { docsPlugin } from './plugins/docs.js';
import { hardeningPlugin } from './plugins/hardening.js';
import { problemsPlugin } from './plugins/problems.js';
import { webPlugin } from './plugins/web.js';
import { writerPlugin } from './plugins/writer.js';
import { actorRoutes } from './routes/actors.js';
import { articleRoutes } from './routes/articles.js';
import { casualtyReportRoutes } from './routes/casualty-reports.js';
import { claimRoutes } from './routes/claims.js';
import { dataPackageRoutes } from './routes/datapackage.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes } from './routes/events.js';
import { figureRoutes } from './routes/figures.js';
import { healthRoutes } from './routes/health.js';
import { locationRoutes } from './routes/locations.js';
import { writeRoutes } from './routes/writes.js';

export interface AppOptions extends HttpPolicy {
  /** SQLite file, already migrated and seeded (see prepareDatabase); opened read-only. `:memory:` gives an empty database (for the spec). */
  dbFile: string;
  logger?: FastifyServerOptions['logger'];
  /** The address the API is published under, for permalinks; by default each request's own Host. */
  publicUrl?: string;
  /** Who may read and how fast keys may write (see src/plugins/auth.ts). */
  auth?: AuthPolicy;
}

/**
 * Every route schema is zod, compiled by fastify-type-provider-zod. Without
 * these factories Fastify would load ajv and fast-json-stringify (113 of the
 * 474 modules a start-up loaded, 20-30 ms of its CPU) only for setValidatorCompiler
 * and setSerializerCompiler to replace them. (Fastify's types describe ajv's compilers.)
 */
const ZOD_COMPILERS = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/**
 * Builds the API on an existing database file: reads on a read-only
 * connection, writes through one writer connection (src/plugins/writer.ts).
 * Never listens: src/server.ts does.
 *
 * The plugins (src/plugins/) name what they need registered before them, and
 * Fastify refuses to start when the order breaks that: 'hardening' after
 * 'problems', 'conditional-get' after 'database'. The routes come last, so
 * that the rate limiter and the OpenAPI document see every one of them.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: 200 },
    schemaController: { compilersFactory: ZOD_COMPILERS },
    ...serverOptions(options),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('publicUrl', options.publicUrl ?? null);

  await app.register(problemsPlugin);
  await app.register(databasePlugin, { dbFile: options.dbFile });
  await app.register(hardeningPlugin, options);
  await app.register(writerPlugin, { dbFile: options.dbFile });
  await app.register(authPlugin, options.auth ?? {});
  await app.register(conditionalGetPlugin);
  await app.register(docsPlugin);

  await app.register(healthRoutes);
  await app.register(eventRoutes);
  await app.register(claimRoutes);
  await app.register(casualtyReportRoutes);
  await app.register(figureRoutes);
  await app.register(actorRoutes);
  await app.register(locationRoutes);
  await app.register(articleRoutes);
  await app.register(dataPackageRoutes);
  await app.register(writeRoutes);
  await app.register(docsRoutes);
  await app.register(webPlugin);
  return app;
}
