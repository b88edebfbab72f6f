import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

/**
 * A typed client for this API. Every type comes from `schema.d.ts`, which
 * `npm run openapi` generates from openapi.yaml with openapi-typescript; this
 * file only adds what openapi-fetch leaves to the caller: throwing failures as
 * RFC 9457 problems, following `meta.next_cursor` across pages, and CSV and
 * GeoJSON exports that span every page.
 */

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** Successes are JSON, errors problem+json (RFC 9457). */
type JsonMedia = 'application/json' | 'application/problem+json';
export type EventSummary = Schemas['EventSummary'];
export type EventDetail = Schemas['EventDetail'];
export type FeatureCollection = Schemas['FeatureCollection'];
export type ListMeta = Schemas['ListMeta'];

/** The paths answering GET. */
export type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];

type Operation<P extends GetPath> = paths[P]['get'];
type Responses<P extends GetPath> = Operation<P>['responses'];
type OkContent<P extends GetPath> = Responses<P> extends { 200: { content: infer C } } ? C : never;

/**
 * A public answer: a record or page as published. The API also answers drafts,
 * to a key, on `status=draft|all` and by id (`Schemas['DraftClaim']`,
 * `Schemas['ClaimListWithDrafts']`...); leaving them out here keeps every
 * public read typed as what it always is.
 */
type Published<T> = T extends { status: 'draft' }
  ? never
  : T extends { data: (infer Item)[] }
    ? [Extract<Item, { status: 'draft' }>] extends [never]
      ? T
      : never
    : T;
/** What GET `P` answers in JSON (without a key). */
export type JsonOf<P extends GetPath> = OkContent<P> extends { 'application/json': infer T } ? Published<T> : never;
/** What GET `P` answers with `?format=geojson`. */
export type GeojsonOf<P extends GetPath> = OkContent<P> extends { 'application/geo+json': infer T } ? T : never;

/** The `params` of GET `P` (`query`, and `path` for `/things/{id}`). */
export type ParamsOf<P extends GetPath> = Omit<Operation<P>['parameters'], 'header' | 'cookie'>;
export type QueryOf<P extends GetPath> = NonNullable<Operation<P>['parameters']['query']>;

/** The list endpoints: JSON `{data: [...], meta: {next_cursor, ...}}`. */
export type ListPath = {
  [P in GetPath]: JsonOf<P> extends { data: unknown[]; meta: { next_cursor: string | null } } ? P : never;
}[GetPath];
export type ItemOf<P extends ListPath> = JsonOf<P> extends { data: (infer T)[] } ? T : never;
export type PageOf<P extends ListPath> = JsonOf<P>;

/** List endpoints offering `?format=csv` / `?format=geojson`. */
type FormatOf<P extends ListPath> = QueryOf<P> extends { format?: infer F } ? F : never;
export type CsvPath = { [P in ListPath]: 'csv' extends FormatOf<P> ? P : never }[ListPath];
export type GeojsonPath = { [P in ListPath]: 'geojson' extends FormatOf<P> ? P : never }[ListPath];

/** Parameters of a whole-list operation: everything but the cursor, which the client follows itself. */
export type ListQuery<P extends ListPath> = Omit<QueryOf<P>, 'cursor' | 'format'>;

/** A failed request, carrying the API's problem+json body (or one built from the HTTP status when the body was not one). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.status = problem.status;
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const p = body as Record<string, unknown>;
  return typeof p.type === 'string' && typeof p.title === 'string' && typeof p.status === 'number' && typeof p.detail === 'string';
}

/**
 * The problem a failed response stands for. The API always answers problem+json,
 * but a proxy in between may not: its body then becomes the detail.
 */
export function toProblem(body: unknown, response: Response): Problem {
  if (isProblem(body)) return body;
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text.slice(0, 500) || `${response.status} without a body from ${response.url}`,
  };
}

/** The cursor of the `Link: <...>; rel="next"` header, which CSV and GeoJSON pages carry instead of `meta`. */
export function nextCursorFromLink(response: Response): string | null {
  const link = response.headers.get('link');
  const target = link?.match(/<([^>]*)>\s*;\s*rel="?next"?/)?.[1];
  if (!target) return null;
  return new URL(target, 'http://link.invalid').searchParams.get('cursor');
}

export interface ClientOptions {
  /** e.g. `http://127.0.0.1:3000` */
  baseUrl: string;
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: (input: Request) => Promise<Response>;
  /** Most pages an iteration follows before giving up, so a server bug can never loop a client forever. Default 100 000. */
  maxPages?: number;
}

/** A parameter value as the API reads it from a query string. */
type QueryValue = string | number | boolean | undefined;

export interface SyriaClaimsClient {
  /** The underlying openapi-fetch client: `{ data, error, response }` without throwing; `error` is typed as the Problem (`toProblem` also covers a body that is not one). */
  raw: Client<paths, JsonMedia>;
  /** GET one JSON resource or page. Throws ProblemError on any 4xx/5xx. */
  get<P extends GetPath>(path: P, params?: ParamsOf<P>): Promise<JsonOf<P>>;
  /** Every page of a list, following `meta.next_cursor` from the first page (or from `query.cursor`). */
  pages<P extends ListPath>(path: P, query?: QueryOf<P>): AsyncGenerator<PageOf<P>, void, undefined>;
  /** Every item of a list, across all pages. */
  all<P extends ListPath>(path: P, query?: ListQuery<P>): AsyncGenerator<ItemOf<P>, void, undefined>;
  /** The whole filtered list as one CSV text (one header; pages are fetched with the largest page size). */
  csv<P extends CsvPath>(path: P, query?: ListQuery<P>): Promise<string>;
  /** The whole filtered list as one GeoJSON FeatureCollection (features and `unlocated` of every page). */
  geojson<P extends GeojsonPath>(path: P, query?: ListQuery<P>): Promise<GeojsonOf<P>>;
}

const MAX_LIMIT = 500;
const UTF8_KEEPING_BOM = new TextDecoder('utf-8', { ignoreBOM: true });

export function createClient(options: ClientOptions): SyriaClaimsClient {
  const raw = createFetchClient<paths, JsonMedia>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    fetch: options.fetch,
  });
  const maxPages = options.maxPages ?? 100_000;

  // openapi-fetch's per-path overloads cannot be called with a path that is
  // itself a type parameter; the public signatures above carry the types.
  const untypedGet = raw.GET as unknown as (
    path: string,
    init: { params?: object; parseAs?: 'json' | 'arrayBuffer' },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  async function request(path: string, params: object | undefined, parseAs: 'json' | 'arrayBuffer' = 'json') {
    const { data, error, response } = await untypedGet(path, { params, parseAs });
    if (!response.ok) throw new ProblemError(toProblem(error, response));
    return { data, response };
  }

  function guard(seen: Set<string>, cursor: string, path: string): void {
    if (seen.has(cursor)) throw new Error(`${path}: the server returned cursor ${cursor} twice; stopping instead of looping`);
    if (seen.size >= maxPages) throw new Error(`${path}: more than ${maxPages} pages; stopping (raise maxPages to go on)`);
    seen.add(cursor);
  }

  async function* pages<P extends ListPath>(path: P, query?: QueryOf<P>): AsyncGenerator<PageOf<P>, void, undefined> {
    const seen = new Set<string>();
    let cursor = (query as { cursor?: string } | undefined)?.cursor;
    for (;;) {
      const { data } = await request(path, { query: { ...query, cursor } });
      yield data as Awaited<PageOf<P>>;
      const next = (data as { meta: { next_cursor: string | null } }).meta.next_cursor;
      if (!next) return;
      guard(seen, next, path);
      cursor = next;
    }
  }

  /** Fetches every page of an export format, following the Link header. */
  async function* exportPages(path: string, query: Record<string, QueryValue>, format: 'csv' | 'geojson') {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const { data, response } = await request(
        path,
        { query: { limit: MAX_LIMIT, ...query, format, cursor } },
        format === 'csv' ? 'arrayBuffer' : 'json',
      );
      // Response.text() would drop the byte-order mark that `bom=1` asks for.
      yield format === 'csv' ? UTF8_KEEPING_BOM.decode(data as ArrayBuffer) : data;
      const next = nextCursorFromLink(response);
      if (!next) return;
      guard(seen, next, path);
      cursor = next;
    }
  }

  return {
    raw,
    async get(path, params) {
      return (await request(path, params)).data as never;
    },
    pages,
    async *all(path, query) {
      for await (const page of pages(path, { limit: MAX_LIMIT, ...query } as never)) {
        yield* (page as { data: ItemOf<typeof path>[] }).data;
      }
    },
    async csv(path, query) {
      const q = (query ?? {}) as Record<string, QueryValue>;
      const headerLines = q.hxl === '1' || q.hxl === 'true' ? 2 : 1;
      let out = '';
      for await (const text of exportPages(path, q, 'csv')) {
        if (out === '') {
          out = text as string;
          continue;
        }
        // Later pages repeat the header (and HXL row, and BOM); keep only their records.
        const body = (text as string).replace(/^\uFEFF/, '');
        let at = 0;
        for (let i = 0; i < headerLines && at < body.length; i++) {
          const end = body.indexOf('\n', at);
          at = end < 0 ? body.length : end + 1;
        }
        out += body.slice(at);
      }
      return out;
    },
    async geojson(path, query) {
      const merged = { type: 'FeatureCollection', features: [] as unknown[], unlocated: [] as unknown[] };
      for await (const page of exportPages(path, (query ?? {}) as Record<string, QueryValue>, 'geojson')) {
        const collection = page as typeof merged;
        merged.features.push(...collection.features);
        merged.unlocated.push(...collection.unlocated);
      }
      return merged as never;
    },
  };
}
