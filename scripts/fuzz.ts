/**
 * Fuzzes the API from its own OpenAPI description.
 *
 *   npm run fuzz -- --requests 100000 [--keyed N] [--seed N] [--target server|inject] [--concurrency 16] [--db FILE] [--max-seconds 1800]
 *
 * Every operation's parameters get values drawn from their schemas, mixed with
 * hostile ones (SQL and FTS5 fragments, 1 MB strings, NUL bytes, malformed
 * percent-escapes and invalid UTF-8, bidi and zero-width marks, numbers at
 * 2^63, NaN, repeated and array parameters, unknown parameters, forged and
 * borrowed cursors). Then `--keyed` more requests carry a valid coder or editor
 * key (scripts/fuzz-writes.ts): writes with bodies from the spec, and reads of
 * what they made. By default half as many as `--requests`, and none on a file
 * given with --db unless asked, since they change it (the keys made for the run
 * are revoked after it). `server` (the default) sends them over loopback to a
 * real server on a free port; `inject` uses app.inject. Prints the figures and exits
 * non-zero on any 5xx, any 4xx that is not problem+json naming its problem, a
 * server that stops answering, or memory that does not return to its baseline.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey, revokeKey } from '../src/write/keys.js';
import { type BodySchema, type FuzzKeys, keyedWriteArbitrary, RecordPool, type WriteOperation, withBorrowedEtag } from './fuzz-writes.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  example?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
}

interface SpecOperation {
  parameters?: Parameter[];
  security?: Record<string, unknown>[];
  requestBody?: { content?: Record<string, { schema?: BodySchema }> };
}

/**
 * One piece of a query string or path: text (percent-encoded when sent), raw bytes (sent as they are), or a cursor
 * or the id of a record borrowed from an earlier answer.
 */
export type Value = { text: string } | { raw: string } | { borrowedCursor: number } | { borrowedRecord: number };

export interface FuzzRequest {
  method: string;
  path: string;
  pathParams: Record<string, Value>;
  query: [string, Value][];
  headers: Record<string, string>;
  body?: string;
}

const ONE_MB = 1 << 20;
const HUGE_ASCII = 'A'.repeat(ONE_MB);
const HUGE_ARABIC = 'ا'.repeat(ONE_MB / 2);

/** Values chosen to break a careless server: injection fragments, extremes, odd Unicode. */
const HOSTILE_TEXT: string[] = [
  // SQL
  "' OR 1=1 --",
  '1; DROP TABLE events; --',
  '") UNION SELECT sqlite_version() --',
  "%' AND 1=1 --",
  '1 OR 1=1',
  "'",
  "''",
  '"',
  '\\',
  '/*',
  "; ATTACH DATABASE '/tmp/x.db' AS x; --",
  "load_extension('/tmp/x')",
  '1)) OR ((1=1',
  "x' UNION SELECT name FROM sqlite_master --",
  // FTS5 query syntax
  '"unterminated',
  'NEAR(isis raqqa, 2)',
  'isis OR raqqa',
  'NOT isis',
  '^raqqa',
  'body:raqqa',
  '{body}: raqqa',
  '* ',
  'raq*',
  '(',
  ')',
  'a AND',
  '-raqqa',
  '+',
  'AND OR NOT',
  // LIKE wildcards
  '%',
  '_',
  '%%%%',
  '\\%',
  // NUL and control characters
  '\0',
  'ISIS\0',
  'a\0b',
  '\x01\x02\x1b[31m',
  '\r\nSet-Cookie: x=1',
  '\t\n',
  // bidi and zero-width marks, combining marks
  '\u202E',
  '\u200B',
  '\u200F',
  '\uFEFF',
  'ISIS\u200B',
  '\u202Edaesh\u202C',
  '\u2066الرقة\u2069',
  `a${'\u0301'.repeat(500)}`,
  'دَيْرُ الزُّوْرِ',
  'ﻻ',
  // numbers at the edges
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '9007199254740993',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '0',
  '-1',
  '1e308',
  '1e-308',
  '0x10',
  '1.5',
  ' 1',
  '+1',
  '00001',
  '１',
  '٣',
  // dates
  '2017-02-30',
  '0000-00-00',
  '9999-12-31',
  '2017-13-01',
  '20170101',
  '2017-01-01T00:00:00Z',
  '-2017-01-01',
  // empty, separators, length
  '',
  '   ',
  ',',
  ',,,',
  ','.repeat(2000),
  'x'.repeat(301),
  'x'.repeat(5000),
  HUGE_ASCII,
  HUGE_ARABIC,
  // lone surrogates (sent as invalid UTF-8), astral characters
  '\uD800',
  'a\uDFFFb',
  '😀',
  '𝕏',
  // prototype and structure
  '__proto__',
  'constructor',
  'toString',
  '[object Object]',
  '{"a":1}',
  '[1,2]',
  '../../etc/passwd',
  '<script>alert(1)</script>',
];

/** Percent-escapes that do not decode, or decode to invalid UTF-8, sent raw. */
const MALFORMED_RAW = [
  '%',
  '%%',
  '%zz',
  '%E0%A4%A',
  '%C3%28',
  '%FF%FE',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%C0%AF',
  '%00',
  'a%',
  '%2',
  '%u0041',
  '%%32%35',
];

/** Names real users type, so that valid requests also reach the name matching with hits. */
const NAMES = [
  'ISIS',
  'داعش',
  'Daesh',
  'Islamic State',
  'SDF',
  'SANA',
  'SOHR',
  'Syrian Arab Army',
  'Deir ez-Zor',
  'دير الزور',
  'Raqqa',
  'الرقة',
  'Palmyra',
  '1',
  '2',
  '17',
  '003',
  'ISIS,SDF',
];

const HOSTILE_KEYS = [
  '__proto__',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'a b',
  '%00',
  'Limit',
  'LIMIT',
  'q ',
  'format[]',
];

const ACCEPT = [
  'application/json',
  'text/csv',
  'application/geo+json',
  'application/problem+json',
  'text/html',
  'application/xml',
  '*/*',
  'text/*;q=0.5, application/json;q=0.1',
  'text/csv;q=0, */*;q=0',
  'application/json;q=NaN',
  ';;;,,,',
  'x'.repeat(4000),
];

/** Cursors a careful client would never send: wrong base64, wrong list, wrong shape, hostile content. */
function forgedCursors(): string[] {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');
  return [
    'not-a-cursor',
    '====',
    '!!!',
    b64('not json'),
    b64(['events', '2017-01-01', 1]),
    b64(['claims', null, 1]),
    b64(['events', "' OR 1=1 --", 1]),
    b64(['events', 'x'.repeat(65), 1]),
    b64(['events', '2017-01-01', -1]),
    b64(['events', '2017-01-01', 9.5]),
    b64(['events', '2017-01-01', 2 ** 63]),
    b64(['events', 1e308, 1]),
    b64(['events:q', Number.NaN, 1]),
    b64(['events', {}, 1]),
    b64({ __proto__: { polluted: true } }),
    b64([]),
    b64('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['),
    'A'.repeat(600),
  ];
}

const DATE_PATTERN_FALLBACK = fc
  .date({ min: new Date('2014-01-01'), max: new Date('2022-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Values the schema allows (or nearly: the bounds themselves and one past them). */
function validText(schema: JsonSchema | undefined, name: string): fc.Arbitrary<string> {
  if (!schema) return fc.string({ maxLength: 20 });
  const variants = [schema.anyOf, schema.oneOf].find((v) => v?.length);
  if (variants) return fc.oneof(...variants.map((s) => validText(s, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum.map(String));
  const examples = schema.example === undefined ? [] : [String(schema.example)];
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max = Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
      return fc
        .oneof(
          { weight: 6, arbitrary: fc.integer({ min, max: Math.min(max, min + 200) }) },
          { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1) },
          { weight: 1, arbitrary: fc.integer({ min, max }) },
        )
        .map(String);
    }
    case 'boolean':
      return fc.constantFrom('true', 'false');
    default: {
      if (schema.format === 'date') return DATE_PATTERN_FALLBACK;
      if (schema.pattern) {
        try {
          const matching = fc.stringMatching(new RegExp(schema.pattern));
          fc.sample(matching, 1);
          return matching.filter((s) => s.length <= (schema.maxLength ?? 10_000));
        } catch {
          // A pattern fast-check cannot generate from: fall through to plain strings.
        }
      }
      const maxLength = Math.min(schema.maxLength ?? 40, 40);
      const names = ['actor', 'place', 'claimant', 'q', 'article'].includes(name) ? NAMES : [];
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...names, ...examples, 'x') },
        { weight: 2, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: schema.minLength ?? 0, maxLength }) },
      );
    }
  }
}

function valueArbitrary(parameter: Parameter, hostile: boolean): fc.Arbitrary<Value> {
  const valid = validText(parameter.schema, parameter.name).map((text): Value => ({ text }));
  const borrowed = fc.nat().map((n): Value => ({ borrowedCursor: n }));
  if (!hostile) return parameter.name === 'cursor' ? borrowed : valid;
  const arbitraries: fc.WeightedArbitrary<Value>[] = [
    { weight: 6, arbitrary: valid },
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_TEXT).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_RAW).map((raw) => ({ raw })) },
  ];
  if (parameter.name === 'cursor') {
    arbitraries.push({ weight: 6, arbitrary: borrowed });
    arbitraries.push({ weight: 4, arbitrary: fc.constantFrom(...forgedCursors()).map((text) => ({ text })) });
  }
  return fc.oneof(...arbitraries);
}

/** Query-string parts no schema asks for: repeats, array forms, unknown keys, bare separators. */
function oddQueryParts(operation: Operation): fc.Arbitrary<[string, Value][]> {
  const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const known = names.length ? fc.constantFrom(...names) : fc.constant('q');
  const anyValue = fc.oneof(fc.constantFrom(...NAMES, ...HOSTILE_TEXT.slice(0, 40)), fc.string({ maxLength: 10 }));
  return fc.oneof(
    // the same parameter twice
    fc.tuple(known, anyValue, anyValue).map(([k, a, b]): [string, Value][] => [
      [k, { text: a }],
      [k, { text: b }],
    ]),
    // array and object forms
    fc
      .tuple(known, fc.constantFrom('[]', '[0]', '[x]', '[][]', '.x'), anyValue)
      .map(([k, suffix, v]): [string, Value][] => [[`${k}${suffix}`, { text: v }]]),
    // unknown parameters
    fc
      .tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ minLength: 1, maxLength: 12 })), anyValue)
      .map(([k, v]): [string, Value][] => [[k, { text: v }]]),
    // separators and keys without values, sent raw
    fc.constantFrom('&', '&&', '=', '==', '=x', 'q', 'limit', ';', '%26', 'a=1=2', '&=&').map((raw): [string, Value][] => [['', { raw }]]),
  );
}

const ODD_PATHS = [
  '/',
  '/nope',
  '/events/',
  '//events',
  '/events/1/extra',
  '/EVENTS',
  '/events%2F1',
  '/events/..%2Factors',
  '/events;x=1',
  '/%00',
  '/events/%',
  '/docs',
  '/docs/json',
  '/openapi.yaml',
  '/health',
  '/.env',
  '/events/1?#frag',
];

/** Usually nothing; now and then a value. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/**
 * A request to one operation of the spec (or, now and then, to an odd path).
 * Three in five are well-formed, with values the schemas allow, so that the
 * queries behind the API run on real data; the others mix in hostile values,
 * odd query parts, headers, methods and bodies.
 */
export function requestArbitrary(operations: Operation[]): fc.Arbitrary<FuzzRequest> {
  const headersOf = (hostile: boolean) =>
    fc
      .record({
        accept: rarely(fc.constantFrom(...(hostile ? ACCEPT : ACCEPT.slice(0, 4))), 4),
        'if-none-match': rarely(fc.constantFrom('*', '"abc"', 'W/"abc"', '"a", "b"', 'garbage'), hostile ? 10 : 50),
        'if-modified-since': rarely(
          fc.constantFrom(new Date().toUTCString(), 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'yesterday', ''),
          hostile ? 10 : 50,
        ),
        origin: rarely(fc.constantFrom('https://example.org', 'null', 'http://127.0.0.1:1'), 10),
        'x-request-id': rarely(fc.constantFrom('fuzz-1', 'x'.repeat(100), 'a b', '<id>'), 10),
        'accept-language': rarely(fc.constantFrom('ar', 'en;q=0.5', '*'), 10),
      })
      .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);
  const methodOf = (hostile: boolean) =>
    hostile
      ? fc.oneof(
          { weight: 80, arbitrary: fc.constant('GET') },
          { weight: 8, arbitrary: fc.constant('HEAD') },
          { weight: 4, arbitrary: fc.constant('OPTIONS') },
          { weight: 8, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH') },
        )
      : fc.oneof({ weight: 19, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constant('HEAD') });
  const body = rarely(fc.constantFrom('x', '{"a":1}', 'y'.repeat(20_000)), 25);

  const perOperation = operations.map((operation) => {
    const query = operation.parameters.filter((p) => p.in === 'query');
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    const queryParts = (hostile: boolean) =>
      fc
        .shuffledSubarray(query, { maxLength: Math.min(query.length, 5) })
        .chain((chosen) => fc.tuple(...chosen.map((p) => valueArbitrary(p, hostile).map((v): [string, Value] => [p.name, v]))))
        .map((parts) => parts as [string, Value][]);
    const pathValues = (hostile: boolean) =>
      fc.tuple(...pathParams.map((p) => valueArbitrary(p, hostile).map((v): [string, Value] => [p.name, v])));
    const wellFormed = fc
      .record({ method: methodOf(false), query: queryParts(false), pathParams: pathValues(false), headers: headersOf(false) })
      .map(
        (r): FuzzRequest => ({
          method: r.method,
          path: operation.path,
          pathParams: Object.fromEntries(r.pathParams),
          query: r.query,
          headers: r.headers,
        }),
      );
    const hostile = fc
      .record({
        method: methodOf(true),
        query: queryParts(true),
        odd: rarely(oddQueryParts(operation), 3),
        pathParams: pathValues(true),
        headers: headersOf(true),
        body,
      })
      .map(
        (r): FuzzRequest => ({
          method: r.method,
          path: operation.path,
          pathParams: Object.fromEntries(r.pathParams),
          query: [...r.query, ...(r.odd ?? [])],
          headers: r.headers,
          body: r.body,
        }),
      );
    return fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 2, arbitrary: hostile });
  });
  const oddPath = fc
    .record({ path: fc.constantFrom(...ODD_PATHS), method: methodOf(true), headers: headersOf(true) })
    .map((r): FuzzRequest => ({ method: r.method, path: r.path, pathParams: {}, query: [], headers: r.headers }));
  return fc.oneof({ weight: 30, arbitrary: fc.oneof(...perOperation) }, { weight: 1, arbitrary: oddPath });
}

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) three UTF-8 bytes instead of throwing. */
function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (cp >= 0xd800 && cp <= 0xdfff) {
        out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      } else {
        out += encodeURIComponent(ch);
      }
    }
    return out;
  }
}

/** Cursors from earlier answers, by list, so that requests can reuse them on the right list or on a wrong one. */
class CursorPool {
  private readonly cursors: string[] = [];
  private added = 0;
  add(cursor: unknown): void {
    if (typeof cursor !== 'string') return;
    this.cursors[this.added++ % 200] = cursor;
  }
  pick(n: number): string {
    return this.cursors.length ? (this.cursors[n % this.cursors.length] as string) : '';
  }
}

function encodeValue(value: Value, pool: CursorPool, records: RecordPool, path: string): string {
  if ('raw' in value) return value.raw;
  if ('borrowedCursor' in value) return percentEncode(pool.pick(value.borrowedCursor));
  if ('borrowedRecord' in value) return String(records.pick(path, value.borrowedRecord)?.id ?? 1);
  return percentEncode(value.text);
}

export function requestUrl(request: FuzzRequest, pool: CursorPool, records = new RecordPool()): string {
  const path = request.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = request.pathParams[name];
    return value ? encodeValue(value, pool, records, request.path) : '1';
  });
  const query = request.query.map(([key, value]) =>
    key === '' && 'raw' in value ? value.raw : `${percentEncode(key)}=${encodeValue(value, pool, records, request.path)}`,
  );
  return query.length ? `${path}?${query.join('&')}` : path;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Answers that only name the problem in `detail`; every other 4xx must name a parameter in `errors[].param`. */
// 401/403 name the key (WWW-Authenticate), 409/410/412 the state of the record, 415 the body type.
const DETAIL_ONLY = new Set([401, 403, 404, 405, 406, 408, 409, 410, 412, 413, 414, 415, 429, 431]);

/** What is wrong with an answer, or null. */
export function checkAnswer(method: string, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status} server error: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return null;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    return `${answer.status} is ${type || 'untyped'}, not problem+json: ${answer.body.slice(0, 200)}`;
  if (method === 'HEAD') return null;
  let body: { type?: unknown; title?: unknown; status?: unknown; detail?: unknown; errors?: { param?: unknown }[] };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `${answer.status} body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (body.status !== answer.status) return `${answer.status} problem says status ${String(body.status)}`;
  if (typeof body.type !== 'string' || typeof body.title !== 'string' || typeof body.detail !== 'string' || !body.detail) {
    return `${answer.status} problem lacks type, title or detail: ${answer.body.slice(0, 200)}`;
  }
  if (DETAIL_ONLY.has(answer.status)) return null;
  if (!Array.isArray(body.errors) || body.errors.length === 0 || body.errors.some((e) => typeof e.param !== 'string' || !e.param)) {
    return `${answer.status} problem names no parameter in errors[].param: ${answer.body.slice(0, 300)}`;
  }
  return null;
}

/** The kind of an answer for the figures: its status, and what the problem names (a 400's parameter, a 404's cause). */
function kindOf(answer: Answer): string {
  let body: { detail?: string; errors?: { param?: string; message?: string }[] } = {};
  try {
    body = JSON.parse(answer.body);
  } catch {
    // HEAD: no body.
  }
  if (answer.status === 404) return body.detail?.startsWith('No route') ? '404 no such route' : '404 no such id';
  const first = body.errors?.[0];
  if (answer.status === 422 && first?.param) return `422 ${first.param.slice(0, 40)}`;
  if (answer.status !== 400) return String(answer.status);
  if (!first?.param) return '400 (HEAD, no body)';
  if (first.message === 'is not a parameter of this endpoint') return '400 unknown parameter';
  return `400 ${first.param.slice(0, 40)}`;
}

type Sender = (request: FuzzRequest, url: string) => Promise<Answer>;

function injectSender(app: FastifyInstance): Sender {
  return async (request, url) => {
    const res = await app.inject({ method: request.method as 'GET', url, headers: request.headers, payload: request.body });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  };
}

function serverSender(origin: string, concurrency: number): { send: Sender; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(origin);
  const send: Sender = (request, url) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const req = httpRequest({ host: hostname, port, method: request.method, path: url, headers, agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      req.end(request.body);
    });
  return { send, close: () => agent.destroy() };
}

function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export interface FuzzOptions {
  requests: number;
  seed?: number;
  target?: 'server' | 'inject';
  concurrency?: number;
  /** A migrated and seeded database; a fresh one in a temporary directory when omitted. */
  dbFile?: string;
  maxSeconds?: number;
  /** Requests sent after the others with a valid coder or editor key (keys made in the file for the run, revoked after). */
  keyedRequests?: number;
  /** Called now and then with progress. */
  progress?: (sent: number) => void;
}

export interface FuzzReport {
  seed: number;
  target: 'server' | 'inject';
  sent: number;
  answered: number;
  byStatus: Record<string, number>;
  clientErrorsByKind: Record<string, number>;
  serverErrors: number;
  transportErrors: { count: number; examples: string[] };
  violations: { count: number; examples: string[] };
  stillAnswers: boolean;
  seconds: number;
  /** The requests that carried a key (part of every figure above too). */
  keyed: { sent: number; byStatus: Record<string, number>; seconds: number };
  memory: { rssBeforeMb: number; rssAfterMb: number; heapBeforeMb: number; heapAfterMb: number; heapGrowthMb: number };
  memoryReturned: boolean;
  stoppedEarly: boolean;
}

const mb = (bytes: number) => Math.round((bytes / ONE_MB) * 10) / 10;
/** Heap growth tolerated after a run: caches that fill once (compiled schemas, the rate-limit store) are not a leak. */
const HEAP_TOLERANCE_MB = 32;

/**
 * Off, or every keyed request would be a 429 once the fuzzer's one address had 30 keyless writes
 * refused (a limit test/authorisation.test.ts checks), or once a key had written 600 times in a minute.
 */
const UNLIMITED = { writesPerMinute: Number.MAX_SAFE_INTEGER, authFailuresPerMinute: Number.MAX_SAFE_INTEGER };

/** A coder and an editor key in the file, for the keyed requests. */
function makeKeys(dbFile: string, seed: number): FuzzKeys & { names: string[] } {
  const database = openDatabase(dbFile);
  try {
    const suffix = `${seed}-${Date.now().toString(36)}`;
    const names = [`fuzz-coder-${suffix}`, `fuzz-editor-${suffix}`];
    return {
      coder: createKey(database.db, names[0] as string, 'coder'),
      editor: createKey(database.db, names[1] as string, 'editor'),
      names,
    };
  } finally {
    database.close();
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const target = options.target ?? 'server';
  const concurrency = options.concurrency ?? (target === 'server' ? 16 : 4);
  const deadline = Date.now() + (options.maxSeconds ?? 1800) * 1000;
  let tempDir: string | undefined;
  let dbFile = options.dbFile;
  if (!dbFile) {
    tempDir = mkdtempSync(join(tmpdir(), 'claims-fuzz-'));
    dbFile = join(tempDir, 'claims.db');
    await prepareDatabase(dbFile);
  }
  const keys = options.keyedRequests ? makeKeys(dbFile, seed) : null;
  const app = await buildApp({ dbFile, rateLimit: false, auth: UNLIMITED });
  let closeSender = () => {};
  try {
    await app.ready();
    const spec = app.swagger() as {
      paths: Record<string, Record<string, SpecOperation>>;
      components: { schemas: Record<string, BodySchema> };
    };
    const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method, path, parameters: op.parameters ?? [] })),
    );
    const writeOperations: WriteOperation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method, op]) => method !== 'get' && op.security?.some((s) => 'bearerAuth' in s))
        .map(([method, op]) => ({ method, path, body: op.requestBody?.content?.['application/json']?.schema })),
    );
    let send: Sender;
    if (target === 'server') {
      const origin = await app.listen({ port: 0, host: '127.0.0.1' });
      const sender = serverSender(origin, concurrency);
      send = sender.send;
      closeSender = sender.close;
    } else {
      send = injectSender(app);
    }

    const pool = new CursorPool();
    const report: FuzzReport = {
      seed,
      target,
      sent: 0,
      answered: 0,
      byStatus: {},
      clientErrorsByKind: {},
      serverErrors: 0,
      transportErrors: { count: 0, examples: [] },
      violations: { count: 0, examples: [] },
      stillAnswers: false,
      seconds: 0,
      keyed: { sent: 0, byStatus: {}, seconds: 0 },
      memory: { rssBeforeMb: 0, rssAfterMb: 0, heapBeforeMb: 0, heapAfterMb: 0, heapGrowthMb: 0 },
      memoryReturned: false,
      stoppedEarly: false,
    };
    const arbitrary = requestArbitrary(operations);
    // With a key: three in four are writes; the others read, with the key, what the writes have made.
    const keyedArbitrary = keys
      ? fc.oneof(
          { weight: 3, arbitrary: keyedWriteArbitrary(writeOperations, spec.components.schemas, keys) },
          { weight: 1, arbitrary: arbitrary.map((r) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${keys.editor}` } })) },
        )
      : arbitrary;
    const records = new RecordPool();
    const sendOne = async (drawn: FuzzRequest, record: boolean, keyed: boolean) => {
      const url = requestUrl(drawn, pool, records);
      const request = withBorrowedEtag(drawn, records);
      let answer: Answer;
      try {
        answer = await send(request, url);
      } catch (error) {
        if (record) {
          report.transportErrors.count++;
          if (report.transportErrors.examples.length < 10) {
            report.transportErrors.examples.push(`${request.method} ${url.slice(0, 200)}: ${(error as Error).message}`);
          }
        }
        return;
      }
      if (request.method !== 'GET') records.add(answer);
      if (!record) return;
      report.answered++;
      report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
      if (keyed) report.keyed.byStatus[answer.status] = (report.keyed.byStatus[answer.status] ?? 0) + 1;
      if (answer.status >= 500) report.serverErrors++;
      if (answer.status >= 400 && answer.status < 500) {
        const kind = kindOf(answer);
        report.clientErrorsByKind[kind] = (report.clientErrorsByKind[kind] ?? 0) + 1;
      }
      const problem = checkAnswer(request.method, answer);
      if (problem) {
        report.violations.count++;
        if (report.violations.examples.length < 20) report.violations.examples.push(`${request.method} ${url.slice(0, 300)} -> ${problem}`);
      }
      if (answer.status === 200 && request.method === 'GET' && answer.body.startsWith('{')) {
        try {
          pool.add((JSON.parse(answer.body) as { meta?: { next_cursor?: unknown } }).meta?.next_cursor);
        } catch {
          // Not a list.
        }
      }
    };
    const run = async (count: number, batchSeed: number, record: boolean, keyed = false) => {
      const batchSize = 250;
      for (let start = 0; start < count; start += batchSize) {
        if (Date.now() > deadline) {
          report.stoppedEarly = true;
          return;
        }
        const batch = fc.sample(keyed ? keyedArbitrary : arbitrary, {
          numRuns: Math.min(batchSize, count - start),
          seed: batchSeed + start,
        });
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < batch.length) {
              const request = batch[next++] as FuzzRequest;
              if (record) report.sent++;
              if (record && keyed) report.keyed.sent++;
              await sendOne(request, record, keyed);
            }
          }),
        );
        if (record) options.progress?.(report.sent);
      }
    };

    const gc = collectGarbage();
    const settle = () => {
      gc();
      gc();
    };
    await run(Math.min(500, options.requests), seed ^ 0x5a5a5a5a, false);
    settle();
    const before = process.memoryUsage();
    const started = performance.now();
    await run(options.requests, seed, true);
    const keyedStarted = performance.now();
    if (keys) await run(options.keyedRequests ?? 0, seed ^ 0x3c3c3c3c, true, true);
    report.keyed.seconds = Math.round((performance.now() - keyedStarted) / 100) / 10;
    report.seconds = Math.round((performance.now() - started) / 100) / 10;
    closeSender();
    await new Promise((r) => setTimeout(r, 100));
    settle();
    const after = process.memoryUsage();
    report.memory = {
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      heapBeforeMb: mb(before.heapUsed),
      heapAfterMb: mb(after.heapUsed),
      heapGrowthMb: mb(after.heapUsed - before.heapUsed),
    };
    report.memoryReturned = report.memory.heapGrowthMb <= HEAP_TOLERANCE_MB;
    const health = await app.inject({ method: 'GET', url: '/health' });
    report.stillAnswers = health.statusCode === 200;
    return report;
  } finally {
    closeSender();
    await app.close();
    if (keys && !tempDir) {
      const database = openDatabase(dbFile);
      for (const name of keys.names) revokeKey(database.db, name);
      database.close();
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

export function formatReport(report: FuzzReport): string {
  const kinds = Object.entries(report.clientErrorsByKind).sort((a, b) => b[1] - a[1]);
  const lines = [
    `fuzz (${report.target}, seed ${report.seed}): ${report.sent} requests sent (${report.keyed.sent} with a key), ${report.answered} answered in ${report.seconds} s${report.stoppedEarly ? ' (stopped at the time limit)' : ''}`,
    `  by status: ${Object.entries(report.byStatus)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
    `  with a key (in ${report.keyed.seconds} s): ${
      Object.entries(report.keyed.byStatus)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ') || 'none'
    }`,
    `  4xx by kind (${kinds.reduce((n, [, c]) => n + c, 0)}):`,
    ...kinds.map(([kind, n]) => `    ${kind.padEnd(28)} ${n}`),
    `  5xx: ${report.serverErrors}`,
    `  transport errors: ${report.transportErrors.count}${report.transportErrors.examples.map((e) => `\n    ${e}`).join('')}`,
    `  answers breaking the contract: ${report.violations.count}${report.violations.examples.map((e) => `\n    ${e}`).join('')}`,
    `  still answers /health: ${report.stillAnswers}`,
    `  memory: RSS ${report.memory.rssBeforeMb} MB before, ${report.memory.rssAfterMb} MB after; heap (after GC) ${report.memory.heapBeforeMb} MB before, ${report.memory.heapAfterMb} MB after (${report.memory.heapGrowthMb >= 0 ? '+' : ''}${report.memory.heapGrowthMb} MB, tolerance ${HEAP_TOLERANCE_MB} MB)`,
  ];
  return lines.join('\n');
}

export function fuzzPassed(report: FuzzReport): boolean {
  return (
    report.serverErrors === 0 &&
    report.violations.count === 0 &&
    report.transportErrors.count === 0 &&
    report.stillAnswers &&
    report.memoryReturned &&
    !report.stoppedEarly
  );
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const requests = Number(argument('requests') ?? 10_000);
  const target = (argument('target') ?? 'server') as 'server' | 'inject';
  if (!Number.isInteger(requests) || requests < 1 || !['server', 'inject'].includes(target)) {
    console.error(
      'usage: npm run fuzz -- [--requests N] [--keyed N] [--seed N] [--target server|inject] [--concurrency N] [--db FILE] [--max-seconds N]',
    );
    process.exit(2);
  }
  const keyedRequests = Number(argument('keyed') ?? (argument('db') === undefined ? Math.ceil(requests / 2) : 0));
  if (!Number.isInteger(keyedRequests) || keyedRequests < 0) {
    console.error('--keyed takes a whole number of requests');
    process.exit(2);
  }
  let lastShown = 0;
  const report = await runFuzz({
    requests,
    keyedRequests,
    target,
    seed: argument('seed') === undefined ? undefined : Number(argument('seed')),
    concurrency: argument('concurrency') === undefined ? undefined : Number(argument('concurrency')),
    dbFile: argument('db'),
    maxSeconds: argument('max-seconds') === undefined ? undefined : Number(argument('max-seconds')),
    progress: (sent) => {
      if (sent - lastShown >= 10_000) {
        lastShown = sent;
        console.error(`  ... ${sent} sent`);
      }
    },
  });
  console.log(formatReport(report));
  const passed = fuzzPassed(report);
  console.log(passed ? 'PASS' : 'FAIL');
  process.exit(passed ? 0 : 1);
}
