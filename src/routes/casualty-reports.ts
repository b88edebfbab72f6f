import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { draftReads } from '../http/drafts.js';
import type { CsvColumn } from '../http/formats.js';
import type { ListRepresentation } from '../http/list.js';
import { findCasualtyReports } from '../query/casualties.js';
import { type CasualtyReport, casualtyReportPages, casualtyReportsQuery } from '../schemas/casualties.js';
import { keyOptional, keyRefused } from '../schemas/drafts.js';
import { csvContent, listResponses } from '../schemas/params.js';

export const casualtyReportCsvColumns: CsvColumn<CasualtyReport>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'claim_id', value: (r) => r.claim_id },
  { header: 'event_id', value: (r) => r.event_id },
  { header: 'claimant', hxl: '#meta+source', value: (r) => r.claimant.name },
  { header: 'location', hxl: '#loc+name', value: (r) => r.location.name },
  { header: 'victim_actor', hxl: '#group+name', value: (r) => r.victim_actor?.name },
  { header: 'victim_group', hxl: '#affected+type', value: (r) => r.victim_group },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'count_low', hxl: '#affected+num+min', value: (r) => r.count_low },
  { header: 'count_high', hxl: '#affected+num+max', value: (r) => r.count_high },
  { header: 'qualifier', value: (r) => r.qualifier },
  { header: 'vague_text', value: (r) => r.vague_text },
  { header: 'subset_of_id', value: (r) => r.subset_of_id },
  { header: 'claimant_id', value: (r) => r.claimant.id },
  { header: 'location_id', value: (r) => r.location.id },
  { header: 'victim_actor_id', value: (r) => r.victim_actor?.id },
];

const casualtyReportListRepresentation: ListRepresentation<CasualtyReport> = {
  resource: 'casualty-reports',
  formats: ['json', 'csv'],
  csvColumns: casualtyReportCsvColumns,
};

export const casualtyReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const drafts = draftReads(app, 'casualty-reports', casualtyReportPages.mixed);
  app.get(
    '/casualty-reports',
    {
      preHandler: drafts.keyForStatus,
      schema: {
        operationId: 'listCasualtyReports',
        tags: ['casualty reports'],
        summary: 'List casualty figures, each with its claim and claimant',
        description: "Ordered by the event's date, then id. A vague figure keeps the article's words and no number.",
        querystring: casualtyReportsQuery,
        security: keyOptional,
        response: {
          ...listResponses('A page of casualty reports', { 'application/json': { schema: casualtyReportPages.json }, ...csvContent }),
          ...keyRefused,
        },
      },
    },
    async (request, reply) =>
      drafts.send(request, reply, request.query, casualtyReportListRepresentation, (query) => findCasualtyReports(app.database.db, query)),
  );
};
