import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedFilters } from '../query/filters.js';
import type { NameMatch } from '../query/names.js';
import type { Page } from '../query/pagination.js';
import { type CsvColumn, type Format, sendCsv, setNextLink, toCsv } from './formats.js';

interface ListMeta {
  total: number;
  total_exact: boolean;
  limit: number;
  next_cursor: string | null;
  matched?: Record<string, Record<string, NameMatch[]>>;
  unmatched?: Record<string, string[]>;
}

export interface ListOptions<T> {
  resource: string;
  format: Format;
  page: Page<T>;
  limit: number;
  filters?: ResolvedFilters;
  csv: { columns: CsvColumn<T>[]; bom?: boolean; hxl?: boolean };
  geojson?: (rows: T[]) => unknown;
}

/** Answers a list in the negotiated format, with the pagination metadata and Link header every list carries. */
export function sendList<T>(request: FastifyRequest, reply: FastifyReply, o: ListOptions<T>) {
  setNextLink(request, reply, o.page.nextCursor);
  reply.header('x-total-count', String(o.page.total));
  if (o.format === 'csv') return sendCsv(reply, toCsv(o.page.rows, o.csv.columns, { bom: o.csv.bom, hxl: o.csv.hxl }), o.resource);
  if (o.format === 'geojson' && o.geojson) {
    return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(o.geojson(o.page.rows)));
  }
  const meta: ListMeta = { total: o.page.total, total_exact: o.page.totalExact ?? true, limit: o.limit, next_cursor: o.page.nextCursor };
  if (o.filters && Object.keys(o.filters.matched).length) meta.matched = o.filters.matched;
  if (o.filters && Object.keys(o.filters.unmatched).length) meta.unmatched = o.filters.unmatched;
  return { data: o.page.rows, meta };
}
