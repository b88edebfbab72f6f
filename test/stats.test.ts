import { parse } from 'csv-parse/sync';
import t from 'tap';
import { seededApp } from './helpers.js';

type Json = Record<string, any>;

/** GET /events/stats against the same numbers computed here, independently, from every page of GET /events. */
t.test('GET /events/stats', async (t) => {
  const app = await seededApp(t);
  const get = async (url: string) => app.inject({ method: 'GET', url });
  const all = async (query: string): Promise<Json[]> => {
    const out: Json[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/events?limit=500${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`);
      const body = res.json();
      out.push(...body.data);
      cursor = body.meta.next_cursor;
    } while (cursor);
    return out;
  };
  const admin1Of = new Map<number, number | null>();
  const admin1 = async (event: Json) => {
    if (!admin1Of.has(event.id)) {
      const path = (await get(`/events/${event.id}`)).json().path as Json[];
      admin1Of.set(event.id, path.find((p) => p.kind === 'governorate')?.id ?? null);
    }
    return admin1Of.get(event.id) ?? null;
  };
  const keysOf: Record<string, (event: Json) => Promise<(string | number | null)[]>> = {
    month: async (ev) => [ev.date_start.slice(0, 7)],
    year: async (ev) => [ev.date_start.slice(0, 4)],
    event_type: async (ev) => [ev.event_type],
    actor: async (ev) => [...new Set(ev.actors.map((a: Json) => a.id))] as number[],
    admin1: async (ev) => [await admin1(ev)],
  };
  /** The expected groups: events counted per key, fatality ranges summed (an open upper bound makes the sum open). */
  const expected = async (events: Json[], group: string) => {
    const groups = new Map<string | number | null, { events: number; fatalities_low: number; fatalities_high: number | null }>();
    for (const ev of events) {
      for (const key of await (keysOf[group] as (e: Json) => Promise<(string | number | null)[]>)(ev)) {
        const g = groups.get(key) ?? { events: 0, fatalities_low: 0, fatalities_high: 0 };
        g.events += 1;
        g.fatalities_low += ev.fatalities?.low ?? 0;
        const high = ev.fatalities === null ? 0 : ev.fatalities.high;
        g.fatalities_high = g.fatalities_high === null || high === null ? null : g.fatalities_high + high;
        groups.set(key, g);
      }
    }
    return groups;
  };
  const queries = [
    '',
    'actor=ISIS',
    'place=Deir%20ez-Zor',
    'actor=ISIS&place=Deir%20ez-Zor',
    'from=2017-01-01&to=2017-12-31',
    'q=%D8%A7%D9%84%D8%B1%D9%82%D8%A9',
    'event_type=Battles',
    'claimant=SANA&actor_role=actor1',
  ];
  let compared = 0;
  for (const query of queries) {
    const events = await all(query);
    for (const group of Object.keys(keysOf)) {
      const res = await get(`/events/stats?group_by=${group}${query ? `&${query}` : ''}`);
      t.equal(res.statusCode, 200, `${group} ${query}`);
      const body = res.json();
      t.equal(body.meta.events, events.length, `meta.events is the number of matching events (${group} ${query})`);
      const want = await expected(events, group);
      t.same(
        new Map(
          body.data.map((r: Json) => [r.key, { events: r.events, fatalities_low: r.fatalities_low, fatalities_high: r.fatalities_high }]),
        ),
        want,
        `group_by=${group} ${query}: every group equals the count from the pages`,
      );
      for (const r of body.data) t.ok(typeof r.label === 'string' && r.label.length > 0, 'each group has a label');
      compared += body.data.length;
    }
  }
  t.ok(compared > 50, `${compared} groups compared`);

  t.test('months and years come in order, the other groups most events first', async (t) => {
    const months = (await get('/events/stats?group_by=month')).json().data.map((r: Json) => r.key);
    t.same(months, [...months].sort());
    t.match((await get('/events/stats?group_by=month')).json().data[0].label, /^[A-Z][a-z]+ \d{4}$/);
    const types = (await get('/events/stats?group_by=event_type')).json().data.map((r: Json) => r.events);
    t.same(
      types,
      [...types].sort((a: number, b: number) => b - a),
    );
  });

  t.test('CSV has one record per group', async (t) => {
    const json = (await get('/events/stats?group_by=year&actor=ISIS')).json();
    const res = await get('/events/stats?group_by=year&actor=ISIS&format=csv');
    t.match(res.headers['content-type'], /^text\/csv/);
    const rows = parse(res.body, { columns: true }) as Json[];
    t.same(
      rows.map((r) => [r.key, Number(r.events), Number(r.fatalities_low)]),
      json.data.map((r: Json) => [r.key, r.events, r.fatalities_low]),
    );
    t.same(Object.keys(rows[0] ?? {}), ['key', 'label', 'events', 'fatalities_low', 'fatalities_high']);
  });

  t.test('bad parameters are 400s naming them; unknown names are reported', async (t) => {
    for (const [url, param] of [
      ['/events/stats', 'group_by'],
      ['/events/stats?group_by=week', 'group_by'],
      ['/events/stats?group_by=year&from=2018-01-01&to=2017-01-01', 'to'],
      ['/events/stats?group_by=year&limit=5', 'limit'],
    ] as const) {
      const res = await get(url);
      t.equal(res.statusCode, 400, url);
      t.match(res.headers['content-type'], /problem\+json/);
      t.ok(
        res.json().errors.some((e: Json) => e.param === param),
        `${url} names ${param}`,
      );
    }
    const none = (await get('/events/stats?group_by=year&actor=Nobody%20At%20All')).json();
    t.same(none.data, []);
    t.same(none.meta.unmatched, { actor: ['Nobody At All'] });
  });
});
