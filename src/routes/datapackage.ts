import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventCsvColumns } from '../http/acled.js';
import { type DataFileOf, dataFile, describePackage, sendCsvFile } from '../http/datapackage.js';
import { findActors } from '../query/actors.js';
import { findArticles } from '../query/articles.js';
import { findCasualtyReports } from '../query/casualties.js';
import { findClaims } from '../query/claims.js';
import { findEvents } from '../query/events/find.js';
import { findFigures } from '../query/figures.js';
import { findLocations } from '../query/locations.js';
import { articlesQuery } from '../schemas/articles.js';
import { casualtyReportsQuery } from '../schemas/casualties.js';
import { claimsQuery } from '../schemas/claims.js';
import { dataFileParam, dataPackage } from '../schemas/datapackage.js';
import { actorsQuery, locationsQuery } from '../schemas/entities.js';
import { eventsQuery } from '../schemas/events.js';
import { figuresQuery } from '../schemas/figures.js';
import { problemSchema } from '../schemas/problem.js';
import { actorCsvColumns } from './actors.js';
import { articleCsvColumns } from './articles.js';
import { casualtyReportCsvColumns } from './casualty-reports.js';
import { claimCsvColumns } from './claims.js';
import { figureCsvColumns } from './figures.js';
import { locationCsvColumns } from './locations.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};

const REFRESH =
  'A mirror refreshes by fetching this descriptor again (with If-None-Match: its ETag changes with the data) and downloading the files whose `hash` changed; once the API offers `GET /changes`, a mirror can follow that instead.';

export const dataPackageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const files: DataFileOf[] = [
    dataFile({
      name: 'events',
      title: 'Events',
      description: "One row per event: ACLED's 31 export columns, then this project's own (event_id is the key)",
      columns: eventCsvColumns,
      read: (limit, cursor) => findEvents(db, eventsQuery.parse({ limit, cursor, total: 'capped' })),
      primaryKey: ['event_id'],
      references: { location_id: ['locations', 'id'] },
    }),
    dataFile({
      name: 'claims',
      title: 'Claims',
      description:
        'One row per statement in an article: claimant, verbatim quote with offsets, English rendering; event_ids is a ;-separated list',
      columns: claimCsvColumns,
      read: (limit, cursor) => findClaims(db, claimsQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: { article_id: ['articles', 'id'], claimant_id: ['actors', 'id'] },
    }),
    dataFile({
      name: 'casualty-reports',
      title: 'Casualty reports',
      description: 'One row per figure per claim per victim side of one event',
      columns: casualtyReportCsvColumns,
      read: (limit, cursor) => findCasualtyReports(db, casualtyReportsQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: {
        claim_id: ['claims', 'id'],
        event_id: ['events', 'event_id'],
        subset_of_id: [null, 'id'],
        claimant_id: ['actors', 'id'],
        location_id: ['locations', 'id'],
        victim_actor_id: ['actors', 'id'],
      },
    }),
    dataFile({
      name: 'figures',
      title: 'Figures',
      description: "Numbers in claims that are not one event's casualties (tolls, shares, forces, counts)",
      columns: figureCsvColumns,
      read: (limit, cursor) => findFigures(db, figuresQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: {
        claim_id: ['claims', 'id'],
        article_id: ['articles', 'id'],
        claimant_id: ['actors', 'id'],
        victim_actor_id: ['actors', 'id'],
        place_id: ['locations', 'id'],
      },
    }),
    dataFile({
      name: 'actors',
      title: 'Actors',
      description: 'Organisations, forces, persons and groups; aliases ;-separated',
      columns: actorCsvColumns,
      read: (limit, cursor) => findActors(db, actorsQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: { parent_id: [null, 'id'] },
    }),
    dataFile({
      name: 'locations',
      title: 'Locations',
      description: 'Places with their parents and GeoNames coordinates; aliases ;-separated',
      columns: locationCsvColumns,
      read: (limit, cursor) => findLocations(db, locationsQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: { parent_id: [null, 'id'] },
    }),
    dataFile({
      name: 'articles',
      title: 'Articles',
      description: 'The source documents (their full texts are at /articles/{id})',
      columns: articleCsvColumns,
      read: (limit, cursor) => findArticles(db, articlesQuery.parse({ limit, cursor })),
      primaryKey: ['id'],
      references: {},
    }),
  ];
  const info = { version: PACKAGE.version, title: 'Syria conflict claims', description: `${PACKAGE.description} ${REFRESH}` };

  app.get(
    '/datapackage.json',
    {
      schema: {
        operationId: 'getDataPackage',
        tags: ['data package'],
        summary: 'The whole dataset as a Frictionless Data Package (v2) of CSV files',
        description: `Every file with its fields, keys, size and sha256, a version that changes with the data, and a suggested citation. ${REFRESH}`,
        response: { 200: dataPackage },
      },
    },
    async (request) => describePackage(request, files, info, { modified: app.dataModified() }),
  );

  app.get(
    '/data/:file',
    {
      schema: {
        operationId: 'getDataFile',
        tags: ['data package'],
        summary: 'One whole CSV file of the data package, streamed',
        description: 'Every row, not a page: the `path` of a resource in /datapackage.json.',
        params: dataFileParam,
        response: {
          200: { description: 'The whole file', content: { 'text/csv': { schema: z.string() } } },
          400: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const file = files.find((f) => `${f.spec.name}.csv` === request.params.file) as DataFileOf;
      return sendCsvFile(reply, file, { modified: app.dataModified() });
    },
  );
};
