import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCATION_KINDS } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { notFound } from '../http/problem.js';
import { listEntities } from '../query/entities.js';
import { getLocation, type LocationRow, locationsByIds } from '../query/locations.js';
import { pageQuery } from '../query/pagination.js';
import { csvContent, detailResponses, listResponses, textParam } from './params.js';
import { idParam, listOf, location, pathEntry } from './shapes.js';

const locationsQuery = z.strictObject({
  q: textParam('Any name, alias or transliteration, English or Arabic; exact matches first, then prefix, then partial', 'Deir ez-Zor'),
  kind: z.enum(LOCATION_KINDS).optional().describe('Only locations of this kind'),
  parent: z.coerce.number().int().positive().optional().describe('Only the direct children of this location id'),
  ...pageQuery,
  ...formatQuery(['json', 'csv', 'geojson']),
});

const locationListItem = location.extend({ match_rank: z.number().int().nullable().describe('With q: 0 exact, 1 prefix, 2 partial') });

const locationDetail = location
  .extend({
    ancestors: z.array(pathEntry).describe('From the country down to the parent'),
    children: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.string() })),
    event_counts: z.object({ total: z.number().int(), including_places_inside: z.number().int() }),
  })
  .meta({ id: 'LocationDetail' });

const csvColumns = [
  { header: 'id', value: (l: LocationRow) => l.id },
  { header: 'name', hxl: '#loc+name', value: (l: LocationRow) => l.name },
  { header: 'name_ar', hxl: '#loc+name+i_ar', value: (l: LocationRow) => l.name_ar },
  { header: 'kind', hxl: '#loc+type', value: (l: LocationRow) => l.kind },
  { header: 'parent_id', value: (l: LocationRow) => l.parent_id },
  { header: 'latitude', hxl: '#geo+lat', value: (l: LocationRow) => l.lat },
  { header: 'longitude', hxl: '#geo+lon', value: (l: LocationRow) => l.lon },
  { header: 'geo_precision', hxl: '#geo+precision', value: (l: LocationRow) => l.geo_precision },
  { header: 'coord_source', value: (l: LocationRow) => l.coord_source },
  { header: 'geonames_id', value: (l: LocationRow) => l.geonames_id },
  { header: 'pcode', hxl: '#adm1+code', value: (l: LocationRow) => l.pcode },
  { header: 'aliases', value: (l: LocationRow) => l.aliases.map((x) => x.alias).join('; ') },
];

function locationsGeojson(rows: LocationRow[]) {
  const located = rows.filter((l) => l.lat !== null && l.lon !== null);
  return {
    type: 'FeatureCollection' as const,
    features: located.map((l) => ({
      type: 'Feature' as const,
      id: l.id,
      geometry: { type: 'Point', coordinates: [l.lon, l.lat] },
      properties: l,
    })),
    unlocated: rows.filter((l) => l.lat === null || l.lon === null),
  };
}

export const locationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/locations',
    {
      schema: {
        operationId: 'listLocations',
        tags: ['locations'],
        summary: 'List or search locations',
        querystring: locationsQuery,
        response: listResponses('A page of locations', {
          'application/json': { schema: listOf(locationListItem, 'LocationList') },
          ...csvContent,
          'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection') }).passthrough() },
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv', 'geojson'], q.format);
      const page = listEntities(app.database.db, 'locations', q, q.limit, q.cursor, (ids) => locationsByIds(app.database.db, ids));
      return sendList(request, reply, {
        resource: 'locations',
        format,
        page,
        limit: q.limit,
        csv: { columns: csvColumns, bom: q.bom, hxl: q.hxl },
        geojson: locationsGeojson,
      });
    },
  );

  app.get(
    '/locations/:id',
    {
      schema: {
        operationId: 'getLocation',
        tags: ['locations'],
        summary: 'One location with its aliases, ancestors, children, coordinates and their source',
        params: idParam,
        response: detailResponses(locationDetail),
      },
    },
    async (request) => {
      const found = getLocation(app.database.db, request.params.id);
      if (!found) throw notFound(`No location with id ${request.params.id}`);
      return found;
    },
  );
};
