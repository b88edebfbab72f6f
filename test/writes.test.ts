import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { writableApp } from './helpers.js';

type Json = Record<string, any>;

const TEXT = 'قال المرصد إن غارة جوية قتلت ثلاثة مدنيين في الباغوز. وقال المرصد إن غارة جوية أخرى أصابت السوق.';

t.test('a coder adds an article, a claim, an event and a figure; an editor publishes them', async (t) => {
  const { app, keys } = await writableApp(t);
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const post = async (url: string, key: string, payload: unknown, headers: Json = {}) =>
    app.inject({ method: 'POST', url, headers: { ...as(key), ...headers }, payload: payload as Json });

  const article = await post('/articles', keys.coder, {
    file_name: '900-test.txt',
    title: 'غارة',
    text: TEXT,
    language: 'ar',
    published_start: '2019-03-01',
    published_end: '2019-03-01',
    published_precision: 'day',
    published_note: 'test',
  });
  t.equal(article.statusCode, 201, article.body);
  const articleId = article.json().id;
  t.equal(article.json().status, 'draft');
  t.equal(article.headers.location, `/articles/${articleId}`);
  t.equal((await app.inject(`/articles/${articleId}`)).statusCode, 404, 'a draft is not public');

  const ambiguous = await post('/claims', keys.coder, {
    article_id: articleId,
    claimant_id: 1,
    quote: 'غارة جوية',
    statement_en: 'x',
    claim_type: 'event_report',
    certainty: 'asserted',
  });
  t.equal(ambiguous.statusCode, 422);
  t.equal(ambiguous.json().errors[0].param, 'quote');
  t.match(ambiguous.json().errors[0].message, /ambiguous: it occurs 2 times, at \[14, 23\), \[69, 78\)/);

  const event = await post('/events', keys.coder, {
    date_start: '2019-03-01',
    date_end: '2019-03-01',
    date_precision: 'day',
    date_note: 'the article',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Air/drone strike',
    location_id: 1,
    summary_en: 'An air strike killed three civilians',
  });
  t.equal(event.statusCode, 201, event.body);
  const eventId = event.json().id;

  const claim = await post('/claims', keys.coder, {
    article_id: articleId,
    claimant_id: 1,
    quote: 'غارة جوية قتلت ثلاثة مدنيين',
    statement_en: 'An air strike killed three civilians',
    claim_type: 'casualty_report',
    certainty: 'asserted',
    event_ids: [eventId],
  });
  t.equal(claim.statusCode, 201, claim.body);
  t.equal(claim.json().record.quote_start, 14);
  const claimId = claim.json().id;

  const report = await post('/casualty-reports', keys.coder, {
    claim_id: claimId,
    event_id: eventId,
    victim_group: 'civilians',
    outcome: 'killed',
    count_low: 3,
    count_high: 3,
    qualifier: 'exact',
  });
  t.equal(report.statusCode, 201, report.body);

  const own = await app.inject({ method: 'POST', url: `/events/${eventId}/publish`, headers: as(keys.coder) });
  t.equal(own.statusCode, 403, 'a coder cannot publish');
  const early = await app.inject({ method: 'POST', url: `/claims/${claimId}/publish`, headers: as(keys.editor) });
  t.equal(early.statusCode, 422, 'a claim on a draft article waits for it');
  for (const url of [`/articles/${articleId}`, `/events/${eventId}`, `/claims/${claimId}`, `/casualty-reports/${report.json().id}`]) {
    const published = await app.inject({ method: 'POST', url: `${url}/publish`, headers: as(keys.editor) });
    t.equal(published.statusCode, 200, `${url}: ${published.body}`);
  }
  const shown = await app.inject(`/events/${eventId}`);
  t.equal(shown.statusCode, 200);
  t.same(shown.json().fatalities, { low: 3, high: 3 });

  const changes = (await app.inject('/changes')).json();
  t.same(
    changes.data.map((c: Json) => `${c.resource} ${c.action}`),
    ['articles published', 'events published', 'claims published', 'casualty-reports published'],
  );
  const history = (await app.inject({ url: `/claims/${claimId}/history`, headers: as(keys.editor) })).json().data;
  t.same(
    history.map((h: Json) => `${h.version} ${h.action} ${h.by}`),
    ['1 created coder1', '2 published editor1'],
    'with a key: every version, the draft included',
  );
  const publicHistory = (await app.inject(`/claims/${claimId}/history`)).json().data;
  t.same(
    publicHistory.map((h: Json) => `${h.version} ${h.action} ${h.by}`),
    ['2 published editor1'],
    'without a key: from its publication on, as drafts are out of public reads',
  );

  // Edits: If-Match required, stale refused, the coder may not edit published work, the editor may.
  const patch = (key: string, headers: Json, payload: Json) =>
    app.inject({
      method: 'PATCH',
      url: `/events/${eventId}`,
      headers: { ...as(key), 'content-type': 'application/merge-patch+json', ...headers },
      payload: JSON.stringify(payload),
    });
  t.equal((await patch(keys.editor, {}, { summary_en: 'x' })).statusCode, 428);
  t.equal((await patch(keys.editor, { 'if-match': `"events.${eventId}.v1"` }, { summary_en: 'x' })).statusCode, 412);
  t.equal((await patch(keys.coder, { 'if-match': `"events.${eventId}.v2"` }, { summary_en: 'x' })).statusCode, 403);
  const edited = await patch(keys.editor, { 'if-match': `"events.${eventId}.v2"` }, { summary_en: 'An air strike on al-Baghuz' });
  t.equal(edited.statusCode, 200, edited.body);
  t.equal(edited.headers.etag, `"events.${eventId}.v3"`);
  t.equal((await app.inject(`/events/${eventId}`)).json().summary_en, 'An air strike on al-Baghuz');
  const badPair = await patch(keys.editor, { 'if-match': `"events.${eventId}.v3"` }, { sub_event_type: 'Armed clash' });
  t.equal(badPair.statusCode, 422);
  t.equal(badPair.json().errors[0].param, 'sub_event_type');

  const textChange = await app.inject({
    method: 'PATCH',
    url: `/articles/${articleId}`,
    headers: { ...as(keys.editor), 'if-match': `"articles.${articleId}.v2"` },
    payload: { text: `${TEXT} زيادة` },
  });
  t.equal(textChange.statusCode, 422, 'an article cited by a claim keeps its text');
  t.equal(textChange.json().errors[0].param, 'text');

  // Retraction: refused while a figure hangs on the claim; then kept with its reason, 410 on GET.
  t.equal((await app.inject({ method: 'DELETE', url: `/claims/${claimId}?reason=dup`, headers: as(keys.editor) })).statusCode, 409);
  const gone = await app.inject({
    method: 'DELETE',
    url: `/casualty-reports/${report.json().id}?reason=double counted`,
    headers: as(keys.editor),
  });
  t.equal(gone.statusCode, 200, gone.body);
  t.equal(gone.json().status, 'retracted');
  const get = await app.inject(`/casualty-reports/${report.json().id}`);
  t.equal(get.statusCode, 410);
  t.match(get.json().detail, /double counted/);
  t.same((await app.inject(`/events/${eventId}`)).json().fatalities, null, 'out of the aggregates');
  t.equal((await app.inject('/changes')).json().data.at(-1).action, 'retracted');
});

t.test('Idempotency-Key: a retry gives the first answer and creates nothing more', async (t) => {
  const { app, keys } = await writableApp(t);
  const body = { name: 'Idempotent Brigade', kind: 'armed_group' };
  const send = (payload: Json) =>
    app.inject({ method: 'POST', url: '/actors', headers: { authorization: `Bearer ${keys.coder}`, 'idempotency-key': 'k1' }, payload });
  const first = await send(body);
  const again = await send(body);
  t.equal(first.statusCode, 201);
  t.equal(again.statusCode, 201);
  t.same(again.json(), first.json());
  t.equal((await send({ ...body, name: 'Other' })).statusCode, 409);
  const unknown = await app.inject({
    method: 'POST',
    url: '/actors',
    headers: { authorization: `Bearer ${keys.coder}` },
    payload: { ...body, colour: 'red' },
  });
  t.equal(unknown.statusCode, 422);
  t.same(unknown.json().errors, [{ param: 'colour', message: 'is not a field of actors' }]);
  const text = await app.inject({
    method: 'POST',
    url: '/actors',
    headers: { authorization: `Bearer ${keys.coder}`, 'content-type': 'text/plain' },
    payload: 'hi',
  });
  t.equal(text.statusCode, 415);
});

t.test('a changed seed leaves an edit made through the API in place', async (t) => {
  const { app, keys, dbFile } = await writableApp(t);
  const patched = await app.inject({
    method: 'PATCH',
    url: '/actors/1',
    headers: { authorization: `Bearer ${keys.editor}`, 'if-match': '"actors.1.v1"' },
    payload: { note: 'edited through the API' },
  });
  t.equal(patched.statusCode, 200, patched.body);
  await app.close();
  // A changed seed: forget the fingerprint so the next start-up writes the seed again.
  const database = openDatabase(dbFile);
  database.sqlite.prepare("DELETE FROM meta WHERE key = 'seed_fingerprint'").run();
  database.close();
  const prepared = await prepareDatabase(dbFile);
  t.equal(prepared.written, true);
  t.equal(prepared.apiEditsKept, 1, 'start-up reports the kept edit');
  const again = await buildApp({ dbFile });
  t.teardown(() => again.close());
  t.equal((await again.inject('/actors/1/history')).json().data.at(-1).record.note, 'edited through the API');
  const check = openDatabase(dbFile);
  t.equal(check.sqlite.prepare('SELECT note FROM actors WHERE id = 1').pluck().get(), 'edited through the API');
  check.close();
});

t.test('bodies that once failed with a 500 (found by the fuzzer with a key) are refused by the field', async (t) => {
  const { app, keys } = await writableApp(t);
  const post = (url: string, payload: string, key = keys.coder) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload });
  const article = (title: string) =>
    JSON.stringify({
      file_name: '901-same.txt',
      title,
      text: TEXT,
      language: 'ar',
      published_start: '2019-03-01',
      published_end: '2019-03-01',
      published_precision: 'day',
      published_note: 'test',
    });
  const first = await post('/articles', article('first'));
  t.equal(first.statusCode, 201, first.body);
  const second = await post('/articles', article('second'));
  t.equal(second.statusCode, 422, 'a second draft with the same file name');
  t.same(
    second.json().errors.map((e: Json) => e.param),
    ['file_name'],
  );
  const seeded = await post('/articles', article('third').replace('901-same.txt', (await app.inject('/articles/1')).json().file_name));
  t.equal(seeded.statusCode, 422, 'the file name of a published article');
  const publish = await app.inject({
    method: 'POST',
    url: `/articles/${first.json().id}/publish`,
    headers: { authorization: `Bearer ${keys.editor}` },
  });
  t.equal(publish.statusCode, 200, 'the first publishes');

  const figure = await post(
    '/figures',
    JSON.stringify({ claim_id: 1, what: 'fighters', unit: 'fighters', count_low: 300, count_high: 200, qualifier: 'about' }),
  );
  t.equal(figure.statusCode, 422, 'an upper bound below the lower one');
  t.same(
    figure.json().errors.map((e: Json) => e.param),
    ['count_high'],
  );

  const deep = await post('/actors', `${'['.repeat(5000)}${']'.repeat(5000)}`, keys.coder);
  t.equal(deep.statusCode, 422, '5,000 nested arrays');
  t.same(deep.json().errors, [{ param: 'body', message: 'nests deeper than 32 levels' }]);
});
