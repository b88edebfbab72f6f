import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { QueryError } from '../query/errors.js';
import { PROBLEM_KINDS, type Problem, type ProblemKind, problemTypeUri } from '../schemas/problem.js';

export { type Problem, problemSchema } from '../schemas/problem.js';

/** The kind of problem a status means when nothing more specific is known. */
const KIND_OF_STATUS: Record<number, ProblemKind> = {
  400: 'malformed-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  408: 'request-timeout',
  409: 'conflict',
  410: 'gone',
  412: 'precondition-failed',
  413: 'too-large',
  414: 'too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  428: 'precondition-required',
  429: 'rate-limited',
  431: 'too-large',
  503: 'unavailable',
};

/** A problem of a kind; `status` only where the kind is sent with several (`too-large`). */
export function problemOf(kind: ProblemKind, detail: string, extra: Partial<Problem> = {}): Problem {
  const { status, title } = PROBLEM_KINDS[kind];
  return { type: problemTypeUri(kind), title, status, detail, ...extra };
}

/** A problem for a status, of the kind that status means (see KIND_OF_STATUS). */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const kind = KIND_OF_STATUS[status] ?? (status >= 500 ? 'server-error' : 'malformed-request');
  return problemOf(kind, detail, { status, ...extra });
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p));
}

/** An error a handler throws to answer with a problem (e.g. 404 for an unknown id). */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export const notFound = (what: string) => new HttpProblem(problemOf('not-found', what));

/** The record, or a 404 problem saying what was not found. */
export function found<T>(record: T | null, what: string): T {
  if (record === null) throw notFound(what);
  return record;
}

/** A body the JSON parser refused: its 400 names `body`, as a 400 names any other bad part of a request (the fuzzer found these without). */
const BODY_REFUSED = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/** Installs the error and not-found handlers that turn every failure into problem+json. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply.header('allow', 'GET, HEAD, OPTIONS');
      return sendProblem(
        reply,
        problemOf('method-not-allowed', `${request.method.slice(0, 20)} is not allowed on this path; use GET (writes: see /docs)`),
      );
    }
    sendProblem(reply, problemOf('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`, { instance: request.url }));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, { ...error.problem, instance: error.problem.instance ?? request.url });
    if (error instanceof QueryError) {
      return sendProblem(
        reply,
        problemOf(error.kind, error.message, { errors: [{ param: error.param, message: error.reason }], instance: request.url }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      let unknownOnly = true;
      const errors = error.validation.flatMap((v) => {
        const unknownKeys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknownKeys) {
          return unknownKeys.map((param) => ({ param: param || '(empty name)', message: 'is not a parameter of this endpoint' }));
        }
        unknownOnly = false;
        return [{ param: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || where, message: v.message ?? 'is invalid' }];
      });
      const names = [...new Set(errors.map((e) => e.param))].join(', ');
      return sendProblem(
        reply,
        problemOf(unknownOnly ? 'unknown-parameter' : 'bad-parameter', `Invalid ${where} parameter(s): ${names}`, {
          errors,
          instance: request.url,
        }),
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const errors = BODY_REFUSED.has(error.code) ? [{ param: 'body', message: error.message }] : undefined;
      return sendProblem(reply, problem(status, error.message, { instance: request.url, ...(errors && { errors }) }));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problemOf('server-error', 'The server failed to answer this request; the failure has been logged.', { instance: request.url }),
    );
  });
}

/**
 * Error answers are sent as application/problem+json; the OpenAPI document
 * says so for every 4xx and 5xx response, which the type provider would
 * otherwise list as application/json.
 */
export function errorsAsProblemJson<T>(document: T): T {
  const paths = (
    document as { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> }
  ).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (/^[45]\d\d$/.test(status) && json && response.content) {
          response.content = { 'application/problem+json': json };
        }
      }
    }
  }
  return document;
}
