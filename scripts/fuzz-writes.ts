/**
 * The write endpoints' part of the fuzzer (scripts/fuzz.ts): requests that
 * carry a valid coder or editor key, so that their bodies get past the key
 * check into the write service's validation and rules. Bodies are drawn from
 * each operation's request schema in the spec, or are its example with one
 * field replaced, dropped or joined by a stranger, or are not JSON at all.
 * PATCH, DELETE and publish usually name a record this run created, with the
 * ETag it was last answered with, so that they reach the record and its rules
 * rather than a 404 or a 412.
 */
import fc from 'fast-check';
import type { Answer, FuzzRequest, Value } from './fuzz.js';

export interface BodySchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxItems?: number;
  items?: BodySchema;
  properties?: Record<string, BodySchema>;
  required?: string[];
  anyOf?: BodySchema[];
  example?: Record<string, unknown>;
}

export interface WriteOperation {
  method: string;
  path: string;
  body?: BodySchema;
}

export interface FuzzKeys {
  coder: string;
  editor: string;
}

/** Stands for the ETag of the borrowed record in an If-Match header, until the request is sent. */
export const BORROWED_ETAG = '<etag of the borrowed record>';

/** Records this run created, by resource, with the ETag of their last answer. */
export class RecordPool {
  private readonly byResource = new Map<string, { id: number; etag: string }[]>();

  /** Keeps the record a 2xx write answered with (the create's Location, or the version an update or publication made). */
  add(answer: Answer): void {
    if (answer.status < 200 || answer.status >= 300 || typeof answer.headers.etag !== 'string') return;
    let body: { resource?: unknown; id?: unknown };
    try {
      body = JSON.parse(answer.body);
    } catch {
      return;
    }
    if (typeof body.resource !== 'string' || typeof body.id !== 'number') return;
    const list = this.byResource.get(body.resource) ?? [];
    const known = list.find((r) => r.id === body.id);
    if (known) known.etag = answer.headers.etag;
    else if (list.length < 200) list.push({ id: body.id, etag: answer.headers.etag });
    this.byResource.set(body.resource, list);
  }

  pick(path: string, n: number): { id: number; etag: string } | undefined {
    const list = this.byResource.get(path.split('/')[1] ?? '') ?? [];
    return list[n % Math.max(list.length, 1)];
  }
}

/** The request with its If-Match placeholder replaced: the borrowed record's ETag, or version 1 of a record named by its id (as seeded records are). */
export function withBorrowedEtag(request: FuzzRequest, records: RecordPool): FuzzRequest {
  if (request.headers['if-match'] !== BORROWED_ETAG) return request;
  const id = request.pathParams.id;
  const resource = request.path.split('/')[1];
  const borrowed = id && 'borrowedRecord' in id ? records.pick(request.path, id.borrowedRecord) : undefined;
  const etag = borrowed?.etag ?? `"${resource}.${id && 'text' in id ? id.text : 1}.v1"`;
  return { ...request, headers: { ...request.headers, 'if-match': etag } };
}

const HOSTILE_FIELD_VALUES: unknown[] = [
  '',
  ' ',
  '\0',
  'a\0b',
  '\u202Edaesh\u202C',
  'ISIS\u200B',
  '\uD800',
  'x'.repeat(20_000),
  'ا'.repeat(300_000),
  "' OR 1=1 --",
  '"unterminated',
  '__proto__',
  -1,
  0,
  1.5,
  2 ** 53,
  1e308,
  -1e308,
  true,
  null,
  [],
  [null],
  {},
  Array.from({ length: 500 }, (_, i) => i + 1),
  '2017-02-30',
  '9999-12-31',
];

const NOT_JSON_OBJECTS = ['x', '[]', 'null', '"text"', '1', '{', '{"a":', '{"a":1}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\uFEFF{}'];

function resolve(schema: BodySchema, components: Record<string, BodySchema>): BodySchema {
  return schema.$ref ? resolve(components[schema.$ref.split('/').pop() ?? ''] ?? {}, components) : schema;
}

/** Values a JSON schema allows (ids small, so that references often name a seeded record). */
function fromSchema(raw: BodySchema, components: Record<string, BodySchema>): fc.Arbitrary<unknown> {
  const schema = resolve(raw, components);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, components)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromSchema(s, components)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, components), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      return fc.oneof(fc.integer({ min, max: min + 60 }), fc.constantFrom(min, schema.maximum ?? 2 ** 31));
    }
    case 'number':
      return fc.oneof(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      if (schema.format === 'date')
        return fc
          .date({ min: new Date('2011-01-01'), max: new Date('2024-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (schema.pattern) {
        try {
          const matching = fc.stringMatching(new RegExp(schema.pattern));
          fc.sample(matching, 1);
          return matching.filter((s) => s.length <= 200);
        } catch {
          // A pattern fast-check cannot generate from: plain strings, which the pattern mostly refuses.
        }
      }
      return fc.oneof(
        fc.constantFrom('x', 'غارة جوية', 'ISIS', 'civilians'),
        fc.string({ minLength: schema.minLength ?? 0, maxLength: 40 }),
      );
  }
}

/** A body for a create or patch: mostly the operation's example with one change, often drawn from the schema, now and then not JSON. */
function bodyArbitrary(schema: BodySchema, example: Record<string, unknown>, components: Record<string, BodySchema>): fc.Arbitrary<string> {
  const resolved = resolve(schema, components);
  const fields = Object.keys(resolved.properties ?? {});
  const field = fields.length ? fc.constantFrom(...fields) : fc.constant('x');
  const replaced = (values: fc.Arbitrary<unknown>) => fc.tuple(field, values).map(([k, v]) => JSON.stringify({ ...example, [k]: v }));
  const schemaValue = field.chain((k) =>
    fromSchema(resolved.properties?.[k] ?? {}, components).map((v) => JSON.stringify({ ...example, [k]: v })),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(JSON.stringify(example)) },
    { weight: 4, arbitrary: schemaValue },
    { weight: 3, arbitrary: fromSchema(schema, components).map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: replaced(fc.constantFrom(...HOSTILE_FIELD_VALUES)) },
    { weight: 1, arbitrary: field.map((k) => JSON.stringify(Object.fromEntries(Object.entries(example).filter(([f]) => f !== k)))) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('__proto__', 'constructor', 'id', 'status', 'version', 'x')
        .map((k) => `{${JSON.stringify(k)}:1,${JSON.stringify(example).slice(1)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_JSON_OBJECTS) },
  );
}

/** Requests to the write endpoints of `operations` (those the spec secures with a bearer key), each carrying a key of `keys`. */
export function keyedWriteArbitrary(
  operations: WriteOperation[],
  components: Record<string, BodySchema>,
  keys: FuzzKeys,
): fc.Arbitrary<FuzzRequest> {
  const examples = new Map<string, Record<string, unknown>>();
  for (const op of operations) {
    const example = op.body && resolve(op.body, components).example;
    if (op.method === 'post' && example) examples.set(op.path.split('/')[1] ?? '', example);
  }
  // Mostly the role that may: a coder creates, an editor publishes and changes what is published; now and then the other, or a bad key.
  const bearer = (usual: string, other: string) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${usual}`) },
      { weight: 2, arbitrary: fc.constant(`Bearer ${other}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(`bearer  ${keys.editor} `, `Bearer ${keys.coder.slice(0, -1)}x`, `Basic ${keys.editor}`, 'Bearer'),
      },
    );
  const recordId = fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((n): Value => ({ borrowedRecord: n })) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }).map((n): Value => ({ text: String(n) })) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '99999999999999999999', 'x', '1.5').map((text): Value => ({ text })) },
  );
  const perOperation = operations.map((op) => {
    const example = examples.get(op.path.split('/')[1] ?? '') ?? {};
    const body = op.body ? bodyArbitrary(op.body, example, components) : fc.constant(undefined);
    const contentType = fc.oneof(
      { weight: 12, arbitrary: fc.constant(op.method === 'patch' ? 'application/merge-patch+json' : 'application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
      },
    );
    const ifMatch = fc.oneof(
      { weight: 8, arbitrary: fc.constant(BORROWED_ETAG) },
      { weight: 1, arbitrary: fc.constantFrom('*', '"actors.1.v1"', 'W/"x"', '"a", "b"', '') },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const idempotencyKey = fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('k1', 'k2', 'x'.repeat(300)) },
    );
    const reason = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Value>({ text: 'a duplicate' }) },
      { weight: 1, arbitrary: fc.constantFrom<Value>({ text: '' }, { text: 'x'.repeat(2000) }, { raw: '%zz' }) },
    );
    const creates = op.method === 'post' && !op.path.endsWith('/publish');
    const authorization = creates ? bearer(keys.coder, keys.editor) : bearer(keys.editor, keys.coder);
    const request = fc.record({ authorization, body, contentType, ifMatch, idempotencyKey, id: recordId, reason }).map((r): FuzzRequest => {
      const headers: Record<string, string> = { authorization: r.authorization };
      if (r.body !== undefined) headers['content-type'] = r.contentType;
      if (op.method === 'patch' && r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (op.method === 'post' && r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
      return {
        method: op.method.toUpperCase(),
        path: op.path,
        pathParams: op.path.includes('{id}') ? { id: r.id } : {},
        query: op.method === 'delete' ? [['reason', r.reason]] : [],
        headers,
        body: r.body,
      };
    });
    // A retraction ends a record's life (every later write to it is a 410), so it is the rarest.
    return { weight: op.method === 'delete' ? 1 : creates || op.method === 'patch' ? 4 : 2, arbitrary: request };
  });
  return fc.oneof(...perOperation);
}
