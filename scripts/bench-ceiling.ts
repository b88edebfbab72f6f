import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { runCluster } from '../src/cluster.js';
import { loadConfig } from '../src/config.js';
import { statsCeiling } from './bench/stats-ceiling.js';

/**
 * The benchmark's raw ceiling: a bare Fastify route on the same cluster runner
 * and logger as the API, reading from the same SQLite file exactly the rows a
 * response of the API holds (by id, given in the URL) and serialising them
 * with JSON.stringify: no validation, no planning, no response schema. What
 * the API costs above this is the price of its own work.
 *
 * GET /raw/events?ids=1,2 (events with their place and actors), /raw/event/:id
 * (one event with place, actors, claims and casualty reports), /raw/:table?ids=
 * (claims, casualty_reports, figures: the rows as stored), /raw/stats?group_by=
 * &actor=|place= (a hand-written GROUP BY over the read model's tables,
 * scripts/bench/stats-ceiling.ts).
 */
const { port, host, workers, logLevel, dbFile, drainQuietMs } = loadConfig();
const TABLES = new Set(['claims', 'casualty_reports', 'figures']);

await runCluster({
  port,
  host,
  workers,
  logLevel,
  drainQuietMs,
  build: async (logger) => {
    const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
    sqlite.pragma('mmap_size = 268435456');
    const eventRows = sqlite.prepare(
      `SELECT e.*, l.name AS location_name, l.name_ar AS location_name_ar, l.lat, l.lon
       FROM events e JOIN locations l ON l.id = e.location_id WHERE e.id IN (SELECT value FROM json_each(?))`,
    );
    const actorRows = sqlite.prepare(
      `SELECT ea.event_id, a.id, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
       WHERE ea.event_id IN (SELECT value FROM json_each(?))`,
    );
    const claimRows = sqlite.prepare('SELECT c.* FROM claim_events ce JOIN claims c ON c.id = ce.claim_id WHERE ce.event_id = ?');
    const reportRows = sqlite.prepare('SELECT * FROM casualty_reports WHERE event_id = ?');
    const byTable = new Map([...TABLES].map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} WHERE id IN (SELECT value FROM json_each(?))`)]));
    const events = (ids: string) => {
      const rows = eventRows.all(ids) as { id: number }[];
      const actors = actorRows.all(ids) as { event_id: number }[];
      return rows.map((r) => ({ ...r, actors: actors.filter((a) => a.event_id === r.id) }));
    };
    const idsOf = (query: unknown) => `[${String((query as { ids?: string }).ids ?? '').replace(/[^\d,]/g, '')}]`.replace(/,]$/, ']');
    const app = Fastify({ logger });
    app.get('/raw/events', async (request, reply) =>
      reply.type('application/json').send(JSON.stringify({ data: events(idsOf(request.query)) })),
    );
    app.get('/raw/event/:id', async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      const [event] = events(`[${id}]`);
      const body = event ? { ...event, claims: claimRows.all(id), casualty_reports: reportRows.all(id) } : null;
      return reply.type('application/json').send(JSON.stringify(body));
    });
    const stats = statsCeiling(sqlite);
    app.get('/raw/stats', async (request, reply) => {
      const body = stats(request.query as Record<string, unknown>);
      return body ? reply.type('application/json').send(JSON.stringify(body)) : reply.code(404).send();
    });
    app.get('/raw/:table', async (request, reply) => {
      const statement = byTable.get((request.params as { table: string }).table);
      if (!statement) return reply.code(404).send();
      return reply.type('application/json').send(JSON.stringify({ data: statement.all(idsOf(request.query)) }));
    });
    app.addHook('onClose', async () => sqlite.close());
    return app;
  },
});
