import { EVENT_TYPES } from '../../src/domain.ts';
import { get, query } from './api.js';
import { autocomplete } from './autocomplete.js';
import { field, fmtFatalities, h, select, show, text } from './dom.js';
import { eventMap } from './map.js';
import { timeline } from './timeline.js';

/** The filters of GET /events that the explorer offers, in the order of the form. */
const FILTERS = ['actor', 'place', 'from', 'to', 'event_type', 'claimant', 'q'];
/** The map and list show one page of at most this many events (the API's own maximum) and say how many more match. */
const PAGE = 500;

export async function explorerPage(params) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']));
  const cursor = params.get('cursor') ?? '';

  const actor = autocomplete('actors', { name: 'actor', value: filters.actor, placeholder: 'ISIS, داعش…' });
  const place = autocomplete('locations', { name: 'place', value: filters.place, placeholder: 'Deir ez-Zor, دير الزور…' });
  const claimant = autocomplete('actors', { name: 'claimant', value: filters.claimant, placeholder: 'SOHR, SANA…' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter events' },
    field('Actor', actor.element),
    field('Place', place.element),
    field('From', h('input', { type: 'date', name: 'from', value: filters.from })),
    field('To', h('input', { type: 'date', name: 'to', value: filters.to })),
    field('Event type', select('event_type', [['', 'Any'], ...EVENT_TYPES], filters.event_type)),
    field('Claimant', claimant.element),
    field('Text', h('input', { type: 'search', name: 'q', value: filters.q, dir: 'auto' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show events'), h('a', { href: '#/' }, 'Clear')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    location.hash = `#/${query(Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()])))}`;
  });

  const mapBox = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'Map of the matching events' });
  const chartBox = h('figure', { class: 'timeline' });
  const summary = h('p', { class: 'summary', 'aria-live': 'polite' }, 'Loading events…');
  const listBox = h('div', { class: 'event-list' });
  show(
    'Explorer',
    h('h1', { class: 'visually-hidden' }, 'Events explorer'),
    form,
    summary,
    h('div', { class: 'explorer' }, mapBox, h('div', null, chartBox, listBox)),
  );

  const [events, stats] = await Promise.all([
    get(`/events${query({ ...filters, limit: PAGE, cursor })}`),
    get(`/events/stats${query({ ...filters, group_by: 'month' })}`),
  ]);
  const total = events.meta.total;
  const more = Math.max(0, total - events.data.length);
  const unmatched = Object.entries(events.meta.matched ?? {})
    .flatMap(([k, names]) =>
      Object.entries(names)
        .filter(([, hits]) => hits.length === 0)
        .map(([n]) => `${k} “${n}”`),
    )
    .join(', ');
  summary.replaceChildren(
    `${total}${events.meta.total_exact ? '' : '+'} events match; `,
    more > 0 ? `the map and list show ${events.data.length}, ${more}${events.meta.total_exact ? '' : '+'} more match.` : 'all are shown.',
    unmatched ? ` Nothing is called ${unmatched}.` : '',
  );
  eventMap(mapBox, events.data);
  timeline(chartBox, stats.data);
  listBox.replaceChildren(eventTable(events.data));
  performance.mark('explorer-drawn');
  if (events.meta.next_cursor) {
    const next = query({ ...filters, cursor: events.meta.next_cursor });
    listBox.append(h('p', null, h('a', { href: `#/${next}` }, `Next ${PAGE} events`)));
  }
}

function eventTable(events) {
  return h(
    'table',
    { class: 'events' },
    h('caption', { class: 'visually-hidden' }, 'Matching events'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Date', 'Type', 'Place', 'Actors', 'Fatalities', 'Claims'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      events.map((e) =>
        h(
          'tr',
          { 'data-event-id': e.id },
          h(
            'td',
            null,
            h('a', { href: `#/event/${e.id}` }, e.date_start === e.date_end ? e.date_start : `${e.date_start} – ${e.date_end}`),
          ),
          h('td', null, e.sub_event_type),
          h('td', null, e.location?.name ?? '–', ' ', text(e.location?.name_ar, 'ar')),
          h('td', null, e.actors.map((a) => a.name).join(', ')),
          h('td', { class: 'num' }, fmtFatalities(e.fatalities)),
          h('td', { class: 'num' }, e.claim_count),
        ),
      ),
    ),
  );
}
