import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from '../query/pagination.js';
import type { DataFile, DataPackage, DataResource } from '../schemas/datapackage.js';
import type { CsvContext } from './acled.js';
import { type CsvColumn, toCsv } from './formats.js';
import { absoluteUrl } from './urls.js';

/** Rows read per query while a whole file is written: the lists' largest page. */
const PAGE = 500;

type FieldType = DataResource['schema']['fields'][number]['type'];
type ForeignKey = DataResource['schema']['foreignKeys'][number];

/** One file of the data package: its CSV columns, how its rows are read page by page, and its keys. */
export interface DataFileSpec<T> {
  name: DataFile;
  title: string;
  description: string;
  columns: CsvColumn<T, CsvContext>[];
  read: (limit: number, cursor: string | undefined) => Page<T>;
  primaryKey: string[];
  /** Column name → [file, column]; the file is omitted for a reference within the same file. */
  references: Record<string, [DataFile | null, string]>;
}

/** A file spec with its row type hidden, so files of different rows sit in one list. */
export interface DataFileOf {
  spec: Omit<DataFileSpec<unknown>, 'columns' | 'read'>;
  header: string[];
  chunks: (context: CsvContext) => Generator<string>;
}

export function dataFile<T>(spec: DataFileSpec<T>): DataFileOf {
  return {
    spec,
    header: spec.columns.map((c) => c.header),
    // The header, then one chunk per page: a file of any size is written without holding it in memory.
    *chunks(context) {
      yield toCsv([], spec.columns, {}, context);
      let cursor: string | undefined;
      do {
        const page = spec.read(PAGE, cursor);
        yield toCsv(page.data, spec.columns, { header: false }, context);
        cursor = page.meta.next_cursor ?? undefined;
      } while (cursor);
    },
  };
}

/** The whole file, streamed page by page. */
export function sendCsvFile(reply: FastifyReply, file: DataFileOf, context: CsvContext): FastifyReply {
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.spec.name}.csv"`);
  return reply.send(Readable.from(file.chunks(context)));
}

/** Columns typed by name: ids and codes are integers, coordinates and counts numbers, ISO dates dates, the rest strings. */
const INTEGER =
  /^(id|.*_id|year|time_precision|inter[12]|interaction|iso|geo_precision|fatalities(_high)?|claim_count|quote_(start|end)|timestamp)$/;
const NUMBER = /^(latitude|longitude|count_low|count_high)$/;
const DATE = /^(event_date(_end)?|published_(start|end)|period_(start|end))$/;

function fieldType(name: string): FieldType {
  if (INTEGER.test(name)) return 'integer';
  if (NUMBER.test(name)) return 'number';
  if (DATE.test(name)) return 'date';
  return 'string';
}

/** Size and sha256 of each file, computed once per state of the data (keyed by its last change). */
const digests = new WeakMap<DataFileOf, { modified: number; bytes: number; hash: string }>();

function digest(file: DataFileOf, context: CsvContext) {
  const known = digests.get(file);
  if (known && known.modified === context.modified.getTime()) return known;
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of file.chunks(context)) {
    hash.update(chunk, 'utf8');
    bytes += Buffer.byteLength(chunk, 'utf8');
  }
  const result = { modified: context.modified.getTime(), bytes, hash: hash.digest('hex') };
  digests.set(file, result);
  return result;
}

export interface PackageInfo {
  version: string;
  title: string;
  description: string;
}

/** The Data Package descriptor: every file with its fields, keys, size and hash, a content version and a citation. */
export function describePackage(request: FastifyRequest, files: DataFileOf[], info: PackageInfo, context: CsvContext): DataPackage {
  const resources: DataResource[] = files.map((file) => {
    const { bytes, hash } = digest(file, context);
    const foreignKeys: ForeignKey[] = Object.entries(file.spec.references).map(([column, [resource, field]]) => ({
      fields: [column],
      reference: { ...(resource ? { resource } : {}), fields: [field] },
    }));
    return {
      name: file.spec.name,
      title: file.spec.title,
      description: file.spec.description,
      path: absoluteUrl(request, `/data/${file.spec.name}.csv`),
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      bytes,
      hash: `sha256:${hash}`,
      schema: {
        fields: file.header.map((name) => ({ name, type: fieldType(name) })),
        primaryKey: file.spec.primaryKey,
        foreignKeys,
      },
    };
  });
  const contentHash = createHash('sha256')
    .update(resources.map((r) => r.hash).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const version = `${info.version}+${contentHash}`;
  const day = context.modified.toISOString().slice(0, 10);
  const self = absoluteUrl(request, '/datapackage.json');
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'syria-conflict-claims',
    id: self,
    title: info.title,
    description: info.description,
    version,
    created: context.modified.toISOString(),
    homepage: absoluteUrl(request, '/docs'),
    citation: `${info.title}, version ${version} (data last changed ${day}). ${self}`,
    sources: [{ title: 'GeoNames (coordinates, CC BY 4.0)', path: 'https://www.geonames.org/' }],
    resources,
  };
}
