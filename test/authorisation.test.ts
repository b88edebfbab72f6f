import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { WRITABLE_RESOURCES } from '../src/schemas/writes.js';
import { createKey, revokeKey } from '../src/write/keys.js';
import { tempDbFile } from './helpers.js';

type Json = Record<string, any>;

const BODIES: Record<string, Json> = {
  articles: {
    file_name: '901-auth.txt',
    title: 't',
    text: 'نص قصير للاختبار.',
    language: 'ar',
    published_start: '2019-01-01',
    published_end: '2019-01-01',
    published_precision: 'day',
    published_note: 'n',
  },
  claims: { article_id: 1, claimant_id: 1, quote: 'x', statement_en: 'x', claim_type: 'statement', certainty: 'asserted' },
  events: {
    date_start: '2019-01-01',
    date_end: '2019-01-01',
    date_precision: 'day',
    date_note: 'n',
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    location_id: 1,
    summary_en: 's',
  },
  'casualty-reports': {
    claim_id: 1,
    event_id: 1,
    victim_group: 'civilians',
    outcome: 'killed',
    count_low: 1,
    count_high: 1,
    qualifier: 'exact',
  },
  figures: { claim_id: 1, what: 'w', unit: 'people', count_low: 1, count_high: 1, qualifier: 'exact' },
  actors: { name: 'Auth Test Brigade', kind: 'armed_group' },
  locations: { name: 'Auth Test Village', kind: 'village', coord_source: 'none' },
};

t.test('every write endpoint refuses every credential that may not write', async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const coder = createKey(database.db, 'coder1', 'coder');
  const other = createKey(database.db, 'coder2', 'coder');
  const editor = createKey(database.db, 'editor1', 'editor');
  const revoked = createKey(database.db, 'gone', 'editor');
  revokeKey(database.db, 'gone');
  const expired = createKey(database.db, 'old', 'editor', { expiresAt: '2020-01-01T00:00:00Z' });
  database.close();
  // The failed-authentication limit is tested on its own below; here every refusal must be the 401 or 403 itself.
  const app = await buildApp({ dbFile, auth: { authFailuresPerMinute: 10_000 } });
  t.teardown(() => app.close());

  // One draft per resource by coder2 (its own article for the claim's quote), for the coder-on-others' case.
  const drafts: Record<string, number> = {};
  for (const resource of ['actors', 'locations', 'events', 'articles']) {
    const res = await app.inject({
      method: 'POST',
      url: `/${resource}`,
      headers: { authorization: `Bearer ${other}` },
      payload: BODIES[resource],
    });
    t.equal(res.statusCode, 201, `${resource}: ${res.body}`);
    drafts[resource] = res.json().id;
  }
  const count = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare('SELECT (SELECT count(*) FROM changes) + (SELECT count(*) FROM records) AS n').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  const before = count();

  const credentials: [string, string | undefined, number][] = [
    ['no key', undefined, 401],
    ['a malformed header', 'Basic dXNlcjpwYXNz', 401],
    ['a malformed key', 'Bearer not-a-key', 401],
    ['an unknown key', `Bearer ${coder.replace(/.{6}$/, 'AAAAAA')}`, 401],
    ['a revoked key', `Bearer ${revoked}`, 401],
    ['an expired key', `Bearer ${expired}`, 401],
  ];
  let attempts = 0;
  let refusals = 0;
  const attempt = async (label: string, method: string, url: string, authorization: string | undefined, status: number, payload?: Json) => {
    const headers: Json = { 'if-match': '*' };
    if (authorization) headers.authorization = authorization;
    const res = await app.inject({ method: method as 'POST', url, headers, ...(payload ? { payload } : {}) });
    attempts++;
    if (res.statusCode === status && String(res.headers['content-type']).startsWith('application/problem+json')) refusals++;
    else t.fail(`${label}: ${method} ${url} answered ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (status === 401) t.equal(String(res.headers['www-authenticate']).startsWith('Bearer'), true, `${label}: WWW-Authenticate: Bearer`);
  };

  for (const resource of WRITABLE_RESOURCES) {
    const id = drafts[resource] ?? 1;
    for (const [label, authorization, status] of credentials) {
      await attempt(label, 'POST', `/${resource}`, authorization, status, BODIES[resource]);
      await attempt(label, 'PATCH', `/${resource}/${id}`, authorization, status, { note: 'x' });
      await attempt(label, 'DELETE', `/${resource}/${id}?reason=test`, authorization, status);
      await attempt(label, 'POST', `/${resource}/${id}/publish`, authorization, status);
    }
    // A coder on someone else's record (another coder's draft, or published work), and publishing at all.
    await attempt('a coder on others’ records', 'PATCH', `/${resource}/${id}`, `Bearer ${coder}`, 403, { note: 'x' });
    await attempt('a coder on others’ records', 'DELETE', `/${resource}/${id}?reason=test`, `Bearer ${coder}`, 403);
    await attempt('a coder publishing', 'POST', `/${resource}/${id}/publish`, `Bearer ${coder}`, 403);
  }
  // Its own draft: a coder still cannot publish it, nor can the editor who wrote one.
  await attempt('a coder publishing its own draft', 'POST', `/actors/${drafts.actors}/publish`, `Bearer ${other}`, 403);
  const mine = await app.inject({
    method: 'POST',
    url: '/actors',
    headers: { authorization: `Bearer ${editor}` },
    payload: { name: 'Editor Own', kind: 'armed_group' },
  });
  const afterOwn = count();
  await attempt('an editor publishing its own draft', 'POST', `/actors/${mine.json().id}/publish`, `Bearer ${editor}`, 403);

  t.comment(`${attempts} write attempts with credentials that may not write, ${refusals} refused with 401/403 problem+json`);
  t.equal(refusals, attempts, 'every attempt was refused');
  t.equal(count(), afterOwn, 'no write got through');
  t.equal(afterOwn, before + 2, 'only the editor’s own draft (record and history entry) was written in between');
  t.ok(attempts >= 190, `${attempts} attempts`);
});

t.test('failed authentications are limited per address', async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const app = await buildApp({ dbFile, auth: { authFailuresPerMinute: 3 } });
  t.teardown(() => app.close());
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push(
      (await app.inject({ method: 'POST', url: '/actors', headers: { authorization: 'Bearer nope' }, payload: {} })).statusCode,
    );
  }
  t.same(statuses, [401, 401, 401, 429, 429]);
});

t.test('writes are limited per key: a busy key gets 429 with Retry-After, another key still writes', async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const busy = createKey(database.db, 'busy', 'coder');
  const other = createKey(database.db, 'other', 'coder');
  database.close();
  const app = await buildApp({ dbFile, auth: { writesPerMinute: 3 } });
  t.teardown(() => app.close());
  const write = (key: string, n: number) =>
    app.inject({
      method: 'POST',
      url: '/actors',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: `Rate test ${n}`, kind: 'armed_group' },
    });
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await write(busy, i));
  t.same(
    answers.map((a) => a.statusCode),
    [201, 201, 201, 429, 429],
    answers.map((a) => a.body.slice(0, 120)).join(' | '),
  );
  t.equal(answers[3]?.headers['retry-after'], '60');
  t.equal(answers[3]?.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal((await write(other, 9)).statusCode, 201, 'the limit is per key');
  t.equal((await app.inject('/actors?q=Rate%20test&limit=50')).statusCode, 200, 'reads are not counted');
});

t.test('READ_ACCESS=key: reads need a key too, /health does not', async (t) => {
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const key = createKey(database.db, 'reader', 'coder');
  database.close();
  const app = await buildApp({ dbFile, auth: { readAccess: 'key' } });
  t.teardown(() => app.close());
  t.equal((await app.inject('/events')).statusCode, 401);
  t.equal((await app.inject({ url: '/events', headers: { authorization: `Bearer ${key}` } })).statusCode, 200);
  t.equal((await app.inject('/health')).statusCode, 200);
});
