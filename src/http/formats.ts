import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Format } from '../schemas/params.js';
import { HttpProblem, problemOf } from './problem.js';

const MEDIA_TYPES: Record<Format, string[]> = {
  json: ['application/json', 'application/*', '*/*'],
  csv: ['text/csv', 'text/*'],
  geojson: ['application/geo+json'],
  jsonld: ['application/ld+json'],
};

/**
 * Picks the response format: `?format=` wins; otherwise the first media type in
 * the Accept header (by q-value) that the endpoint can produce; no Accept is JSON.
 * An Accept header naming nothing this endpoint produces is a 406.
 */
export function negotiate(request: FastifyRequest, formats: readonly Format[], explicit: Format | undefined): Format {
  if (explicit) return explicit;
  const accept = request.headers.accept;
  if (!accept) return 'json';
  const ranges = accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const range of ranges) {
    if (range.type === 'application/problem+json') return 'json';
    const format = formats.find((f) => MEDIA_TYPES[f].includes(range.type));
    if (format) return format;
  }
  const offered = formats.map((f) => (MEDIA_TYPES[f] as string[])[0]).join(', ');
  throw new HttpProblem(
    problemOf('not-acceptable', `This endpoint answers ${offered}; the Accept header asks for ${accept.slice(0, 200)}`),
  );
}

/** A CSV column: its header, HXL tag and value, which may use what the request knows beyond the row (`Context`). */
export interface CsvColumn<T, Context = unknown> {
  header: string;
  hxl?: string;
  value: (row: T, context: Context) => string | number | null | undefined;
}

export function toCsv<T, Context>(
  rows: T[],
  columns: CsvColumn<T, Context>[],
  options: { bom?: boolean; hxl?: boolean; header?: boolean },
  context: Context,
): string {
  const records: (string | number | null | undefined)[][] = [];
  if (options.header !== false) records.push(columns.map((c) => c.header));
  if (options.hxl) records.push(columns.map((c) => c.hxl ?? ''));
  for (const row of rows) records.push(columns.map((c) => c.value(row, context)));
  return stringify(records, { bom: options.bom ?? false });
}

export function sendCsv(reply: FastifyReply, body: string, filename: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `inline; filename="${filename}.csv"`).send(body);
}

/** JSON-LD, sent as it is built (its shape is the document's, not a response schema's). */
export function sendJsonLd(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(body));
}

/** `Link: <...>; rel="next"` for the next page, built from the request's own URL. */
export function setNextLink(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null): void {
  if (!nextCursor) return;
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('cursor', nextCursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}
