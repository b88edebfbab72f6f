import {
  ACLED_TAXONOMY,
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CLAIM_TYPES,
  DATE_PRECISIONS,
  EVENT_TYPES,
  OUTCOMES,
  QUALIFIERS,
} from '../../src/domain.ts';
import { call } from './api.js';
import { autocomplete } from './autocomplete.js';
import { field, h, select } from './dom.js';
import { clearErrors, showErrors, values } from './forms.js';

function subTypes(eventType) {
  return ACLED_TAXONOMY[eventType] ?? [];
}

function eventFieldset() {
  const place = autocomplete('locations', { name: 'location_id', 'data-ref': '' });
  const type = select('event_type', EVENT_TYPES, EVENT_TYPES[0]);
  const sub = select('sub_event_type', subTypes(EVENT_TYPES[0]));
  type.addEventListener('change', () => sub.replaceChildren(...subTypes(type.value).map((s) => h('option', { value: s }, s))));
  const actors = ACTOR_ROLES.slice(0, 2).map((role) => ({ role, ac: autocomplete('actors', { name: 'actors', 'data-ref': '' }) }));
  const fs = h(
    'fieldset',
    { class: 'new-event', hidden: true },
    h('legend', null, 'New event'),
    field('Event type', type),
    field('Sub-event type', sub),
    field('Place', place.element, 'Type a name in English or Arabic and pick it'),
    field('Date from', h('input', { type: 'date', name: 'date_start' })),
    field('Date to', h('input', { type: 'date', name: 'date_end' })),
    field('Date precision', select('date_precision', DATE_PRECISIONS, 'day')),
    field('Date note', h('input', { name: 'date_note', placeholder: 'how the date was read' })),
    field('Summary (English)', h('input', { name: 'summary_en' })),
    actors.map(({ role, ac }) => field(`Actor (${role})`, ac.element)),
  );
  fs.body = () => ({
    ...values(fs),
    location_id: place.chosen()?.id,
    actors: actors.filter(({ ac }) => ac.chosen()).map(({ role, ac }) => ({ actor_id: ac.chosen().id, role })),
  });
  return fs;
}

function countFields(prefix) {
  return [
    field(`${prefix} count (low)`, h('input', { type: 'number', min: 0, name: 'count_low' })),
    field(`${prefix} count (high)`, h('input', { type: 'number', min: 0, name: 'count_high' })),
    field('Qualifier', select('qualifier', QUALIFIERS, 'exact')),
    field('Words of a vague figure', h('input', { name: 'vague_text', dir: 'auto' })),
  ];
}

/**
 * The claim form opened from a selection: the quote and its offsets come from
 * the selection and are sent as they are, so the API checks them against the
 * text. Saving creates, in order, a new claimant or event if asked for, the
 * claim, then its casualty figure and other figure; each refusal is shown in
 * the part of the form it concerns, and records already created are reused
 * when the coder corrects the rest and saves again.
 */
export function claimForm(article, span, done) {
  const claimant = autocomplete('actors', { name: 'claimant_id', 'data-ref': '', required: true });
  const claimFs = h(
    'fieldset',
    null,
    h('legend', null, 'Claim'),
    field(
      'Quote',
      h('blockquote', { class: 'quote', lang: article.language, dir: 'auto' }, span.quote),
      `characters ${span.start}–${span.end}`,
    ),
    h('input', { type: 'hidden', name: 'quote', value: span.quote }),
    h('input', { type: 'hidden', name: 'quote_start', value: String(span.start) }),
    h('input', { type: 'hidden', name: 'quote_end', value: String(span.end) }),
    field('Claimant', claimant.element, 'Who says it (SOHR, SANA…); or fill in a new claimant below'),
    field('Claimant in the text', h('input', { name: 'claimant_text', dir: 'auto' })),
    field('Statement (English)', h('textarea', { name: 'statement_en', rows: 2 })),
    field('Claim type', select('claim_type', CLAIM_TYPES, 'event_report')),
    field('Certainty', select('certainty', CERTAINTIES, 'asserted')),
  );
  const newClaimantFs = h(
    'fieldset',
    null,
    h('legend', null, 'New claimant (only if not found above)'),
    field('Name', h('input', { name: 'name' })),
    field('Arabic name', h('input', { name: 'name_ar', dir: 'rtl', lang: 'ar' })),
    field('Kind', select('kind', ACTOR_KINDS, 'media')),
  );
  const eventChoice = select(
    'event_choice',
    [
      ['none', 'No event'],
      ['existing', 'An existing event'],
      ['new', 'A new event'],
    ],
    'none',
    { 'data-ref': '' },
  );
  const existing = h('input', { type: 'number', min: 1, name: 'event_ids', 'data-ref': '', hidden: true, 'aria-label': 'Event id' });
  const newEventFs = eventFieldset();
  eventChoice.addEventListener('change', () => {
    existing.hidden = eventChoice.value !== 'existing';
    newEventFs.hidden = eventChoice.value !== 'new';
  });
  const casualtyFs = h(
    'fieldset',
    null,
    h('legend', null, 'Casualty figure (optional, needs an event)'),
    field('Outcome', select('outcome', [['', '—'], ...OUTCOMES], '')),
    field('Victim group', h('input', { name: 'victim_group', placeholder: 'civilians' })),
    countFields('Casualty'),
  );
  const figureFs = h(
    'fieldset',
    null,
    h('legend', null, 'Other figure (optional)'),
    field('What is counted', h('input', { name: 'what' })),
    field('Unit', h('input', { name: 'unit' })),
    countFields('Figure'),
  );
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'claim-form' },
    h('h2', null, 'New claim'),
    claimFs,
    newClaimantFs,
    h('div', { class: 'field' }, h('label', { for: 'event-choice' }, 'Event'), eventChoice, existing),
    newEventFs,
    casualtyFs,
    figureFs,
    h('button', { type: 'submit' }, 'Save draft'),
    status,
  );
  eventChoice.id = 'event-choice';
  const made = {};

  async function create(resource, body, scope) {
    try {
      return (await call(`/${resource}`, { method: 'POST', body })).data;
    } catch (error) {
      showErrors(scope, error, status);
      throw error;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.replaceChildren();
    try {
      let claimantId = claimant.chosen()?.id;
      const newClaimant = values(newClaimantFs);
      if (!claimantId && newClaimant.name) {
        made.actor ??= await create('actors', newClaimant, newClaimantFs);
        claimantId = made.actor.id;
      }
      let eventId = null;
      if (eventChoice.value === 'existing') eventId = Number(existing.value) || null;
      if (eventChoice.value === 'new') {
        made.event ??= await create('events', newEventFs.body(), newEventFs);
        eventId = made.event.id;
      }
      const claimBody = { ...values(claimFs), article_id: article.id, claimant_id: claimantId, event_ids: eventId ? [eventId] : [] };
      Object.assign(claimBody, { quote: span.quote, quote_start: span.start, quote_end: span.end });
      made.claim ??= await create('claims', claimBody, form);
      const casualty = values(casualtyFs);
      if (casualty.outcome && !made.casualty) {
        made.casualty = await create('casualty-reports', { ...casualty, claim_id: made.claim.id, event_id: eventId }, casualtyFs);
      }
      const figure = values(figureFs);
      if (figure.what && !made.figure) made.figure = await create('figures', { ...figure, claim_id: made.claim.id }, figureFs);
      status.replaceChildren(
        h(
          'p',
          { class: 'saved', role: 'status' },
          `Saved claim ${made.claim.id} as a draft. `,
          h('a', { href: `#/history/claims/${made.claim.id}` }, 'Its history'),
        ),
      );
      // Redraw the article with the new claim, unless the coder has already moved on.
      setTimeout(() => form.isConnected && done(), 1500);
    } catch {
      // Each refusal is already shown beside its field.
    }
  });
  return form;
}
