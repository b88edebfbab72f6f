import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationLevel } from '../db/client.js';
import { problemSchema } from '../http/problem.js';
import { migrationsAvailable } from '../plugins/database.js';

const COUNTED_TABLES = [
  'articles',
  'claims',
  'events',
  'actors',
  'actor_aliases',
  'locations',
  'location_aliases',
  'casualty_reports',
  'claim_events',
  'event_actors',
] as const;

const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.object({
      reachable: z.boolean(),
      migration_level: z.number().int().describe('Number of migrations applied to the database file'),
      migrations_available: z.number().int().describe('Number of migrations this build knows'),
    }),
    counts: z.record(z.string(), z.number().int()).describe('Rows per table'),
  })
  .meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const available = migrationsAvailable();
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness, database status and row counts',
        response: { 200: healthSchema, 503: problemSchema },
      },
    },
    async () => {
      const { sqlite } = app.database;
      const counts: Record<string, number> = {};
      for (const table of COUNTED_TABLES) {
        counts[table] = (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      }
      return {
        status: 'ok' as const,
        database: { reachable: true, migration_level: migrationLevel(sqlite), migrations_available: available },
        counts,
      };
    },
  );
};
