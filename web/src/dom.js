/** Creates an element: `on*` attributes become listeners, `value`/`checked` properties, the rest attributes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces the page's content and gives it a title (for screen readers and history). */
export function show(title, ...content) {
  const main = document.getElementById('main');
  document.title = `${title} · Syria claims`;
  main.replaceChildren(...content.flat());
}

let nextId = 0;
/** A labelled form field; `name` is the API field name, so that a problem's `errors[].param` finds it. */
export function field(label, control, hint) {
  // An autocomplete is a wrapper around its input: the label belongs to the input.
  const target = control.matches('input, select, textarea') ? control : (control.querySelector('input, select, textarea') ?? control);
  if (!target.id) target.id = `f${++nextId}`;
  const hintId = hint ? `${target.id}-hint` : null;
  if (hintId) target.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: target.id }, label), control, hint ? h('small', { id: hintId }, hint) : null);
}

export function select(name, options, value, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    options.map((o) => {
      const [v, text] = Array.isArray(o) ? o : [o, o];
      return h('option', { value: v, selected: v === value }, text);
    }),
  );
}

/** Arabic (or any) text whose direction follows its own first strong letter. */
export function text(value, lang) {
  return h('span', { lang: lang ?? null, dir: 'auto' }, value ?? '');
}

export function fmtFatalities(f) {
  if (!f) return '–';
  if (f.low === f.high || f.high === null) return f.high === null && f.low !== null ? `≥ ${f.low}` : String(f.low ?? '–');
  return `${f.low ?? '?'}–${f.high}`;
}
