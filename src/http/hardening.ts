import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, type Problem, problem, sendProblem } from './problem.js';

/** Limits and policies of the HTTP layer; every field has a default suited to a public read-only API. */
export interface HttpPolicy {
  /** Origins allowed to read the API from a browser; `'*'` (the default) allows any. */
  corsOrigins?: string[] | '*';
  /**
   * Requests per client address per window; `false` (the default for buildApp) turns limiting off. Loopback
   * addresses (this machine) are exempt unless `loopback` is true.
   */
  rateLimit?: { max: number; timeWindowMs: number; loopback?: boolean } | false;
  /** Fastify's `trustProxy` (true, or the proxies' addresses): set it behind a reverse proxy so the client address is the real one. */
  trustProxy?: boolean | string[];
  /** Longest URL (path and query) answered; longer ones get 414. */
  maxUrlLength?: number;
  /** Largest request body accepted; the API reads no body, so this only bounds what a client can make it receive. */
  bodyLimit?: number;
  /** Largest request line plus headers, in bytes (Node's `maxHeaderSize`). */
  maxHeaderSize?: number;
  timeouts?: {
    /** Whole request, headers and body, must arrive within this (ms). */
    requestMs?: number;
    /** Headers must arrive within this (ms); at most `requestMs`. */
    headersMs?: number;
    /** An idle socket is closed after this (ms). */
    connectionMs?: number;
    /** An idle keep-alive connection is closed after this (ms). */
    keepAliveMs?: number;
  };
}

const DEFAULT_POLICY = {
  corsOrigins: '*' as const,
  maxUrlLength: 8192,
  bodyLimit: 16 * 1024,
  maxHeaderSize: 16 * 1024,
  timeouts: { requestMs: 30_000, headersMs: 10_000, connectionMs: 60_000, keepAliveMs: 5_000 },
};

/** Headers a browser client may read from a cross-origin answer. */
const EXPOSED_HEADERS = [
  'link',
  'x-total-count',
  'etag',
  'last-modified',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-request-id',
  'location',
  'www-authenticate',
];

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** After refusing a malformed request, how long and how much of the client's remaining input is read before the connection is dropped. */
const LINGER_MS = 2000;
const LINGER_MAX_BYTES = 16 * 1024 * 1024;

/** Fastify constructor options that enforce the policy's limits and timeouts and keep framework errors in problem+json. */
export function serverOptions(policy: HttpPolicy): FastifyHttpOptions<Server> {
  const maxUrlLength = policy.maxUrlLength ?? DEFAULT_POLICY.maxUrlLength;
  const maxHeaderSize = policy.maxHeaderSize ?? DEFAULT_POLICY.maxHeaderSize;
  const timeouts = { ...DEFAULT_POLICY.timeouts, ...policy.timeouts };
  let nextRequestId = 0;
  return {
    bodyLimit: policy.bodyLimit ?? DEFAULT_POLICY.bodyLimit,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      maxHeaderSize,
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      // Node enforces the two timeouts above only when it checks its connections; check often enough for them to mean something.
      connectionsCheckingInterval: Math.max(50, Math.min(timeouts.headersMs / 4, 5_000)),
    },
    trustProxy: policy.trustProxy ?? false,
    // Requests already on a connection when shutdown starts are answered (with `Connection: close`), not refused with 503.
    return503OnClosing: false,
    // A caller's own request id (safe characters only) ties its request to the server's log lines.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req-${(++nextRequestId).toString(36)}`;
    },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return sendProblem(reply, problem(414, 'A path segment of this URL is too long for any resource of this API'));
      }
      const message =
        error.code === 'FST_ERR_BAD_URL' ? 'is not valid percent-encoded UTF-8' : `cannot be routed (${error.code ?? error.message})`;
      return sendProblem(
        reply,
        problem(400, `Invalid URL path: it ${message}`, { errors: [{ param: 'path', message }], instance: request.url.slice(0, 200) }),
      );
    },
    clientErrorHandler: (error, socket) => answerMalformedRequest(error, socket, { maxUrlLength, maxHeaderSize }),
  };
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (header
 * overflow, timeouts, bytes that are not HTTP) still get a problem+json answer,
 * then the connection is closed.
 */
function answerMalformedRequest(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
  limits: { maxUrlLength: number; maxHeaderSize: number },
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let p: Problem;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    p = problem(408, 'The request did not arrive in time; the connection is closed');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    // Node counts the request line with the headers: a chunk whose first line does not end within the URL limit is an over-long URL.
    const firstLineEnd = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.indexOf('\r\n') : -1;
    p =
      firstLineEnd === -1 || firstLineEnd > limits.maxUrlLength
        ? problem(414, `The URL is longer than ${limits.maxUrlLength} characters`)
        : problem(431, `The request line and headers together exceed ${limits.maxHeaderSize} bytes`);
  } else {
    const message = `is not valid HTTP/1.1 (${error.code ?? 'parse error'})`;
    p = problem(400, `The request ${message}`, { errors: [{ param: 'request', message }] });
  }
  // An answer already being written on this connection (keep-alive) must not be corrupted by a second one.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(p);
  const isHead = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${isHead ? '' : body}`,
  );
  // Closing a socket with unread input resets the connection, and the client may lose the answer with it: read
  // and discard what it is still sending (the rest of a long URL, say) for a bounded time and amount first.
  socket.removeAllListeners('data');
  let discarded = 0;
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_MAX_BYTES) socket.destroy();
  });
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Security headers, CORS, per-address rate limiting and the URL and body
 * limits. Register before the routes: the rate limiter attaches to routes as
 * they are added.
 */
export async function registerHardening(app: FastifyInstance, policy: HttpPolicy): Promise<void> {
  const maxUrlLength = policy.maxUrlLength ?? DEFAULT_POLICY.maxUrlLength;
  const bodyLimit = policy.bodyLimit ?? DEFAULT_POLICY.bodyLimit;

  await app.register(helmet, {
    // Swagger UI at /docs loads only its own files from this server; its components set inline styles.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
    // Public data: any site may embed or fetch it (CORS still governs what a page's script can read).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });

  const origins = policy.corsOrigins ?? DEFAULT_POLICY.corsOrigins;
  await app.register(cors, {
    origin: origins === '*' ? '*' : origins,
    // Writes come from the coders' own tools and Swagger UI on this origin, never from another site's page.
    methods: ['GET', 'HEAD', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    strictPreflight: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > maxUrlLength) {
      throw new HttpProblem(
        problem(414, `The URL is ${request.url.length} characters long; the limit is ${maxUrlLength}`, {
          instance: `${request.url.slice(0, 200)}...`,
        }),
      );
    }
    // Write routes take a larger body (a long article); every other route keeps the small default.
    const limit = request.routeOptions.bodyLimit ?? bodyLimit;
    const length = request.headers['content-length'];
    if (length !== undefined && Number(length) > limit) {
      reply.header('connection', 'close');
      throw new HttpProblem(
        problem(
          413,
          limit === bodyLimit
            ? `This endpoint reads no request body; bodies over ${limit} bytes are refused`
            : `Bodies over ${limit} bytes are refused`,
        ),
      );
    }
    // A body of unknown length is never read; closing the connection afterwards keeps the server from receiving it.
    if (request.headers['transfer-encoding'] !== undefined) reply.header('connection', 'close');
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const limit = policy.rateLimit ?? false;
  if (limit) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // Local use (a notebook or script on the server's own machine) is never throttled; everyone else is.
      allowList: limit.loopback ? [] : (request) => isLoopback(request.ip),
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          problem(
            429,
            `Too many requests from this address: at most ${limit.max} per ${formatDuration(limit.timeWindowMs)}; retry in ${context.after}`,
          ),
        ),
    });
  }
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string): boolean {
  return /^(::ffff:)?127(\.\d{1,3}){3}$/i.test(address) || address === '::1';
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  if (ms % 1000 === 0) return ms === 1000 ? 'second' : `${ms / 1000} seconds`;
  return `${ms} ms`;
}
