import type { FastifySchemaCompiler } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { found } from '../http/problem.js';
import { findChanges, recordHistory } from '../query/changes.js';
import { idParam } from '../schemas/params.js';
import { problemSchema } from '../schemas/problem.js';
import {
  changeList,
  changesQuery,
  historyEntry,
  retractQuery,
  WRITABLE_RESOURCES,
  WRITE_BODIES,
  type WritableResource,
  writtenRecord,
} from '../schemas/writes.js';
import { recordTag } from '../write/refusals.js';

/** A long article is ~100 KB of Arabic; 1 MiB leaves room and still bounds what a client can make the server parse. */
export const WRITE_BODY_LIMIT = 1024 * 1024;

/**
 * Bodies are checked by the write service, so that a rule they break is a 422
 * naming the field (as the seed's rules are); the schema on the route is for
 * the OpenAPI document. Parameters and query strings are validated as usual.
 */
function bodyInService<T>(route: FastifyRouteSchemaDef<T>): ReturnType<FastifySchemaCompiler<T>> {
  return route.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : validatorCompiler(route as unknown as FastifyRouteSchemaDef<z.ZodType>);
}

const security = [{ bearerAuth: [] }];
const writeErrors = {
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  415: problemSchema,
  422: problemSchema,
  429: problemSchema,
};
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Any unique string: a retry with the same key and body gets the first answer again and creates nothing more'),
});
const ifMatchHeader = z.object({
  'if-match': z.string().max(500).optional().describe('The ETag of the current version (from a write answer or the history); required'),
});

const TAGS: Record<WritableResource, string> = {
  articles: 'articles',
  claims: 'claims',
  events: 'events',
  'casualty-reports': 'casualty reports',
  figures: 'figures',
  actors: 'actors',
  locations: 'locations',
};
const singular = (resource: WritableResource) =>
  resource === 'casualty-reports' ? 'CasualtyReport' : `${resource[0]?.toUpperCase()}${resource.slice(1, -1)}`;

/**
 * POST, PATCH, DELETE, publish and history for every writable resource, and
 * GET /changes. Each handler authenticates (preHandler), calls the write
 * service once and sends what it answers.
 */
export const writeRoutes: FastifyPluginAsyncZod = async (app) => {
  // JSON only: text/plain (which Fastify reads by default) is refused with 415 like any other type.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'ignore'));

  const historyKey = app.requireKey();
  for (const resource of WRITABLE_RESOURCES) {
    const name = singular(resource);
    const tags = [TAGS[resource]];
    app.post(
      `/${resource}`,
      {
        bodyLimit: WRITE_BODY_LIMIT,
        validatorCompiler: bodyInService,
        preHandler: app.requireKey(),
        schema: {
          operationId: `create${name}`,
          tags,
          summary: `Create a ${TAGS[resource].replace(/s$/, '')} (a draft until an editor publishes it)`,
          description:
            'Needs a coder, editor or admin key. The body uses the field names the reads use (references by id). Every rule the seed obeys is checked: a refusal is a 422 problem naming the field. With `Idempotency-Key`, a retry with the same body gives the first answer again and creates nothing more.',
          security,
          headers: idempotencyHeader,
          body: WRITE_BODIES[resource],
          response: { 201: writtenRecord, 200: writtenRecord, ...writeErrors },
        },
      },
      async (request, reply) => {
        const caller = request.caller as NonNullable<typeof request.caller>;
        const { status, record } = app.writes.create(caller, resource, request.body, request.headers['idempotency-key']);
        return reply
          .code(status)
          .header('location', `/${resource}/${record.id}`)
          .header('etag', recordTag(resource, record.id, record.version))
          .send(record);
      },
    );

    app.patch(
      `/${resource}/:id`,
      {
        bodyLimit: WRITE_BODY_LIMIT,
        validatorCompiler: bodyInService,
        preHandler: app.requireKey(),
        schema: {
          operationId: `update${name}`,
          tags,
          summary: `Change a ${TAGS[resource].replace(/s$/, '')} (JSON merge patch; If-Match required)`,
          description:
            'A JSON merge patch (RFC 7396) on the current version. `If-Match` names the version changed (the ETag of the record, from a read, a write answer or the history): 428 without it, 412 when someone else changed the record since. A coder may change its own drafts; an editor anything.',
          security,
          params: idParam,
          headers: ifMatchHeader,
          body: WRITE_BODIES[resource].partial().meta({ id: `${name}Patch`, example: undefined }),
          response: { 200: writtenRecord, ...writeErrors, 412: problemSchema, 428: problemSchema },
        },
      },
      async (request, reply) => {
        const caller = request.caller as NonNullable<typeof request.caller>;
        const record = app.writes.update(caller, resource, request.params.id, request.body, request.headers['if-match']);
        return reply.header('etag', recordTag(resource, record.id, record.version)).send(record);
      },
    );

    app.delete(
      `/${resource}/:id`,
      {
        preHandler: app.requireKey(),
        schema: {
          operationId: `retract${name}`,
          tags,
          summary: `Retract a ${TAGS[resource].replace(/s$/, '')}: kept with its reason, out of every public read`,
          description:
            'Never erases: the record keeps `status: "retracted"` and the reason, drops out of lists and aggregates, and a later GET answers 410 with the reason. A record others still depend on (an event with claims) is a 409.',
          security,
          params: idParam,
          querystring: retractQuery,
          response: { 200: writtenRecord, ...writeErrors },
        },
      },
      async (request) =>
        app.writes.retract(request.caller as NonNullable<typeof request.caller>, resource, request.params.id, request.query.reason),
    );

    app.post(
      `/${resource}/:id/publish`,
      {
        preHandler: app.requireKey(['editor', 'admin']),
        schema: {
          operationId: `publish${name}`,
          tags,
          summary: `Publish a draft ${TAGS[resource].replace(/s$/, '')} (an editor other than its author)`,
          description:
            'Needs an editor or admin key other than the author. The records it refers to must be published first. From then on the record shows in every public read and in /changes.',
          security,
          params: idParam,
          response: { 200: writtenRecord, ...writeErrors },
        },
      },
      async (request, reply) => {
        const record = app.writes.publish(request.caller as NonNullable<typeof request.caller>, resource, request.params.id);
        return reply.header('etag', recordTag(resource, record.id, record.version)).send(record);
      },
    );

    app.get(
      `/${resource}/:id/history`,
      {
        schema: {
          operationId: `history${name}`,
          tags,
          summary: `Every version of a ${TAGS[resource].replace(/s$/, '')}, oldest first`,
          description:
            'Each version with when, by which key name, the action (created, updated, published, retracted), the reason and the record as it was. Public callers see a record from its publication on (a record never published is a 404); with a key, the versions it had as a draft too.',
          params: idParam,
          security: [{}, ...security],
          response: { 200: z.object({ data: z.array(historyEntry) }), 400: problemSchema, 401: problemSchema, 404: problemSchema },
        },
        // A key (when one is sent) shows the versions a record had as a draft; public callers see it from its publication on.
        preHandler: async (request, reply) => {
          if (request.headers.authorization !== undefined) await historyKey(request, reply);
        },
      },
      async (request, reply) => {
        const drafts = request.caller !== null;
        if (drafts) reply.header('cache-control', 'private, no-store');
        return {
          data: found(
            recordHistory(app.database.db, resource, request.params.id, { drafts }),
            `No ${resource} record with id ${request.params.id}${drafts ? '' : ' that has been published'}`,
          ),
        };
      },
    );
  }

  app.get(
    '/changes',
    {
      schema: {
        operationId: 'listChanges',
        tags: ['changes'],
        summary: 'Every change to published data, in commit order, for mirrors',
        description:
          'Pass `next_cursor` as `since` to continue; a mirror that stores the last cursor stays in step without downloading everything again. Retractions are listed too.',
        querystring: changesQuery,
        response: { 200: changeList, 400: problemSchema },
      },
    },
    async (request) => findChanges(app.database.db, request.query),
  );
};
