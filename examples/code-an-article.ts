/**
 * The write path end to end: a coder adds an article, codes a claim from a
 * quote, attaches it to a new event with a casualty figure; an editor
 * publishes them; the event is then in /events, /changes and its history.
 *
 *   npm run keys -- create --name coder1 --role coder     # last line: the coder's key
 *   npm run keys -- create --name editor1 --role editor   # last line: the editor's key
 *   CODER_KEY=... EDITOR_KEY=... npx tsx examples/code-an-article.ts [BASE_URL]
 */
const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
const coderKey = process.env.CODER_KEY;
const editorKey = process.env.EDITOR_KEY;
if (!coderKey || !editorKey) throw new Error('set CODER_KEY and EDITOR_KEY (npm run keys -- create ...)');

type Json = Record<string, any>;

async function call(method: string, path: string, key: string | null, body?: Json): Promise<Json> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const answer = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.detail} ${JSON.stringify(answer.errors ?? [])}`);
  return answer;
}

const text = 'أفاد المرصد السوري لحقوق الإنسان بمقتل خمسة مدنيين في قصف مدفعي على مدينة الميادين.';
const article = await call('POST', '/articles', coderKey, {
  file_name: `example-${Date.now()}.txt`,
  title: 'مقتل خمسة مدنيين في قصف على الميادين',
  text,
  language: 'ar',
  publisher: null,
  published_start: '2018-11-20',
  published_end: '2018-11-20',
  published_precision: 'day',
  published_note: 'example article written through the API',
});
console.log(`article ${article.id}: ${article.status}`);

// The claimant and the place, by name, from the published registry.
const sohr = (await call('GET', `/actors?q=${encodeURIComponent('Syrian Observatory')}`, null)).data[0];
const mayadin = (await call('GET', '/locations?q=Mayadin', null)).data[0];

const event = await call('POST', '/events', coderKey, {
  date_start: '2018-11-19',
  date_end: '2018-11-20',
  date_precision: 'range',
  date_note: 'the day before publication or the day itself',
  event_type: 'Explosions/Remote violence',
  sub_event_type: 'Shelling/artillery/missile attack',
  location_id: mayadin.id,
  summary_en: 'Artillery shelling on al-Mayadin kills five civilians (example)',
});
console.log(`event ${event.id}: ${event.status}`);

// The quote alone: the server finds its offsets in the article's NFC text.
const claim = await call('POST', '/claims', coderKey, {
  article_id: article.id,
  claimant_id: sohr.id,
  claimant_text: 'المرصد السوري لحقوق الإنسان',
  quote: 'بمقتل خمسة مدنيين في قصف مدفعي على مدينة الميادين',
  statement_en: 'Five civilians were killed in artillery shelling on the city of al-Mayadin',
  claim_type: 'casualty_report',
  certainty: 'asserted',
  event_ids: [event.id],
});
console.log(`claim ${claim.id}: quote at [${claim.record.quote_start}, ${claim.record.quote_end})`);

const report = await call('POST', '/casualty-reports', coderKey, {
  claim_id: claim.id,
  event_id: event.id,
  victim_group: 'civilians',
  outcome: 'killed',
  count_low: 5,
  count_high: 5,
  qualifier: 'exact',
});
console.log(`casualty report ${report.id}: ${report.status}`);

// The editor publishes, references first.
for (const path of [`/articles/${article.id}`, `/events/${event.id}`, `/claims/${claim.id}`, `/casualty-reports/${report.id}`]) {
  const published = await call('POST', `${path}/publish`, editorKey);
  console.log(`published ${path} (version ${published.version})`);
}

const shown = await call('GET', `/events/${event.id}`, null);
console.log(`GET /events/${event.id}: fatalities ${JSON.stringify(shown.fatalities)}, ${shown.claims.length} claim(s)`);
const listed = await call('GET', `/events?from=2018-11-19&to=2018-11-20&place=${mayadin.id}&limit=500`, null);
console.log(`in /events: ${listed.data.some((e: Json) => e.id === event.id)}`);
let cursor: string | null = null;
const changes: Json[] = [];
do {
  const page: Json = await call('GET', `/changes?limit=100${cursor ? `&since=${cursor}` : ''}`, null);
  changes.push(...page.data);
  cursor = page.meta.next_cursor;
} while (cursor);
console.log(
  `in /changes: ${changes
    .filter((c) => c.resource === 'events' && c.id === event.id)
    .map((c) => c.action)
    .join(', ')}`,
);
// With a key the history includes the versions from before publication.
const history = await call('GET', `/events/${event.id}/history`, editorKey);
console.log(`history: ${history.data.map((h: Json) => `v${h.version} ${h.action} by ${h.by}`).join('; ')}`);
