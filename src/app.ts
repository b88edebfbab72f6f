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
import { type Database_, DatabaseFileError, inspectDatabaseFile, MIGRATIONS_DIR, openDatabase } from './db/client.js';
import { dataClock, registerConditionalGet } from './http/conditional.js';
import { type HttpPolicy, registerHardening, serverOptions } from './http/hardening.js';
import { errorsAsProblemJson, registerProblemHandlers } from './http/problem.js';
import { actorRoutes } from './routes/actors.js';
import { articleRoutes } from './routes/articles.js';
import { casualtyReportRoutes } from './routes/casualty-reports.js';
import { claimRoutes } from './routes/claims.js';
import { docsRoutes } from './routes/docs.js';
import { eventRoutes } from './routes/events.js';
import { figureRoutes } from './routes/figures.js';
import { healthRoutes } from './routes/health.js';
import { locationRoutes } from './routes/locations.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database_;
  }
}

export interface AppOptions extends HttpPolicy {
  /** SQLite file, already migrated and seeded (see prepareDatabase); opened read-only. `:memory:` gives an empty database (for the spec). */
  dbFile: string;
  logger?: FastifyServerOptions['logger'];
}

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

function migrationsAvailable(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Refuses a file the API cannot serve: missing, not this API's, made by a newer build, or not yet migrated. */
function assertServable(file: string): void {
  if (file === ':memory:') return;
  const state = inspectDatabaseFile(file);
  if (!state.exists)
    throw new DatabaseFileError(`${file} does not exist or is empty; \`npm start\` (prepareDatabase) creates and seeds it`);
  if (state.applied < state.known) {
    throw new DatabaseFileError(
      `${file} has ${state.applied} of the ${state.known} migrations this build needs; \`npm start\` (prepareDatabase) applies them`,
    );
  }
}

/** Builds the API on an existing database file, which it opens read-only. Never listens: src/server.ts does. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  assertServable(options.dbFile);
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: 200 },
    ...serverOptions(options),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  const database = openDatabase(options.dbFile, { readonly: true });
  app.decorate('database', database);
  app.addHook('onClose', async () => database.close());

  await registerHardening(app, options);
  await registerConditionalGet(app, dataClock(database.sqlite, options.dbFile));

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
        { name: 'figures', description: "Numbers in claims that are not one event's casualties (tolls, shares, forces, counts)" },
        { name: 'actors', description: 'Organisations, forces, persons and groups' },
        { name: 'locations', description: 'Places, with their parents and coordinates' },
        { name: 'articles', description: 'The source documents' },
        { name: 'health', description: 'Service status' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => errorsAsProblemJson(jsonSchemaTransformObject(document)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The validator badge would load an image from validator.swagger.io; the page uses nothing but this server.
    uiConfig: { validatorUrl: null },
    theme: {
      title: 'Syria conflict claims API',
      // Arabic quotes and names read right to left: each token of a response or
      // example body, and each input, takes its direction from its own first letter.
      css: [
        {
          filename: 'bidi.css',
          content: '.swagger-ui .highlight-code code span, .swagger-ui input[type=text], .swagger-ui textarea { unicode-bidi: plaintext; }',
        },
      ],
    },
    // Swagger UI pre-fills every parameter example, and the filter examples all
    // at once match nothing; "Try it out" starts from the card query instead.
    transformSpecification: (spec) => {
      for (const path of ['/events', '/casualty-reports']) {
        for (const parameter of spec.paths?.[path]?.get?.parameters ?? []) {
          if (!['actor', 'place', 'limit'].includes(parameter.name)) delete parameter.schema?.example;
        }
      }
      return spec;
    },
  });

  await app.register(healthRoutes, { migrationsAvailable: migrationsAvailable() });
  await app.register(eventRoutes);
  await app.register(claimRoutes);
  await app.register(casualtyReportRoutes);
  await app.register(figureRoutes);
  await app.register(actorRoutes);
  await app.register(locationRoutes);
  await app.register(articleRoutes);
  await app.register(docsRoutes);
  return app;
}
