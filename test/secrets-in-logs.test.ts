import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';
import { tempDbFile } from './helpers.js';

/**
 * No key, hash or secret in a log line: the server is run at its most
 * talkative level while keys are used, refused, revoked and mistyped, and
 * every line it writes is searched for them.
 */
t.test('keys, their hashes and Authorization headers never reach the log', async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const editor = createKey(database.db, 'editor-log', 'editor');
  const coder = createKey(database.db, 'coder-log', 'coder');
  database.close();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({ dbFile, logger: { level: 'trace', stream } });
  t.teardown(() => app.close());

  const mistyped = `${coder.slice(0, -2)}xx`;
  const requests = [
    { method: 'POST' as const, url: '/actors', key: coder, payload: { name: 'Log test actor', kind: 'armed_group' } },
    { method: 'POST' as const, url: '/actors', key: mistyped, payload: { name: 'x', kind: 'armed_group' } },
    { method: 'POST' as const, url: '/actors', key: editor, payload: { name: 'y', kind: 'not-a-kind' } },
    { method: 'GET' as const, url: '/actors/1', key: editor },
  ];
  const statuses: number[] = [];
  for (const r of requests) {
    const res = await app.inject({ method: r.method, url: r.url, headers: { authorization: `Bearer ${r.key}` }, payload: r.payload });
    statuses.push(res.statusCode);
  }
  t.same(statuses, [201, 401, 422, 200], 'a write, a refusal, a 422 and a read were logged');
  t.ok(lines.length >= requests.length, `${lines.length} log lines written`);

  const stored = new Database(dbFile, { readonly: true });
  const hashes = stored.prepare('SELECT hash FROM api_keys').all() as { hash: string }[];
  stored.close();
  const secrets = [editor, coder, mistyped, ...hashes.map((h) => h.hash)];
  const log = lines.join('');
  for (const secret of secrets) t.notOk(log.includes(secret), `no line holds the secret ${secret.slice(0, 4)}…`);
  t.notOk(/bearer /i.test(log), 'no line holds an Authorization header');
});
