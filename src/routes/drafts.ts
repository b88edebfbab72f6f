import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { records } from '../db/schema.js';

/** Cited records first, so that an editor publishing down the list publishes what a record cites before the record. */
const ORDER = ['articles', 'actors', 'locations', 'events', 'claims', 'casualty-reports', 'figures'];

/**
 * GET /drafts: every draft awaiting review, for the editors' page of the
 * browser workbench (public reads never show drafts). Any valid key may list
 * them. Hidden from the OpenAPI document until the read model (status=draft on
 * the lists) covers it.
 */
export const draftRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/drafts', { preHandler: app.requireKey(), schema: { hide: true } }, async () => {
    const rows = app.database.db.select().from(records).where(eq(records.status, 'draft')).all();
    const data = rows
      .map((r) => ({ resource: r.resource, id: r.id, author: r.author, record: JSON.parse(r.body) as Record<string, unknown> }))
      .sort((a, b) => ORDER.indexOf(a.resource) - ORDER.indexOf(b.resource) || a.id - b.id);
    return { data };
  });
};
