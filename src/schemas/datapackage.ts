import { z } from 'zod';

/** The Frictionless Data Package (v2) describing the whole dataset as CSV files: https://datapackage.org/standard/data-package/ */

export const DATA_FILES = ['events', 'claims', 'casualty-reports', 'figures', 'actors', 'locations', 'articles'] as const;
export type DataFile = (typeof DATA_FILES)[number];

export const dataFileParam = z.object({
  file: z
    .enum(DATA_FILES.map((name) => `${name}.csv`) as [`${DataFile}.csv`, ...`${DataFile}.csv`[]])
    .describe('One CSV file of the data package'),
});

const field = z.object({
  name: z.string(),
  type: z.enum(['string', 'integer', 'number', 'date']),
  description: z.string().optional(),
});

const foreignKey = z.object({
  fields: z.array(z.string()),
  reference: z.object({
    resource: z.string().optional().describe('Omitted for a reference within the same file'),
    fields: z.array(z.string()),
  }),
});

export const dataResource = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    path: z.string().describe('Absolute URL of the full CSV file'),
    format: z.literal('csv'),
    mediatype: z.literal('text/csv'),
    encoding: z.literal('utf-8'),
    bytes: z.number().int(),
    hash: z.string().describe('sha256 of the file, as served'),
    schema: z.object({ fields: z.array(field), primaryKey: z.array(z.string()), foreignKeys: z.array(foreignKey) }),
  })
  .meta({ id: 'DataResource' });

export const dataPackage = z
  .object({
    $schema: z.literal('https://datapackage.org/profiles/2.0/datapackage.json'),
    name: z.string(),
    id: z.string().describe('The absolute URL of this descriptor'),
    title: z.string(),
    description: z.string(),
    version: z.string().describe('The API version and a content hash of every file: it changes whenever the data does'),
    created: z.string().describe('When the data was last changed (ISO 8601)'),
    homepage: z.string(),
    citation: z.string().describe('A suggested citation, with the version and the date of the last change'),
    sources: z.array(z.object({ title: z.string(), path: z.string() })),
    resources: z.array(dataResource),
  })
  .meta({ id: 'DataPackage' });
export type DataPackage = z.infer<typeof dataPackage>;
export type DataResource = z.infer<typeof dataResource>;
