import { get } from './api.js';
import { h } from './dom.js';

let lists = 0;

/**
 * A text input that suggests actors or places (English or Arabic names and
 * aliases, as /actors?q= and /locations?q= match them) in a native datalist,
 * which keyboards and screen readers already know how to use. `chosen()` gives
 * the suggestion whose name is in the box, if any; `#12` in the box names the
 * record with id 12, which is how a draft (that no public search finds) is named.
 */
export function autocomplete(resource, attrs = {}) {
  const listId = `ac${++lists}`;
  const list = h('datalist', { id: listId });
  const input = h('input', { type: 'search', list: listId, autocomplete: 'off', dir: 'auto', ...attrs });
  const known = new Map();
  let timer;
  let asked = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || q === asked || known.has(q)) return;
    timer = setTimeout(async () => {
      asked = q;
      const answer = await get(`/${resource}?q=${encodeURIComponent(q)}&limit=10`).catch(() => ({ data: [] }));
      if (input.value.trim() !== q) return;
      const options = [];
      for (const item of answer.data) {
        for (const name of [item.name, item.name_ar].filter(Boolean)) {
          known.set(name, item);
          options.push(h('option', { value: name }, `${item.name} · ${item.name_ar ?? ''} (${item.kind})`));
        }
      }
      list.replaceChildren(...options);
    }, 150);
  });
  const wrapper = h('span', { class: 'autocomplete' }, input, list);
  const chosen = () => {
    const value = input.value.trim();
    const byId = value.match(/^#(\d+)$/);
    return known.get(value) ?? (byId ? { id: Number(byId[1]) } : null);
  };
  /** Shows the record `id` by its name (or as `#id` when no public read has it, as for a draft). */
  const preset = async (id) => {
    if (id === null || id === undefined) return;
    const item = await get(`/${resource}/${id}`).catch(() => null);
    const name = item?.name ?? `#${id}`;
    if (item) known.set(name, item);
    input.value = name;
  };
  return { input, element: wrapper, chosen, preset };
}
