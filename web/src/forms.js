import { ApiError } from './api.js';
import { h } from './dom.js';

let nextError = 0;

function describedBy(el, add, remove) {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== remove);
  if (add) ids.push(add);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/** Removes the messages a previous refusal left in `form`. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) {
    for (const described of form.querySelectorAll(`[aria-describedby~="${el.id}"]`)) describedBy(described, null, el.id);
    el.remove();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * The control or group a problem's `param` names inside `scope`: the longest
 * leading part of the dotted path that names one (`actors.1.actor_id` finds
 * the row `data-field="actors.1"`, else the group `actors`), with what is left
 * of the path. Groups of controls, such as the rows of a list, carry `data-field`.
 */
function controlFor(scope, param) {
  const parts = String(param ?? '')
    .replace(/^body\.?/, '')
    .split('.')
    .filter(Boolean);
  for (let n = parts.length; n > 0; n--) {
    const name = CSS.escape(parts.slice(0, n).join('.'));
    const control = scope.querySelector(`[data-field="${name}"], [name="${name}"]`);
    if (control) return { control, rest: parts.slice(n).join('.') };
  }
  return null;
}

/** Puts `message` beside `control` (inside its `.field`, or inside a group) and links it for screen readers. */
export function markField(control, message) {
  const id = `err${++nextError}`;
  if (control.matches('input, select, textarea')) control.setAttribute('aria-invalid', 'true');
  describedBy(control, id);
  const place = control.matches('[data-field]') ? control : (control.closest('.field') ?? control.parentElement);
  place.append(h('p', { class: 'field-error', id, role: 'alert', dir: 'auto' }, message));
}

/**
 * Shows a refusal of the API where it belongs: each `errors[].param` next to
 * the control of that name inside `scope` (a fieldset for one resource), and
 * anything that names no field there next to the form's save button (`fallback`).
 */
export function showErrors(scope, error, fallback) {
  const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  let placed = 0;
  for (const p of problems) {
    const found = controlFor(scope, p.param);
    if (!found) continue;
    markField(found.control, found.rest ? `${found.rest}: ${p.message}` : p.message);
    placed++;
  }
  if (placed === 0 || placed < problems.length) {
    const status = error instanceof ApiError ? `${error.status}: ` : '';
    const extra =
      error instanceof ApiError && error.status === 412 ? ' Someone else changed this record; reload it to see their version.' : '';
    (fallback ?? scope).append(h('p', { class: 'field-error', role: 'alert' }, `${status}${error.message}${extra}`));
  }
}

/** The named controls of `scope` as an object, except autocompletes (`data-ref`, whose ids the caller adds); empty ones are left out so the API's defaults apply. */
export function values(scope) {
  const out = {};
  for (const el of scope.querySelectorAll('[name]:not([data-ref])')) {
    const v = el.value.trim();
    if (v === '') continue;
    out[el.name] = el.type === 'number' ? Number(v) : v;
  }
  return out;
}
