import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type Database_, MIGRATIONS_DIR, openDatabase } from './db/client.js';
import { registerProblemHandlers } from './http/problem.js';
import { actorRoutes } from './routes/actors.js';
import { articleRoutes } from './routes/articles.js';
import { casualtyReportRoutes } from './routes/casualty-reports.js';
import { claimRoutes } from './routes/claims.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { locationRoutes } from './routes/locations.js';

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

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

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

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Syria conflict claims API',
        version: PACKAGE.version,
        description: `${PACKAGE.description}\n\nErrors are RFC 9457 problem+json. Lists are \`{data, meta}\` with cursor pagination and a \`Link: rel="next"\` header; \`?format=csv\` (or \`Accept: text/csv\`) gives CSV and \`?format=geojson\` GeoJSON where offered. Coordinates: GeoNames (CC BY 4.0).`,
        license: { name: 'Data: see README (GeoNames CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/' },
      },
      tags: [
        { name: 'events', description: 'Things that happened, coded from one or more claims' },
        { name: 'claims', description: 'Statements made in an article, each with its claimant and verbatim quote' },
        { name: 'casualty reports', description: 'Figures given in claims' },
        { name: 'actors', description: 'Organisations, forces, persons and groups' },
        { name: 'locations', description: 'Places, with their parents and coordinates' },
        { name: 'articles', description: 'The source documents' },
        { name: 'health', description: 'Service status' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { migrationsAvailable: migrationsAvailable() });
  await app.register(eventRoutes);
  await app.register(claimRoutes);
  await app.register(casualtyReportRoutes);
  await app.register(actorRoutes);
  await app.register(locationRoutes);
  await app.register(articleRoutes);
  await app.register(docsRoutes);
  return app;
}
