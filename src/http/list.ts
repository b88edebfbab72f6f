import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from '../query/pagination.js';
import type { Format, FormatQuery } from '../schemas/params.js';
import type { CsvContext } from './acled.js';
import { type CsvColumn, negotiate, sendCsv, sendJsonLd, setNextLink, toCsv } from './formats.js';

/** How a list is represented: its name, the formats it offers and how a row becomes a CSV record or a map feature. */
export interface ListRepresentation<T> {
  resource: string;
  formats: readonly Format[];
  csvColumns: CsvColumn<T, CsvContext>[];
  /** False where the list has no HXL tags worth a row. */
  hxl?: boolean;
  geojson?: (rows: T[]) => unknown;
  /** The page as JSON-LD (e.g. a W3C Web Annotation page), for lists that offer `jsonld`. */
  jsonld?: (page: Page<T>, request: FastifyRequest) => unknown;
}

/**
 * Answers a list request: the format is negotiated first (a 406 costs no
 * query), then the page is read and sent in that format with the pagination
 * metadata and Link header every list carries.
 */
export function sendList<T>(request: FastifyRequest, reply: FastifyReply, list: ListRepresentation<T>, read: () => Page<T>) {
  const flags = request.query as FormatQuery;
  const format = negotiate(request, list.formats, flags.format);
  const page = read();
  setNextLink(request, reply, page.meta.next_cursor);
  reply.header('x-total-count', String(page.meta.total));
  if (format === 'csv') {
    const context = { modified: request.server.dataModified() };
    const csv = toCsv(page.data, list.csvColumns, { bom: flags.bom, hxl: list.hxl !== false && flags.hxl }, context);
    return sendCsv(reply, csv, list.resource);
  }
  if (format === 'geojson' && list.geojson) {
    return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(list.geojson(page.data)));
  }
  if (format === 'jsonld' && list.jsonld) {
    return sendJsonLd(reply, list.jsonld(page, request));
  }
  return page;
}

/** An aggregate: not paged, in JSON or CSV (one record per group). */
export function sendTable<T, B extends { data: T[] }>(
  request: FastifyRequest,
  reply: FastifyReply,
  table: Pick<ListRepresentation<T>, 'resource' | 'csvColumns'>,
  read: () => B,
) {
  const flags = request.query as FormatQuery;
  const format = negotiate(request, ['json', 'csv'], flags.format);
  const body = read();
  if (format === 'csv') {
    const csv = toCsv(body.data, table.csvColumns, { bom: flags.bom, hxl: flags.hxl }, { modified: request.server.dataModified() });
    return sendCsv(reply, csv, table.resource);
  }
  return body;
}
