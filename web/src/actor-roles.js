import { ACTOR_ROLES } from '../../src/domain.ts';
import { autocomplete } from './autocomplete.js';
import { field, h, select } from './dom.js';

/** ACLED's roles in words: the two sides of an event and who acted alongside each. */
const ROLE_NAMES = {
  actor1: 'actor 1 (one side)',
  actor2: 'actor 2 (the other side)',
  assoc_actor_1: 'associated with actor 1',
  assoc_actor_2: 'associated with actor 2',
};

/**
 * The actors of an event, each with its role, as rows that can be added and
 * removed (an event may have several actors in one role). `read()` gives
 * `{ rows, invalid }`: `[{ actor_id, role }]` for the rows with an actor, in
 * order, and the rows whose text names no actor. Each sent row carries
 * `data-field="actors.<index>"`, so that a refusal naming `actors.1.actor_id`
 * appears beside the second actor sent.
 */
export function actorRoles(actors = [{ role: 'actor1' }, { role: 'actor2' }]) {
  const rows = h('div', { class: 'actor-rows' });
  const add = h('button', { type: 'button' }, 'Add an actor');
  const element = h('fieldset', { class: 'actor-roles', 'data-field': 'actors' }, h('legend', null, 'Actors and their roles'), rows, add);
  const list = [];

  const relabel = () => {
    list.forEach((row, i) => {
      row.label.textContent = `Actor ${i + 1}`;
      row.roleLabel.textContent = `Role of actor ${i + 1}`;
      row.remove.setAttribute('aria-label', `Remove actor ${i + 1}`);
    });
  };

  const addRow = ({ actor_id: actorId = null, role = 'actor1' } = {}) => {
    const ac = autocomplete('actors', { name: 'actor_id', 'data-ref': '' });
    ac.preset(actorId);
    const roleSelect = select(
      'role',
      ACTOR_ROLES.map((r) => [r, ROLE_NAMES[r] ?? r]),
      role,
      { 'data-ref': '' },
    );
    const remove = h('button', { type: 'button', class: 'remove' }, 'Remove');
    const actorField = field('Actor', ac.element);
    const roleField = field('Role', roleSelect);
    const el = h('div', { class: 'actor-row' }, actorField, roleField, remove);
    const row = { el, ac, roleSelect, remove, label: actorField.querySelector('label'), roleLabel: roleField.querySelector('label') };
    remove.addEventListener('click', () => {
      const at = list.indexOf(row);
      list.splice(at, 1);
      el.remove();
      relabel();
      (list[at]?.ac.input ?? add).focus();
    });
    list.push(row);
    rows.append(el);
    relabel();
    return row;
  };

  for (const a of actors) addRow(a);
  add.addEventListener('click', () => addRow({ role: 'actor1' }).ac.input.focus());

  const read = () => {
    const sent = [];
    const invalid = [];
    for (const row of list) {
      row.el.removeAttribute('data-field');
      if (row.ac.input.value.trim() === '') continue;
      const actor = row.ac.chosen();
      if (!actor) {
        invalid.push({ control: row.ac.input, message: 'pick one of the suggestions (or type #id)' });
        continue;
      }
      row.el.setAttribute('data-field', `actors.${sent.length}`);
      sent.push({ actor_id: actor.id, role: row.roleSelect.value });
    }
    return { rows: sent, invalid };
  };
  return { element, read };
}
