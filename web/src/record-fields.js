import {
  ACLED_TAXONOMY,
  ACTOR_KINDS,
  CERTAINTIES,
  CLAIM_TYPES,
  COORD_SOURCES,
  DATE_PRECISIONS,
  EVENT_TYPES,
  LANGUAGES,
  LOCATION_KINDS,
  OUTCOMES,
  QUALIFIERS,
} from '../../src/domain.ts';
import { actorRoles } from './actor-roles.js';
import { autocomplete } from './autocomplete.js';
import { field, h } from './dom.js';
import { eventPicker } from './event-picker.js';

const GEO_PRECISIONS = [
  [1, '1: the place itself'],
  [2, '2: near it or part of a larger area'],
  [3, '3: only the administrative area'],
];

const text = (name, label, more = {}) => ({ name, label, type: 'text', ...more });
const area = (name, label, more = {}) => ({ name, label, type: 'textarea', ...more });
const date = (name, label, more = {}) => ({ name, label, type: 'date', ...more });
const num = (name, label, more = {}) => ({ name, label, type: 'number', ...more });
const choice = (name, label, options, more = {}) => ({ name, label, type: 'enum', options, ...more });
const ref = (name, label, resource, more = {}) => ({ name, label, type: 'ref', resource, ...more });
const note = area('note', 'Note', { nullable: true });

function counts(what) {
  return [
    num('count_low', `${what} count (low)`, { nullable: true, min: 0 }),
    num('count_high', `${what} count (high)`, { nullable: true, min: 0 }),
    choice('qualifier', 'Qualifier', QUALIFIERS),
    text('vague_text', 'Words of a vague figure', { nullable: true }),
  ];
}

/**
 * The fields a person edits, per resource, in the write API's names and
 * shapes (src/schemas/writes.ts): `nullable` fields may be emptied; the others
 * are required, and emptying one lets the API refuse it by name. Aliases and
 * a few rarely coded references (publisher_actor_id, subset_of_id) are left to
 * the API.
 */
export const FIELDS = {
  articles: [
    text('title', 'Title'),
    text('file_name', 'File name'),
    choice('language', 'Language', LANGUAGES),
    text('publisher', 'Publisher', { nullable: true }),
    date('published_start', 'Published from'),
    date('published_end', 'Published to'),
    choice('published_precision', 'Date precision', DATE_PRECISIONS),
    text('published_note', 'Date note'),
    text('published_basis', 'Date basis', { nullable: true, hint: "starts with 'text: ', 'page: ' or 'inference: '" }),
    area('text', 'Text', { rows: 12, hint: 'Fixed once a claim cites the article' }),
  ],
  claims: [
    ref('claimant_id', 'Claimant', 'actors', { hint: 'Who says it (SOHR, SANA…): type and pick a name' }),
    text('claimant_text', 'Claimant in the text', { nullable: true }),
    area('quote', 'Quote', { rows: 3, hint: 'Changed words are found again in the article' }),
    area('statement_en', 'Statement (English)', { rows: 2 }),
    choice('claim_type', 'Claim type', CLAIM_TYPES),
    choice('certainty', 'Certainty', CERTAINTIES),
    { name: 'event_ids', label: 'Events this claim is about', type: 'events' },
    note,
  ],
  events: [
    choice('event_type', 'Event type', EVENT_TYPES),
    choice('sub_event_type', 'Sub-event type', Object.values(ACLED_TAXONOMY).flat()),
    ref('location_id', 'Place', 'locations', { hint: 'Type a name in English or Arabic and pick it' }),
    choice('geo_precision', 'Geo precision', GEO_PRECISIONS, { nullable: true, numeric: true }),
    date('date_start', 'Date from'),
    date('date_end', 'Date to'),
    choice('date_precision', 'Date precision', DATE_PRECISIONS),
    text('date_note', 'Date note', { placeholder: 'how the date was read' }),
    text('summary_en', 'Summary (English)'),
    text('summary_ar', 'Summary (Arabic)', { nullable: true, arabic: true }),
    { name: 'actors', label: 'Actors and their roles', type: 'actors' },
    note,
  ],
  'casualty-reports': [
    num('event_id', 'Event (id)', { min: 1 }),
    choice('outcome', 'Outcome', OUTCOMES),
    text('victim_group', 'Victim group', { nullable: true, placeholder: 'civilians' }),
    ref('victim_actor_id', 'Victim actor', 'actors', { nullable: true }),
    ...counts('Casualty'),
    note,
  ],
  figures: [
    text('what', 'What is counted'),
    text('unit', 'Unit'),
    ...counts('Figure'),
    choice('outcome', 'Outcome of the figure', OUTCOMES, { nullable: true }),
    text('victim_group', 'Group counted', { nullable: true }),
    ref('victim_actor_id', 'Actor counted', 'actors', { nullable: true }),
    ref('place_id', 'Place of the figure', 'locations', { nullable: true }),
    date('period_start', 'Period from', { nullable: true }),
    date('period_end', 'Period to', { nullable: true }),
    note,
  ],
  actors: [
    text('name', 'Name'),
    text('name_ar', 'Arabic name', { nullable: true, arabic: true }),
    choice('kind', 'Kind', ACTOR_KINDS),
    ref('parent_id', 'Parent actor', 'actors', { nullable: true }),
    note,
  ],
  locations: [
    text('name', 'Name'),
    text('name_ar', 'Arabic name', { nullable: true, arabic: true }),
    choice('kind', 'Kind', LOCATION_KINDS),
    ref('parent_id', 'Parent place', 'locations', { nullable: true }),
    num('lat', 'Latitude', { nullable: true, step: 'any' }),
    num('lon', 'Longitude', { nullable: true, step: 'any' }),
    choice('geo_precision', 'Geo precision', GEO_PRECISIONS, { nullable: true, numeric: true }),
    choice('coord_source', 'Source of the coordinates', COORD_SOURCES),
    num('geonames_id', 'GeoNames id', { nullable: true, min: 1 }),
    text('pcode', 'P-code', { nullable: true }),
    note,
  ],
};

function options(spec, value) {
  const list = spec.options.map((o) => (Array.isArray(o) ? o : [o, o.replaceAll('_', ' ')]));
  // A blank choice where the field may be empty, or where nothing is chosen yet (so the API, not a default, decides).
  if (spec.nullable || value === null || value === undefined) list.unshift(['', '—']);
  return list.map(([v, label]) => h('option', { value: String(v), selected: String(v) === String(value ?? '') }, label));
}

/** One control for `spec`, holding `value`; `read()` gives the value in the API's type (null when empty) or `{ invalid }`. */
function control(spec, value) {
  const attrs = { name: spec.name, placeholder: spec.placeholder, min: spec.min, step: spec.step };
  const typed = { dir: spec.arabic ? 'rtl' : 'auto', lang: spec.arabic ? 'ar' : null };
  switch (spec.type) {
    case 'enum': {
      const el = h('select', attrs, options(spec, value));
      return { el, read: () => (el.value === '' ? null : spec.numeric ? Number(el.value) : el.value) };
    }
    case 'ref': {
      const ac = autocomplete(spec.resource, { ...attrs, 'data-ref': '' });
      ac.preset(value);
      const read = () => {
        if (ac.input.value.trim() === '') return null;
        return ac.chosen()?.id ?? { invalid: 'pick one of the suggestions (or type #id)' };
      };
      return { el: ac.element, input: ac.input, read, ac };
    }
    case 'events': {
      const picker = eventPicker(value ?? []);
      return { el: picker.element, read: () => picker.ids(), picker, group: true };
    }
    case 'actors': {
      const roles = actorRoles(value);
      return { el: roles.element, read: () => roles.read(), roles, group: true };
    }
    case 'number': {
      const el = h('input', { ...attrs, type: 'number', value: value === null || value === undefined ? '' : String(value) });
      return { el, read: () => (el.value.trim() === '' ? null : Number(el.value)) };
    }
    default: {
      const tag = spec.type === 'textarea' ? 'textarea' : 'input';
      const el = h(tag, { ...attrs, ...typed, rows: spec.rows, type: spec.type === 'date' ? 'date' : null, value: value ?? '' });
      return { el, read: () => (el.value.trim() === '' ? null : el.value.trim()) };
    }
  }
}

/**
 * The fields `names` (all by default) of a `resource`, filled from `record`
 * (a record in the write API's shape). `read()` gives `{ body, invalid }`:
 * the values by field name, and the controls whose text names no record.
 */
export function recordFields(resource, record = {}, names = null) {
  const specs = FIELDS[resource].filter((s) => !names || names.includes(s.name));
  const controls = new Map();
  const elements = specs.map((spec) => {
    const c = control(spec, record[spec.name]);
    controls.set(spec.name, c);
    return c.group ? c.el : field(spec.label, c.el, spec.hint);
  });
  const type = controls.get('event_type')?.el;
  const sub = controls.get('sub_event_type')?.el;
  if (type && sub) {
    const narrow = () => {
      const keep = sub.value;
      const allowed = ACLED_TAXONOMY[type.value] ?? [];
      sub.replaceChildren(...allowed.map((s) => h('option', { value: s, selected: s === keep }, s)));
    };
    type.addEventListener('change', narrow);
    narrow();
  }
  const read = () => {
    const body = {};
    const invalid = [];
    for (const [name, c] of controls) {
      const value = c.read();
      if (c.roles) {
        invalid.push(...value.invalid);
        body[name] = value.rows;
      } else if (value && typeof value === 'object' && 'invalid' in value)
        invalid.push({ control: c.input ?? c.el, message: value.invalid });
      else body[name] = value;
    }
    return { body, invalid };
  };
  return { elements, controls, read };
}

/** The fields of `body` whose value differs from `before`, as a JSON merge patch (null removes a field). */
export function mergePatchOf(before, body) {
  const patch = {};
  for (const [name, value] of Object.entries(body)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(before[name] ?? null)) patch[name] = value;
  }
  return patch;
}

/** `body` without its empty fields, so that a POST lets the API's defaults apply and its rules name what is missing. */
export function withoutEmpty(body) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}
