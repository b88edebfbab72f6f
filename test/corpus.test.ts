import t from 'tap';
import { loadCorpus } from '../src/seed/corpus.js';
import { uncoveredSentences } from '../src/seed/coverage.js';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

/** The only text no claim covers: share buttons, section labels, datelines, a repeated caption, source lines and teaser leads repeated in full below them. */
const NON_ASSERTIVE: Record<string, string[]> = {
  '000_7f45270be84a0b48.txt': [],
  '001_508c05d08afd5064.txt': [
    'أعلن مسؤولان في التحالف الدولي أن المعركة الحاسمة ضد تنظيم داعش ستكون على الحدود السورية العراقية، فيما تستمر المعارك ضد التنظيم في دير الزور والرقة، حيث سجل سقوط المزيد...',
    'أقسام',
    'أخبار',
    'أخبار متعلقة',
  ],
  '002_0cdae21df2de8709.txt': [
    'قالت مصادر ميدانية في دير الزور إن مقاتلة روسية استهدفت موقعا يتواجد فيه عناصر تابعون لقوات سوريا الديمقراطية في المنطقة الصناعية بمدينة دير الزور بأكثر من سبعة صواريخ، فيما...',
    'أقسام',
    'من سوريا',
    'أخبار متعلقة',
  ],
  // The caption's repetition (its first occurrence is coded); the article has a no-break space after الدولة.
  '003_00414c50b9a2267c.txt': ['الرقة', 'عناصر من تنظيم الدولة\u00a0في دير الزور (ناشطون)', 'المصدر : الجزيرة + وكالات'],
  '004_fab60625c78cfc38.txt': ['Facebook', 'Twitter', 'WhatsApp', 'Telegram', 'SY24 -خاص'],
};

t.test('coverage: only non-assertive text is left uncoded', async (t) => {
  const corpus = await loadCorpus();
  for (const article of corpus.articles) {
    const left = uncoveredSentences(article).map((s) => s.text);
    t.same(left, NON_ASSERTIVE[article.seed.file_name], `${article.seed.file_name}: uncovered sentences`);
  }
});

t.test('facts a reader would check, article by article', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string) => (await app.inject({ url })).json() as Json;
  const figures = async (query: string) => (await get(`/casualty-reports?limit=500&${query}`)).data as Json[];
  const claimOf = async (id: number) => get(`/claims/${id}`);

  t.test('000: McGurk on Raqqa, dated by his Friday briefing', async (t) => {
    const mcgurk = (await get('/actors?q=Brett McGurk')).data[0];
    t.ok(mcgurk, 'McGurk is an actor');
    const detail = await get(`/actors/${mcgurk.id}`);
    t.ok(
      detail.aliases.some((a: Json) => a.alias === 'بريت ماكجورك'),
      'with his Arabic name as written',
    );
    t.equal(detail.parent.name, 'Global Coalition against ISIS', 'speaking for the coalition');
    const claims = (await get(`/claims?claimant=${mcgurk.id}&limit=100`)).data as Json[];
    t.ok(
      claims.some((c) => c.quote.includes('50 %') && /50\s?%/.test(c.statement_en)),
      'his 50 % of Raqqa claim, quoted',
    );
    const article = (await get('/articles')).data.find((a: Json) => a.file_name.startsWith('000_'));
    t.equal(article.publisher, 'Al-Ain News', 'the publisher, from its own page for the article');
    t.match(article.published_basis, /^page: https:\/\/al-ain\.com\//, 'and the basis says so');
    t.ok(article.published_start <= '2017-08-04' && article.published_end >= '2017-08-04', 'published around 4 August 2017');
    t.match(article.published_note, /McGurk|briefing|Friday/i, 'the note says what the date rests on');
  });

  t.test('001: SOHR counts at least 14 dead at Mahkan, at least 7 of them children and women', async (t) => {
    const rows = await figures('claimant=SOHR&outcome=killed');
    const total = rows.find((r) => r.count_low === 14) as Json;
    t.ok(total, 'at least 14 killed');
    t.equal(total.qualifier, 'at_least');
    t.equal(total.count_high, null, 'no invented upper bound');
    t.equal(total.location.name, 'Mahkan');
    const subset = rows.find((r) => r.subset_of_id === total.id) as Json;
    t.ok(subset, 'the children and women are a subset of the 14');
    t.equal(subset.count_low, 7);
    t.match((await claimOf(total.claim_id)).quote, /14 شخصا على الأقل/, 'the quote carries the figure');
  });

  t.test('002: a car bomb at Saalo, at least 11 killed or injured', async (t) => {
    const rows = await figures('place=Saalo&outcome=killed_or_injured');
    t.equal(rows.length, 1);
    t.equal(rows[0].count_low, 11);
    t.equal(rows[0].qualifier, 'at_least');
    const sdf = (await get('/actors?q=قوات سوريا الديموقراطية')).data[0];
    t.equal(sdf.name, 'Syrian Democratic Forces', "the article's second spelling of the SDF finds the SDF");
    const silo = (await get('/actors?q=Talal Silo')).data[0];
    t.equal((await get(`/actors/${silo.id}`)).parent.name, 'Syrian Democratic Forces', 'Talal Silo speaks for the SDF');
  });

  t.test('003: two accounts of the Beit al-Azm fighting stay side by side on one event', async (t) => {
    const events = (await get('/events?place=Beit al-Azm')).data as Json[];
    t.equal(events.length, 1, 'one event');
    const event = await get(`/events/${events[0].id}`);
    const claimants = new Set(event.claims.map((c: Json) => c.claimant.name));
    t.ok(claimants.has('Islamic State') && claimants.has('SANA'), 'ISIS and SANA both claim it');
    t.equal(event.credibility.grade, 'contested');
    // The tolls of "the battles of Deir ez-Zor" are not this engagement's: figures of their claims.
    t.notOk(
      event.casualty_reports.some((r: Json) => r.qualifier === 'more_than' || r.vague_text?.includes('عشرات')),
      'no general toll on the engagement',
    );
    const tolls = (await get('/figures?article=003')).data as Json[];
    t.equal(tolls.find((f) => f.qualifier === 'more_than')?.count_low, 30, "Al Jazeera's sources: more than thirty ISIS dead");
    const dozens = tolls.find((f) => f.vague_text?.includes('عشرات')) as Json;
    t.ok(dozens, '"dozens" of government dead kept as words');
    t.equal(dozens.count_low, null);
    const balou = await figures('actor=Faisal al-Balou');
    t.equal(balou[0]?.claimant.name, 'Shaam News Network', 'Faisal al-Balou killed, per Shaam News Network');
  });

  t.test('004: 30 killed at Rasafa by gunmen only believed to be ISIS', async (t) => {
    const rows = await figures('place=Rasafa&outcome=killed');
    const thirty = rows.find((r) => r.count_low === 30) as Json;
    t.ok(thirty, '30 killed');
    t.equal(thirty.qualifier, 'exact');
    const event = await get(`/events/${thirty.event_id}`);
    const attribution = event.claims.find((c: Json) => c.quote.includes('يُعتقد أنهم تابعون لتنظيم داعش'));
    t.ok(attribution, 'the event keeps the words "believed to belong to ISIS"');
    t.equal(attribution.certainty, 'suspected', 'and codes that claim as suspected');
    t.ok(
      event.claims.some((c: Json) => c.claimant.name !== attribution.claimant.name || c.certainty === 'asserted'),
      'beside the claims that state it outright',
    );
    const article = (await get('/articles')).data.find((a: Json) => a.file_name.startsWith('004_'));
    t.equal(article.publisher, 'SY24');
  });
});
