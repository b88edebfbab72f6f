import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** RFC 9457 problem details, the body of every 4xx and 5xx answer. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ param: z.string(), message: z.string() }))
      .optional()
      .describe('For validation errors: each bad parameter and what is wrong with it'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://syria-claims.example/problems/';

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const title = TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
  return { type: `${PROBLEM_TYPE_BASE}${title.toLowerCase().replaceAll(' ', '-')}`, title, status, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p));
}

/** An error a handler throws to answer with a problem (e.g. 404 for an unknown id, 400 for a bad cursor). */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export const notFound = (what: string) => new HttpProblem(problem(404, what));
export const badParam = (param: string, message: string) =>
  new HttpProblem(problem(400, `Invalid parameter '${param}': ${message}`, { errors: [{ param, message }] }));

/** Installs the error and not-found handlers that turn every failure into problem+json. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply.header('allow', 'GET, HEAD, OPTIONS');
      return sendProblem(reply, problem(405, `This API is read-only: ${request.method.slice(0, 20)} is not allowed; use GET`));
    }
    sendProblem(reply, problem(404, `No route for ${request.method} ${request.url.split('?')[0]}`, { instance: request.url }));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, { ...error.problem, instance: error.problem.instance ?? request.url });
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const errors = error.validation.flatMap((v) => {
        const unknownKeys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknownKeys) {
          return unknownKeys.map((param) => ({ param: param || '(empty name)', message: 'is not a parameter of this endpoint' }));
        }
        return [{ param: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || where, message: v.message ?? 'is invalid' }];
      });
      const names = [...new Set(errors.map((e) => e.param))].join(', ');
      return sendProblem(reply, problem(400, `Invalid ${where} parameter(s): ${names}`, { errors, instance: request.url }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, problem(status, error.message, { instance: request.url }));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(500, 'The server failed to answer this request; the failure has been logged.', { instance: request.url }),
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
