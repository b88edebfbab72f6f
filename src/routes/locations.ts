import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import { featureCollection } from '../http/geojson.js';
import type { ListRepresentation } from '../http/list.js';
import { found } from '../http/problem.js';
import { findLocations, getLocation } from '../query/locations.js';
import { featureCollection as featureCollectionSchema } from '../schemas/common.js';
import { DRAFT_BY_ID, keyOptional, keyRefused, publishedOrDraft } from '../schemas/drafts.js';
import { type Location, locationDetail, locationPages, locationsQuery } from '../schemas/entities.js';
import { csvContent, detailResponses, idParam, listResponses } from '../schemas/params.js';

export const locationCsvColumns: CsvColumn<Location>[] = [
  { header: 'id', value: (l) => l.id },
  { header: 'name', hxl: '#loc+name', value: (l) => l.name },
  { header: 'name_ar', hxl: '#loc+name+i_ar', value: (l) => l.name_ar },
  { header: 'kind', hxl: '#loc+type', value: (l) => l.kind },
  { header: 'parent_id', value: (l) => l.parent_id },
  { header: 'latitude', hxl: '#geo+lat', value: (l) => l.lat },
  { header: 'longitude', hxl: '#geo+lon', value: (l) => l.lon },
  { header: 'geo_precision', hxl: '#geo+precision', value: (l) => l.geo_precision },
  { header: 'coord_source', value: (l) => l.coord_source },
  { header: 'geonames_id', value: (l) => l.geonames_id },
  { header: 'pcode', hxl: '#adm1+code', value: (l) => l.pcode },
  { header: 'aliases', value: (l) => l.aliases.map((x) => x.alias).join('; ') },
];

const locationListRepresentation: ListRepresentation<Location> = {
  resource: 'locations',
  formats: ['json', 'csv', 'geojson'],
  csvColumns: locationCsvColumns,
  geojson: (rows) =>
    featureCollection(
      rows,
      (l) => l,
      (l) => l,
    ),
};

export const locationRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'locations', locationPages.mixed);
  app.get(
    '/locations',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listLocations',
        tags: ['locations'],
        summary: 'List or search locations',
        description:
          'Without `q`, in id order; with `q`, exact name, alias or transliteration matches first, then prefix, then partial. `?format=geojson` gives a FeatureCollection.',
        querystring: locationsQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of locations', {
            'application/json': { schema: locationPages.json },
            ...csvContent,
            'application/geo+json': { schema: featureCollectionSchema },
          }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, locationListRepresentation, (query) => findLocations(app.database.db, query)),
  );

  app.get(
    '/locations/:id',
    {
      preHandler: drafts.draftById,
      schema: {
        operationId: 'getLocation',
        tags: ['locations'],
        summary: 'One location with its aliases, ancestors, children, coordinates and their source',
        description: `The place with its aliases, coordinates and their source (GeoNames), ancestors from the country down, children, and how many events it and the places inside it have. ${DRAFT_BY_ID}`,
        params: idParam,
        security: keyOptional,
        response: { ...detailResponses(publishedOrDraft('locations', locationDetail)), ...keyRefused },
      },
    },
    async (request) => found(getLocation(app.database.db, request.params.id), `No location with id ${request.params.id}`),
  );
};
