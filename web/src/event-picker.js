import { get, query } from './api.js';
import { autocomplete } from './autocomplete.js';
import { field, h } from './dom.js';

const SHOWN = 20;

/** An event in one line and its summary under it; the Arabic place name isolated so it reads right to left inside English. */
function describe(e) {
  const summary = e.summary_en.length > 160 ? `${e.summary_en.slice(0, 160)}…` : e.summary_en;
  return [
    h('strong', null, `#${e.id} · ${e.date_start}`),
    ` · ${e.sub_event_type} · ${e.location?.name ?? 'no place'}`,
    e.location?.name_ar ? [' (', h('bdi', { lang: 'ar' }, e.location.name_ar), ')'] : null,
    h('br'),
    h('small', null, summary),
  ];
}

/**
 * Finds existing events to attach a claim to: by words (GET /events?q=), actor
 * and place (any name or alias, English or Arabic, as the explorer's filters
 * take them) and dates. The events found are checkboxes; the ones attached
 * stay at the top of the list through later searches. `ids()` gives the
 * attached events' ids, in the order they were attached.
 */
export function eventPicker(initial = []) {
  const attached = new Map();
  const words = h('input', { type: 'search', dir: 'auto' });
  const actor = autocomplete('actors');
  const place = autocomplete('locations');
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const find = h('button', { type: 'button' }, 'Find events');
  const status = h('p', { class: 'picker-status', role: 'status' });
  const results = h('ul', { class: 'picker-results' });
  const element = h(
    'fieldset',
    { class: 'event-picker', 'data-field': 'event_ids' },
    h('legend', null, 'Events this claim is about'),
    h(
      'div',
      { class: 'picker-search' },
      field('Words in the event', words),
      field('Event actor', actor.element),
      field('Event place', place.element),
      field('Events from', from),
      field('Events to', to),
      find,
    ),
    status,
    results,
  );

  const item = (id, label, checked) => {
    const box = h('input', { type: 'checkbox', value: String(id), checked, 'data-ref': '' });
    box.addEventListener('change', () => {
      if (box.checked) attached.set(id, label);
      else attached.delete(id);
      element.dispatchEvent(new Event('events-changed'));
    });
    return h('li', null, h('label', null, box, ' ', label));
  };

  let found = [];
  const draw = () => {
    const rows = [...attached].map(([id, label]) => item(id, label, true));
    for (const e of found) if (!attached.has(e.id)) rows.push(item(e.id, describe(e), false));
    results.replaceChildren(...rows);
  };

  let asked = 0;
  const search = async () => {
    const filters = {
      q: words.value.trim(),
      actor: actor.input.value.trim(),
      place: place.input.value.trim(),
      from: from.value,
      to: to.value,
    };
    if (!Object.values(filters).some(Boolean)) {
      status.textContent = 'Type words, an actor, a place or dates first.';
      return;
    }
    const mine = ++asked;
    status.textContent = 'Searching…';
    try {
      const answer = await get(`/events${query({ ...filters, limit: SHOWN })}`);
      if (mine !== asked) return;
      const total = answer.meta.total_exact ? answer.meta.total : `${answer.meta.total}+`;
      status.textContent =
        answer.data.length === 0
          ? 'No event matches.'
          : `${total} events match${answer.meta.total > SHOWN ? `; the first ${SHOWN} are listed` : ''}.`;
      found = answer.data;
      draw();
    } catch (error) {
      if (mine === asked) status.textContent = `The search failed: ${error.message}`;
    }
  };
  find.addEventListener('click', search);
  // Enter in a search box searches, rather than submitting the claim form around it.
  element.querySelector('.picker-search').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('input')) {
      e.preventDefault();
      search();
    }
  });

  // Attached at once by id, so that a save before the labels arrive keeps them; the labels follow.
  for (const id of initial) attached.set(id, `#${id}`);
  draw();
  const ready = Promise.all(
    initial.map(async (id) => {
      const e = await get(`/events/${id}`).catch(() => null);
      if (attached.has(id)) attached.set(id, e ? describe(e) : `#${id} (not public yet)`);
    }),
  ).then(draw);

  return { element, ready, ids: () => [...attached.keys()], attached: () => [...attached] };
}
