import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTCOMES } from '../domain.js';
import { formatQuery, negotiate } from '../http/formats.js';
import { sendList } from '../http/list.js';
import { type CasualtyReportRow, casualtyConditions, listCasualtyReports } from '../query/casualties.js';
import { resolveFilters } from '../query/filters.js';
import { pageQuery } from '../query/pagination.js';
import { csvContent, idList, listResponses, nameParam } from './params.js';
import { casualtyReport, listOf } from './shapes.js';

const casualtyQuery = z.strictObject({
  event: idList.optional().describe('Event id(s), comma-separated'),
  actor: nameParam('Victim actor: id or any name (with its sub-actors)', 'ISIS'),
  place: nameParam("The event's place: id or any name (with the places inside it)", 'Raqqa'),
  claimant: nameParam('Claimant: id or any name (with its sub-actors)', 'SOHR'),
  outcome: z.enum(OUTCOMES).optional().describe('killed, injured, killed_or_injured, captured, detained, displaced...'),
  ...pageQuery,
  ...formatQuery(['json', 'csv']),
});

const csvColumns = [
  { header: 'id', value: (r: CasualtyReportRow) => r.id },
  { header: 'claim_id', value: (r: CasualtyReportRow) => r.claim_id },
  { header: 'event_id', value: (r: CasualtyReportRow) => r.event_id },
  { header: 'claimant', hxl: '#meta+source', value: (r: CasualtyReportRow) => r.claimant.name },
  { header: 'location', hxl: '#loc+name', value: (r: CasualtyReportRow) => r.location.name },
  { header: 'victim_actor', hxl: '#group+name', value: (r: CasualtyReportRow) => r.victim_actor?.name },
  { header: 'victim_group', hxl: '#affected+type', value: (r: CasualtyReportRow) => r.victim_group },
  { header: 'outcome', value: (r: CasualtyReportRow) => r.outcome },
  { header: 'count_low', hxl: '#affected+num+min', value: (r: CasualtyReportRow) => r.count_low },
  { header: 'count_high', hxl: '#affected+num+max', value: (r: CasualtyReportRow) => r.count_high },
  { header: 'qualifier', value: (r: CasualtyReportRow) => r.qualifier },
  { header: 'vague_text', value: (r: CasualtyReportRow) => r.vague_text },
  { header: 'subset_of_id', value: (r: CasualtyReportRow) => r.subset_of_id },
];

export const casualtyReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/casualty-reports',
    {
      schema: {
        operationId: 'listCasualtyReports',
        tags: ['casualty reports'],
        summary: 'List casualty figures, each with its claim and claimant',
        description: "Ordered by the event's date, then id. A vague figure keeps the article's words and no number.",
        querystring: casualtyQuery,
        response: listResponses('A page of casualty reports', {
          'application/json': { schema: listOf(casualtyReport, 'CasualtyReportList') },
          ...csvContent,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = negotiate(request, ['json', 'csv'], q.format);
      const filters = resolveFilters(app.database.db, { actor: q.actor, place: q.place, claimant: q.claimant });
      const page = listCasualtyReports(app.database.db, casualtyConditions(q, filters), q.limit, q.cursor);
      return sendList(request, reply, {
        resource: 'casualty-reports',
        format,
        page,
        limit: q.limit,
        filters,
        csv: { columns: csvColumns, bom: q.bom, hxl: q.hxl },
      });
    },
  );
};
