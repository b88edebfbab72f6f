import { h } from './dom.js';
import { recordFields } from './record-fields.js';

/**
 * Figures of one claim as fieldsets that can be added and removed, so a coder
 * records several in one save. `extra(row)` adds controls the caller owns (the
 * event of a casualty figure). A row, once saved, is disabled and says which
 * record it became, so a second save after a refusal elsewhere does not create
 * it again.
 */
export function figureRows(resource, { legend, names, initial, addLabel, extra = () => null }) {
  const container = h('div', { class: 'figure-rows' });
  const add = h('button', { type: 'button' }, addLabel);
  const rows = [];

  const relabel = () => {
    rows.forEach((row, i) => {
      row.title.textContent = `${legend} ${i + 1}${row.made ? ` (saved as #${row.made.id})` : ''}`;
      row.remove.setAttribute('aria-label', `Remove ${legend.toLowerCase()} ${i + 1}`);
    });
  };

  const addRow = () => {
    const fields = recordFields(resource, initial, names);
    const title = h('legend');
    const remove = h('button', { type: 'button', class: 'remove' }, 'Remove');
    const fs = h('fieldset', { class: 'figure-row' }, title, fields.elements, remove);
    const row = { fs, fields, title, remove, made: null };
    row.extra = extra(row);
    if (row.extra) fs.insertBefore(row.extra, fields.elements[0] ?? remove);
    remove.addEventListener('click', () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      fs.remove();
      relabel();
      (rows[at]?.fs.querySelector('input, select') ?? add).focus();
    });
    rows.push(row);
    container.append(fs);
    relabel();
    return row;
  };
  add.addEventListener('click', () => addRow().fs.querySelector('input, select, textarea')?.focus());
  addRow();

  const saved = (row, record) => {
    row.made = record;
    row.fs.disabled = true;
    relabel();
  };
  return { element: h('div', { class: 'figure-list' }, container, add), rows, saved };
}
