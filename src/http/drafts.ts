import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { findDrafts, findWithDrafts, getDraft } from '../query/drafts.js';
import { QueryError } from '../query/errors.js';
import type { Page } from '../query/pagination.js';
import { DRAFTS, type DraftListQuery } from '../schemas/drafts.js';
import type { FormatQuery } from '../schemas/params.js';
import type { WritableResource } from '../schemas/writes.js';
import { negotiate, setNextLink } from './formats.js';
import { type ListRepresentation, sendList } from './list.js';

/**
 * Drafts are answered only to a key, so no shared cache may keep them: a
 * proxy that served one to the next (public) caller would publish it before
 * an editor did.
 */
function sendPrivate(reply: FastifyReply, schema: z.ZodType, body: unknown): FastifyReply {
  // Sent as a string: the route's serializer is the published shape's, which would strip what a draft carries.
  return reply
    .header('cache-control', 'private, no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(schema.parse(body)));
}

/** Drafts are JSON only: CSV columns, map features and annotations are made from published records. */
function jsonOnly(request: FastifyRequest, why: string): void {
  const format = (request.query as FormatQuery | undefined)?.format;
  if (format !== undefined && format !== 'json') throw new QueryError('bad-parameter', 'format', why);
  negotiate(request, ['json'], undefined);
}

/**
 * The reads a key holder has of one writable resource's drafts: `status` on
 * its list, and its drafts by id. Public reads are left as they were.
 */
export function draftReads(app: FastifyInstance, resource: WritableResource, mixedList: z.ZodType) {
  const { db } = app.database;
  const listKey = app.requireKey(undefined, { param: 'status', message: 'status=draft and status=all need a key' });
  const draftKey = app.requireKey();
  return {
    /** preHandler of the list: a key for `status=draft` or `all`; none for the published list. */
    async keyForStatus(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const { status = 'published' } = request.query as DraftListQuery;
      if (status !== 'published') await listKey(request, reply);
    },

    /** Answers the list: the published list as it always was, or (with a key) the drafts, or both. */
    send<Q extends DraftListQuery, T>(
      request: FastifyRequest,
      reply: FastifyReply,
      query: Q,
      representation: ListRepresentation<T>,
      find: (query: Q) => Page<T>,
    ) {
      if (query.status === undefined || query.status === 'published') return sendList(request, reply, representation, () => find(query));
      jsonOnly(request, `status=${query.status} is answered in JSON only`);
      const page = query.status === 'draft' ? findDrafts(db, resource, query) : findWithDrafts(db, resource, query, find);
      setNextLink(request, reply, page.meta.next_cursor);
      reply.header('x-total-count', String(page.meta.total));
      return sendPrivate(reply, mixedList, page);
    },

    /**
     * preHandler of GET /{resource}/{id}: a draft, to a request with a valid
     * key (401 for an invalid one). Without a key the route answers as for
     * any record that is not published: 404.
     */
    async draftById(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (request.headers.authorization === undefined) return;
      const draft = getDraft(db, resource, (request.params as { id: number }).id);
      if (!draft) return;
      await draftKey(request, reply);
      jsonOnly(request, 'a draft is answered in JSON only');
      return sendPrivate(reply, DRAFTS[resource], draft);
    },
  };
}
