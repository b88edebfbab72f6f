import { ApiError } from './api.js';
import { h } from './dom.js';

/** Removes the messages a previous refusal left in `form`. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
}

let nextError = 0;

/**
 * Shows a refusal of the API where it belongs: each `errors[].param` next to
 * the control of that name inside `scope` (a fieldset for one resource), and
 * anything that names no field there, such as a 412 after someone else's
 * edit, next to the form's save button.
 */
export function showErrors(scope, error, fallback) {
  const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  let placed = 0;
  for (const p of problems) {
    const name = String(p.param ?? '')
      .replace(/^body\.?/, '')
      .split('.')[0];
    const control = name ? scope.querySelector(`[name="${CSS.escape(name)}"]`) : null;
    if (!control) continue;
    const id = `err${++nextError}`;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', id);
    control.closest('.field')?.append(h('p', { class: 'field-error', id, role: 'alert' }, p.message));
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
