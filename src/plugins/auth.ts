import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, problemOf } from '../http/problem.js';
import type { Problem } from '../schemas/problem.js';
import { type Caller, type Refusal, type Role, verifyKey } from '../write/keys.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A preHandler that lets through only a valid key of one of `roles`; the caller is then `request.caller`.
     * `because` names the parameter that asked for the key (`status=draft` on a public list) in the 401.
     */
    requireKey(roles?: readonly Role[], because?: ProblemError): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface AuthPolicy {
  /** `key`: every read needs a key too (any role). Default `public`. */
  readAccess?: 'public' | 'key';
  /** Writes per key per minute. */
  writesPerMinute?: number;
  /** Failed authentications per client address per minute before 429. */
  authFailuresPerMinute?: number;
}

const REFUSED: Record<Refusal, string> = {
  missing: 'This needs Authorization: Bearer <key>',
  malformed: 'The Authorization header does not hold a key of this API',
  unknown: 'The key is not known',
  revoked: 'The key has been revoked',
  expired: 'The key has expired',
};

type ProblemError = NonNullable<Problem['errors']>[number];

const WINDOW_MS = 60_000;

/**
 * Counts per name in a fixed one-minute window; true when the name has gone
 * over `max`. Not @fastify/rate-limit (which limits reads per address here):
 * its limiter counts every request it sees and cannot be asked without
 * counting, while failed authentications must count only failures and refuse
 * an address before its next key is even verified.
 */
function windowCounter(max: number) {
  let windowStart = Date.now();
  const counts = new Map<string, number>();
  return {
    over(name: string): boolean {
      if (Date.now() - windowStart >= WINDOW_MS) {
        counts.clear();
        windowStart = Date.now();
      }
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      return n > max;
    },
    blocked: (name: string) => (counts.get(name) ?? 0) >= max && Date.now() - windowStart < WINDOW_MS,
  };
}

const tooMany = (detail: string) => new HttpProblem(problemOf('rate-limited', detail));

/**
 * Bearer keys (src/write/keys.ts): 401 with `WWW-Authenticate: Bearer` for a
 * missing, malformed, unknown, revoked or expired key, 403 for a role that may
 * not. Failed attempts are limited per address and writes per key, in this
 * process (each cluster worker counts its own). The key is never logged:
 * Fastify's request log lines carry no headers, and nothing here logs one.
 */
export const authPlugin = fp<AuthPolicy>(
  async (app, policy) => {
    const failures = windowCounter(policy.authFailuresPerMinute ?? 30);
    const writes = windowCounter(policy.writesPerMinute ?? 600);
    app.decorateRequest('caller', null);

    const authenticate = async (request: FastifyRequest, reply: FastifyReply, because?: ProblemError): Promise<Caller> => {
      if (failures.blocked(request.ip)) {
        reply.header('retry-after', '60');
        throw tooMany('Too many failed authentications from this address; retry in a minute');
      }
      const header = request.headers.authorization;
      const presented = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      const result = await verifyKey(app.database.db, header === undefined ? undefined : (presented ?? '-'));
      if (typeof result === 'string') {
        failures.over(request.ip);
        reply.header('www-authenticate', result === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"');
        throw new HttpProblem(
          problemOf('unauthorized', because ? `${because.message}: ${REFUSED[result]}` : REFUSED[result], {
            errors: [...(because ? [because] : []), { param: 'Authorization', message: REFUSED[result] }],
          }),
        );
      }
      request.caller = result;
      return result;
    };

    app.decorate(
      'requireKey',
      (roles: readonly Role[] = ['coder', 'editor', 'admin'], because?: ProblemError) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          const caller = await authenticate(request, reply, because);
          if (!roles.includes(caller.role)) {
            throw new HttpProblem(problemOf('forbidden', `A ${caller.role} key may not do this; it needs ${roles.join(' or ')}`));
          }
          if (request.method !== 'GET' && writes.over(caller.name)) {
            reply.header('retry-after', '60');
            throw tooMany(`Too many writes with this key: at most ${policy.writesPerMinute ?? 600} per minute`);
          }
        },
    );

    if (policy.readAccess === 'key') {
      const open = /^\/(health|docs|openapi\.(yaml|json))(\/|$|\?)/;
      app.addHook('onRequest', async (request, reply) => {
        if ((request.method === 'GET' || request.method === 'HEAD') && !open.test(request.url)) await authenticate(request, reply);
      });
    }
  },
  { name: 'auth', dependencies: ['database', 'problems'], fastify: '5.x' },
);
