import { z } from 'zod';

export const health = z
  .object({
    status: z.literal('ok'),
    database: z.object({
      reachable: z.boolean(),
      migration_level: z.number().int().describe('Number of migrations applied to the database file'),
      migrations_available: z.number().int().describe('Number of migrations this build knows'),
    }),
    counts: z.record(z.string(), z.number().int()).describe('Rows per table'),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof health>;
