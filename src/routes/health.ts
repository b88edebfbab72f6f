import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { migrationsAvailable } from '../plugins/database.js';
import { databaseFacts } from '../query/health.js';
import { health } from '../schemas/health.js';
import { problemSchema } from '../schemas/problem.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const available = migrationsAvailable();
  const currentFacts = databaseFacts(app.database.db);
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness, database status and row counts',
        description:
          '200 while the database answers, with its state and the number of rows in each table; 503 problem+json when it does not.',
        response: { 200: health, 503: problemSchema },
      },
    },
    async () => {
      const facts = currentFacts();
      return {
        status: 'ok' as const,
        database: { reachable: true, migration_level: facts.migrationLevel, migrations_available: available },
        counts: facts.counts,
      };
    },
  );
};
