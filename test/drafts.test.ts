import t, { type Test } from 'tap';
import { writableApp } from './helpers.js';

type Json = Record<string, any>;

const TEXT = 'قال المرصد إن غارة جوية قتلت ثلاثة مدنيين في الباغوز.';
const article = (n: number) => ({
  file_name: `90${n}-draft-test.txt`,
  title: `مسودة ${n}`,
  text: TEXT,
  language: 'ar',
  published_start: '2019-03-01',
  published_end: '2019-03-01',
  published_precision: 'day',
  published_note: 'test',
});

async function setUp(t: Test) {
  const { app, keys } = await writableApp(t);
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = (url: string, key?: string) => app.inject({ url, headers: key ? as(key) : {} });
  const post = async (url: string, key: string, payload?: Json) => {
    const res = await app.inject({ method: 'POST', url, headers: as(key), ...(payload ? { payload } : {}) });
    t.ok(res.statusCode < 300, `POST ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
  return { app, keys, as, get, post };
}

/** Every page of a list, following `next_cursor`: the items and each page's meta. */
async function pageThrough(get: (url: string) => Promise<{ statusCode: number; json(): Json }>, url: string) {
  const items: Json[] = [];
  const metas: Json[] = [];
  let next: string | null = null;
  do {
    const res = await get(next ? `${url}&cursor=${next}` : url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${JSON.stringify(res.json())}`);
    items.push(...res.json().data);
    metas.push(res.json().meta);
    next = res.json().meta.next_cursor;
  } while (next && metas.length < 50);
  return { items, metas };
}

t.test('a draft is hidden from public reads and shown to a key, in its list and by id', async (t) => {
  const { keys, get, post } = await setUp(t);
  const draft = await post('/articles', keys.coder, article(1));
  const id = draft.id as number;

  const publicList = await get('/articles?limit=500');
  t.notOk(
    publicList.json().data.some((a: Json) => a.id === id),
    'not in the public list',
  );
  t.notOk('status' in publicList.json().data[0], 'the published representation is unchanged (no status)');
  t.equal((await get(`/articles/${id}`)).statusCode, 404, 'not public by id');

  const listed = await get('/articles?status=draft', keys.editor);
  t.equal(listed.statusCode, 200, listed.body);
  t.equal(listed.headers['cache-control'], 'private, no-store');
  t.same(
    listed.json().data.map((d: Json) => [d.id, d.status, d.author, d.version, d.title]),
    [[id, 'draft', 'coder1', 1, 'مسودة 1']],
  );
  t.same(listed.json().meta, { total: 1, total_exact: true, limit: 50, next_cursor: null });

  const byId = await get(`/articles/${id}`, keys.coder2);
  t.equal(byId.statusCode, 200, byId.body);
  t.equal(byId.headers['cache-control'], 'private, no-store', 'no shared cache may keep it');
  t.match(byId.json(), { id, status: 'draft', author: 'coder1', text: TEXT, file_name: '901-draft-test.txt' });
  const badKey = await get(`/articles/${id}`, 'not-a-key');
  t.equal(badKey.statusCode, 401, 'an invalid key on a draft is refused, not answered as public');
  t.equal((await get('/articles/1', keys.coder)).json().claim_count > 0, true, 'a published record by id is as before with a key');

  const publicHistory = await get(`/articles/${id}/history`);
  t.equal(publicHistory.statusCode, 404, 'its history is not public either');
  t.notOk(publicHistory.body.includes(TEXT), 'and the 404 does not carry the draft');
  const keyedHistory = await get(`/articles/${id}/history`, keys.coder2);
  t.equal(keyedHistory.statusCode, 200, keyedHistory.body);
  t.same(
    keyedHistory.json().data.map((v: Json) => [v.version, v.action, v.status, v.record.text]),
    [[1, 'created', 'draft', TEXT]],
    'a key sees the draft version',
  );
  t.equal(keyedHistory.headers['cache-control'], 'private, no-store');
  t.equal((await get(`/articles/${id}/history`, 'not-a-key')).statusCode, 401, 'an invalid key on a history is refused');
});

t.test('status=draft and status=all without a key, with a bad value, or with filters drafts cannot take', async (t) => {
  const { keys, get } = await setUp(t);
  for (const status of ['draft', 'all']) {
    const res = await get(`/claims?status=${status}`);
    t.equal(res.statusCode, 401, `status=${status} without a key`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.equal(res.headers['www-authenticate'], 'Bearer');
    t.equal(res.json().errors[0].param, 'status', 'the problem names status');
  }
  const revoked = await get('/events?status=draft', 'nonsense');
  t.equal(revoked.statusCode, 401);
  t.equal(revoked.json().errors[0].param, 'status');

  const bad = await get('/actors?status=drafts', keys.coder);
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().errors[0].param, 'status');
  t.equal((await get('/actors?status=published')).statusCode, 200, 'status=published stays public');

  const refused = await get('/claims?status=draft&q=airstrike', keys.coder);
  t.equal(refused.statusCode, 400, 'full text cannot match a draft');
  t.same(
    refused.json().errors.map((e: Json) => e.param),
    ['q'],
  );
  const refusedAll = await get('/figures?status=all&claimant=SOHR', keys.coder);
  t.equal(refusedAll.statusCode, 400);
  t.same(
    refusedAll.json().errors.map((e: Json) => e.param),
    ['claimant'],
  );
  const csv = await get('/events?status=draft&format=csv', keys.coder);
  t.equal(csv.statusCode, 400);
  t.same(
    csv.json().errors.map((e: Json) => e.param),
    ['format'],
  );
});

t.test('status=all: the published list, then the drafts, each once, across page boundaries', async (t) => {
  const { keys, get, post } = await setUp(t);
  const drafts = [(await post('/articles', keys.coder, article(1))).id, (await post('/articles', keys.coder, article(2))).id];
  const published = (await get('/articles?limit=500')).json().data.map((a: Json) => a.id) as number[];
  t.ok(published.length >= 3, 'the seed has articles to page through');

  // 2: the drafts start inside a page; published.length: the published records fill the page before them exactly.
  for (const limit of [2, published.length]) {
    const { items, metas } = await pageThrough((url) => get(url, keys.editor), `/articles?status=all&limit=${limit}`);
    t.same(
      items.map((a) => `${a.status ?? 'published'} ${a.id}`),
      [...published.map((id) => `published ${id}`), ...drafts.map((id) => `draft ${id}`)],
      `limit ${limit}: published in their order, then drafts, each once`,
    );
    t.ok(
      metas.every((m) => m.total === published.length + 2 && m.limit === limit),
      `limit ${limit}: every page counts both`,
    );
    t.equal(metas.length, Math.ceil((published.length + 2) / limit), `limit ${limit}: no empty page`);
  }

  const draftPages = await pageThrough((url) => get(url, keys.coder), '/articles?status=draft&limit=1');
  t.same(
    draftPages.items.map((a) => a.id),
    drafts,
    'status=draft pages by id',
  );
  const foreign = await get(`/claims?status=draft&cursor=${draftPages.metas[0]?.next_cursor}`, keys.coder);
  t.equal(foreign.statusCode, 400, "another list's drafts cursor is refused");
});

t.test('publishing moves a record from the drafts to the published list; a retracted draft is listed nowhere', async (t) => {
  const { app, keys, get, post } = await setUp(t);
  const brigade = (await post('/actors', keys.coder, { name: 'Draft Test Brigade', kind: 'armed_group' })).id;
  const other = (await post('/actors', keys.coder, { name: 'Retracted Test Brigade', kind: 'armed_group' })).id;
  const ids = async (url: string, key?: string) => (await get(url, key)).json().data.map((a: Json) => a.id) as number[];

  t.same(await ids('/actors?status=draft&kind=armed_group', keys.coder), [brigade, other], 'kind applies to drafts');
  t.same(await ids('/actors?status=draft&kind=person', keys.coder), [], 'and can exclude them');

  await post(`/actors/${brigade}/publish`, keys.editor);
  t.same(await ids('/actors?status=draft', keys.coder), [other], 'no longer a draft');
  t.ok((await ids('/actors?limit=500')).includes(brigade), 'in the public list');
  const all = (await ids('/actors?status=all&limit=500', keys.coder)).filter((id) => id === brigade);
  t.equal(all.length, 1, 'in status=all once');

  const retract = await app.inject({
    method: 'DELETE',
    url: `/actors/${other}?reason=duplicate`,
    headers: { authorization: `Bearer ${keys.coder}` },
  });
  t.equal(retract.statusCode, 200, retract.body);
  t.same(await ids('/actors?status=draft', keys.coder), [], 'a retracted draft is not a draft');
  t.notOk((await ids('/actors?status=all&limit=500', keys.coder)).includes(other), 'nor in status=all');
  t.equal((await get(`/actors/${other}`, keys.coder)).statusCode, 410, 'by id it says it was retracted');
});

t.test('filters that apply to drafts match their fields', async (t) => {
  const { keys, get, post } = await setUp(t);
  const articleId = (await post('/articles', keys.coder, article(1))).id;
  const claim = await post('/claims', keys.coder, {
    article_id: articleId,
    claimant_id: 1,
    quote: 'غارة جوية قتلت ثلاثة مدنيين',
    statement_en: 'An air strike killed three civilians',
    claim_type: 'casualty_report',
    certainty: 'asserted',
  });
  const ids = async (url: string) => (await get(url, keys.coder)).json().data.map((c: Json) => c.id) as number[];
  t.same(await ids(`/claims?status=draft&article=${articleId}`), [claim.id], 'a draft claim on a draft article, by the article id');
  t.same(await ids(`/claims?status=draft&article=1`), [], 'not on another article');
  t.same(await ids('/claims?status=draft&claim_type=casualty_report&certainty=asserted'), [claim.id]);
  t.same(await ids('/claims?status=draft&certainty=denied'), []);
  const all = await ids(`/claims?status=all&article=${articleId}`);
  t.same(all, [claim.id], 'status=all filters both parts the same way');

  const event = await post('/events', keys.coder, {
    date_start: '2019-03-01',
    date_end: '2019-03-02',
    date_precision: 'range',
    date_note: 'test',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Air/drone strike',
    location_id: 1,
    summary_en: 'An air strike',
    actors: [{ actor_id: 1, role: 'actor1' }],
  });
  const events = (query: string) => ids(`/events?status=draft&${query}`);
  t.same(await events('from=2019-03-02&to=2019-03-02&place=1&actor=1'), [event.id], 'dates overlap, its place and actor match');
  t.same(await events('from=2019-03-03'), [], 'it ends before');
  t.same(await events('to=2019-02-28'), [], 'it starts after');
  t.same(await events('sub_event_type=Armed%20clash'), []);
  const otherActor = (await get('/actors?limit=500')).json().data.find((a: Json) => a.id !== 1 && a.parent_id === null).id;
  t.same(await events(`actor=${otherActor}&actor_scope=exact`), [], 'another actor does not match');
});
