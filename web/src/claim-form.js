import { ACTOR_KINDS, EVENT_TYPES } from '../../src/domain.ts';
import { call } from './api.js';
import { field, h, select } from './dom.js';
import { eventPicker } from './event-picker.js';
import { figureRows } from './figure-rows.js';
import { clearErrors, markField, showErrors, values } from './forms.js';
import { recordFields, withoutEmpty } from './record-fields.js';

const CLAIM_FIELDS = ['claimant_id', 'claimant_text', 'statement_en', 'claim_type', 'certainty'];
const NEW_EVENT = { event_type: EVENT_TYPES[0], date_precision: 'day', actors: [{ role: 'actor1' }, { role: 'actor2' }] };
const CASUALTY_FIELDS = ['outcome', 'victim_group', 'count_low', 'count_high', 'qualifier', 'vague_text'];
const FIGURE_FIELDS = ['what', 'unit', 'count_low', 'count_high', 'qualifier', 'vague_text'];

function newClaimantFieldset() {
  return h(
    'fieldset',
    null,
    h('legend', null, 'New claimant (only if not found above)'),
    field('Name', h('input', { name: 'name' })),
    field('Arabic name', h('input', { name: 'name_ar', dir: 'rtl', lang: 'ar' })),
    field('Kind', select('kind', ACTOR_KINDS, 'media')),
  );
}

/**
 * Where the claim's events come from: none, existing ones found by search, or
 * a new one coded here. `events()` lists them for the casualty figures, as
 * `[value, label]` ('new' stands for the event not created yet).
 */
function eventSection() {
  const choice = select(
    'event_choice',
    [
      ['none', 'No event'],
      ['existing', 'Existing events (search)'],
      ['new', 'A new event'],
    ],
    'none',
    { 'data-ref': '', id: 'event-choice' },
  );
  const picker = eventPicker([]);
  const newEvent = recordFields('events', NEW_EVENT, null);
  const newEventFs = h('fieldset', { class: 'new-event' }, h('legend', null, 'New event'), newEvent.elements);
  const sync = () => {
    picker.element.hidden = choice.value !== 'existing';
    newEventFs.hidden = choice.value !== 'new';
  };
  choice.addEventListener('change', sync);
  sync();
  const element = h(
    'div',
    null,
    h('div', { class: 'field' }, h('label', { for: 'event-choice' }, 'Event'), choice),
    picker.element,
    newEventFs,
  );
  const events = () => {
    if (choice.value === 'new') return [['new', 'the new event']];
    if (choice.value === 'existing') return picker.attached().map(([id]) => [String(id), `event #${id}`]);
    return [];
  };
  return { element, choice, picker, newEvent, newEventFs, events };
}

/**
 * The claim form opened from a selection: the quote and its offsets come from
 * the selection and are sent as they are, so the API checks them against the
 * text. Saving creates, in order, a new claimant or event if asked for, the
 * claim, then each casualty figure and other figure; each refusal is shown in
 * the part of the form it concerns, and records already created are reused
 * (and their parts of the form disabled) when the coder corrects the rest and
 * saves again.
 */
export function claimForm(article, span, done) {
  const claim = recordFields('claims', { claim_type: 'event_report', certainty: 'asserted' }, CLAIM_FIELDS);
  const quote = field(
    'Quote',
    h('blockquote', { class: 'quote', lang: article.language, dir: 'auto' }, span.quote),
    `characters ${span.start}–${span.end}`,
  );
  quote.dataset.field = 'quote';
  const claimFs = h('fieldset', null, h('legend', null, 'Claim'), quote, claim.elements);
  const newClaimantFs = newClaimantFieldset();
  const events = eventSection();

  // Each casualty figure is on one of the claim's events: a choice shown when there is not exactly one.
  const eventSelects = new Set();
  const refreshEventSelects = () => {
    const options = events.events();
    for (const { select: sel, box } of eventSelects) {
      const keep = sel.value;
      sel.replaceChildren(
        ...(options.length ? options : [['', '— attach an event above —']]).map(([v, label]) =>
          h('option', { value: v, selected: v === keep }, label),
        ),
      );
      box.hidden = options.length === 1;
    }
  };
  const casualties = figureRows('casualty-reports', {
    legend: 'Casualty figure',
    names: CASUALTY_FIELDS,
    initial: { qualifier: 'exact' },
    addLabel: 'Add another casualty figure',
    extra: (row) => {
      const sel = h('select', { name: 'event_id', 'data-ref': '' });
      const box = field('Event of this figure', sel);
      row.eventSelect = sel;
      eventSelects.add({ select: sel, box });
      refreshEventSelects();
      return box;
    },
  });
  events.choice.addEventListener('change', refreshEventSelects);
  events.picker.element.addEventListener('events-changed', refreshEventSelects);
  const figures = figureRows('figures', {
    legend: 'Other figure',
    names: FIGURE_FIELDS,
    initial: { qualifier: 'exact' },
    addLabel: 'Add another figure',
  });

  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'claim-form' },
    h('h2', null, 'New claim'),
    claimFs,
    newClaimantFs,
    events.element,
    h('h3', null, 'Casualty figures (optional, each on one of the claim’s events)'),
    casualties.element,
    h('h3', null, 'Other figures (optional: tolls over a period, force sizes, people or things counted)'),
    figures.element,
    h('button', { type: 'submit' }, 'Save draft'),
    status,
  );
  const made = {};
  // A record created by an earlier save is reused by the next; its part of the form is locked so no edit there is lost unseen.
  const lock = (fs, record) => {
    fs.disabled = true;
    fs.querySelector('legend').append(` (saved as #${record.id})`);
  };

  async function create(resource, body, scope) {
    try {
      return (await call(`/${resource}`, { method: 'POST', body })).data;
    } catch (error) {
      showErrors(scope, error, status);
      throw error;
    }
  }

  /** What the form holds, or null after marking the controls whose text names no record. */
  function read() {
    const parts = [claim.read(), events.choice.value === 'new' ? events.newEvent.read() : { invalid: [] }];
    const rows = [...casualties.rows, ...figures.rows].filter((r) => !r.made).map((r) => ({ row: r, ...r.fields.read() }));
    const invalid = [...parts, ...rows].flatMap((p) => p.invalid);
    for (const { control, message } of invalid) markField(control, message);
    return invalid.length ? null : { claim: parts[0].body, event: parts[1].body, rows };
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.replaceChildren();
    const input = read();
    if (!input) return;
    try {
      let claimantId = input.claim.claimant_id;
      const newClaimant = values(newClaimantFs);
      if (!claimantId && newClaimant.name) {
        made.actor ??= await create('actors', newClaimant, newClaimantFs);
        claimantId = made.actor.id;
        lock(newClaimantFs, made.actor);
      }
      if (events.choice.value === 'new' && !made.event) {
        made.event = await create('events', withoutEmpty(input.event), events.newEventFs);
        events.choice.disabled = true;
        lock(events.newEventFs, made.event);
      }
      const eventIds = events.choice.value === 'new' ? [made.event.id] : events.choice.value === 'existing' ? events.picker.ids() : [];
      const claimBody = { ...withoutEmpty(input.claim), article_id: article.id, claimant_id: claimantId, event_ids: eventIds };
      Object.assign(claimBody, { quote: span.quote, quote_start: span.start, quote_end: span.end });
      if (!made.claim) {
        made.claim = await create('claims', claimBody, form);
        for (const part of [claimFs, newClaimantFs, events.choice, events.picker.element, events.newEventFs]) part.disabled = true;
      }
      let failed = 0;
      for (const { row, body } of input.rows) {
        const isCasualty = casualties.rows.includes(row);
        if (isCasualty ? !body.outcome : !body.what) continue;
        const extra = { claim_id: made.claim.id };
        if (isCasualty) {
          const chosen = row.eventSelect.value;
          extra.event_id = chosen === 'new' ? made.event.id : Number(chosen) || (eventIds.length === 1 ? eventIds[0] : null);
        }
        try {
          const record = await create(isCasualty ? 'casualty-reports' : 'figures', { ...withoutEmpty(body), ...extra }, row.fs);
          (isCasualty ? casualties : figures).saved(row, record);
        } catch {
          failed++;
        }
      }
      if (failed) return;
      status.replaceChildren(
        h(
          'p',
          { class: 'saved', role: 'status' },
          `Saved claim ${made.claim.id} as a draft. `,
          h('a', { href: `#/history/claims/${made.claim.id}` }, 'Its history'),
          ' · ',
          h('a', { href: `#/edit/claims/${made.claim.id}` }, 'edit it'),
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
