import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';
import { recordTag } from '../src/write/refusals.js';
import { tempDbFile } from './helpers.js';
import { logEntries, logLine, startServer, untilLogs } from './server-process.js';
import { type Answer, LOAD_RESOURCES, type LoadResource, MARKED, newRecord, seededClaim, writeClient } from './write-load.js';

const CREATES = 200;
/** As many requests in flight as a busy editorial team might send; each worker gets half the connections. */
const CONCURRENCY = 16;

interface Sent {
  id: string;
  resource: LoadResource;
  answer: Answer;
}

/** Runs `jobs` with at most CONCURRENCY in flight. */
async function burst<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

t.test(`both cluster workers take a burst of ${CREATES} creates, their updates and publications, ${CONCURRENCY} at once`, async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const setup = openDatabase(dbFile);
  const keys = { coder: createKey(setup.db, 'burst-coder', 'coder'), editor: createKey(setup.db, 'burst-editor', 'editor') };
  setup.close();
  const claim = seededClaim(dbFile);

  const server = startServer({ DB_FILE: dbFile, WORKERS: '2', WRITE_RATE_LIMIT: '1000000' }, 'src/cluster.ts');
  t.teardown(() => server.child.kill('SIGKILL'));
  await logLine(server, 'ready');
  const isListening = (e: { msg?: unknown }) => typeof e.msg === 'string' && e.msg.startsWith('Server listening at');
  await untilLogs(server, (entries) => entries.filter(isListening).length >= 2);
  const listening = logEntries(server).filter(isListening);
  const workerPids = [...new Set(listening.map((e) => e.pid as number))].sort();
  const origin = /http:\/\/\S+/.exec(String(listening[0]?.msg))?.[0] as string;

  const client = writeClient(origin, CONCURRENCY);
  t.teardown(() => client.close());
  const started = performance.now();
  const send = async (id: string, resource: LoadResource, method: string, path: string, key: string, body?: unknown, ifMatch?: string) => {
    const headers: Record<string, string> = { 'x-request-id': id, ...(ifMatch ? { 'if-match': ifMatch } : {}) };
    return { id, resource, answer: await client.send(method, path, key, body, headers) };
  };

  const creates = await burst(
    Array.from({ length: CREATES }, (_, i) => () => {
      const resource = LOAD_RESOURCES[i % LOAD_RESOURCES.length] as LoadResource;
      return send(`burst-create-${i}`, resource, 'POST', `/${resource}`, keys.coder, newRecord(resource, `burst-${i}`, claim));
    }),
  );
  const created = creates.filter((c) => c.answer.status === 201);
  // Every other new record is changed by its coder before review, with the ETag its create answered.
  const updates = await burst(
    created
      .filter((_, i) => i % 2 === 0)
      .map((c) => () => {
        const { id, version } = c.answer.body;
        const patch = { [MARKED[c.resource]]: `burst-patched-${id}` };
        return send(
          `burst-update-${c.id}`,
          c.resource,
          'PATCH',
          `/${c.resource}/${id}`,
          keys.coder,
          patch,
          recordTag(c.resource, id, version),
        );
      }),
  );
  const publications = await burst(
    created.map((c) => () => send(`burst-publish-${c.id}`, c.resource, 'POST', `/${c.resource}/${c.answer.body.id}/publish`, keys.editor)),
  );
  const seconds = Math.round((performance.now() - started) / 100) / 10;

  const writes: Sent[] = [...creates, ...updates, ...publications];
  const byStatus: Record<number, number> = {};
  for (const w of writes) byStatus[w.answer.status] = (byStatus[w.answer.status] ?? 0) + 1;
  t.same(
    writes.filter((w) => w.answer.status >= 500).map((w) => `${w.id}: ${w.answer.status} ${JSON.stringify(w.answer.body).slice(0, 200)}`),
    [],
    'no write answered 5xx',
  );
  t.equal(created.length, CREATES, 'every create answered 201');
  t.ok(
    [...updates, ...publications].every((w) => w.answer.status === 200),
    'every update and publication answered 200',
  );

  // Which process answered: each worker's request log line carries its pid and the request's X-Request-Id.
  const ids = new Set(writes.map((w) => w.id));
  const answered = (entries: Record<string, unknown>[]) => entries.filter((e) => ids.has(e.reqId as string) && e.res);
  await untilLogs(server, (entries) => answered(entries).length >= writes.length);
  const perWorker = new Map<number, number>();
  for (const e of answered(logEntries(server))) perWorker.set(e.pid as number, (perWorker.get(e.pid as number) ?? 0) + 1);
  t.same([...perWorker.keys()].sort(), workerPids, 'both workers answered writes, and only they');

  // Every acknowledged write is readable: the public record shows the last change, and its (keyed) history has one entry per write.
  const reader = writeClient(origin, CONCURRENCY);
  t.teardown(() => reader.close());
  const patched = new Set(updates.filter((u) => u.answer.status === 200).map((u) => `${u.resource}/${u.answer.body.id}`));
  const unreadable: string[] = [];
  await burst(
    created.map((c) => async () => {
      const { id } = c.answer.body;
      const wasPatched = patched.has(`${c.resource}/${id}`);
      const expected = wasPatched ? `burst-patched-${id}` : c.answer.body.record[MARKED[c.resource]];
      const record = await reader.send('GET', `/${c.resource}/${id}`, null);
      // With a key: the versions from before publication are in the history too.
      const history = await reader.send('GET', `/${c.resource}/${id}/history`, keys.editor);
      const actions = (history.body.data ?? []).map((h: { action: string }) => h.action).join(',');
      const wanted = wasPatched ? 'created,updated,published' : 'created,published';
      if (record.status !== 200 || record.body[MARKED[c.resource]] !== expected || actions !== wanted) {
        unreadable.push(`${c.resource} ${id}: ${record.status} ${record.body[MARKED[c.resource]]}, history ${actions}`);
      }
    }),
  );
  t.same(unreadable, [], `all ${created.length} records read back published, with their change and one history entry per write`);
  t.comment(
    `${writes.length} writes (${creates.length} creates, ${updates.length} updates, ${publications.length} publications) in ${seconds} s, ` +
      `${CONCURRENCY} at once; by status ${JSON.stringify(byStatus)}; by worker ${[...perWorker.values()].join(' and ')}`,
  );

  const stopped = logLine(server, 'all workers stopped');
  server.child.kill('SIGTERM');
  await stopped;
  t.same(await server.exited, { code: 0, signal: null }, 'the cluster still stops cleanly');
});
