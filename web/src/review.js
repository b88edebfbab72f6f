import { call, everyPage, get, session } from './api.js';
import { h, show } from './dom.js';
import { showErrors } from './forms.js';

/** References first, so that an editor publishing down the page publishes what a record cites before the record. */
const RESOURCES = ['articles', 'actors', 'locations', 'events', 'claims', 'casualty-reports', 'figures'];

function label(r) {
  return (
    r.title ??
    r.name ??
    r.statement_en ??
    r.summary_en ??
    r.what ??
    (r.outcome ? `${r.outcome} ${r.count_low ?? r.vague_text ?? ''}` : `#${r.id}`)
  );
}

/** Every draft the key can see, by resource, each with its history and, for an editor, a Publish button. */
export async function draftsPage() {
  if (!session.key) {
    show('Drafts', h('h1', null, 'Drafts'), h('p', null, 'Set your key in the ', h('a', { href: '#/workbench' }, 'workbench'), ' first.'));
    return;
  }
  const drafts = await Promise.all(RESOURCES.map((resource) => everyPage(`/${resource}?status=draft&limit=500`)));
  const sections = RESOURCES.map((resource, i) => {
    const rows = drafts[i] ?? [];
    if (rows.length === 0) return null;
    return h(
      'section',
      { 'aria-labelledby': `drafts-${resource}` },
      h('h2', { id: `drafts-${resource}` }, resource.replace('-', ' ')),
      h(
        'ul',
        { class: 'drafts' },
        rows.map((record) => {
          const { id, author } = record;
          const item = h('li', { 'data-resource': resource, 'data-id': id });
          const publish = h('button', { type: 'button' }, `Publish ${resource.replace(/s$/, '').replace('-', ' ')} ${id}`);
          publish.addEventListener('click', async () => {
            publish.disabled = true;
            try {
              await call(`/${resource}/${id}/publish`, { method: 'POST' });
              item.replaceChildren(`${resource} ${id} published.`);
            } catch (error) {
              publish.disabled = false;
              showErrors(item, error);
            }
          });
          item.append(
            h('span', { dir: 'auto' }, `#${id} ${label(record)} (by ${author}) `),
            h('a', { href: `#/history/${resource}/${id}` }, 'history'),
            ' · ',
            h(
              'a',
              { href: `#/edit/${resource}/${id}`, 'aria-label': `Edit ${resource.replace(/s$/, '').replace('-', ' ')} ${id}` },
              'edit',
            ),
            ' ',
            publish,
          );
          return item;
        }),
      ),
    );
  }).filter(Boolean);
  show('Drafts', h('h1', null, 'Drafts awaiting review'), sections.length ? sections : h('p', null, 'No drafts.'));
}

/** Every version of a record, oldest first, with who did what and the record as it was. */
export async function historyPage(resource, id) {
  const history = await get(`/${resource}/${id}/history`);
  const latest = history.data.at(-1);
  show(
    `History of ${resource} ${id}`,
    h('h1', null, `History of ${resource.replace('-', ' ')} ${id}`),
    latest.status === 'retracted' ? null : h('p', null, h('a', { href: `#/edit/${resource}/${id}` }, 'Edit this record')),
    h(
      'ol',
      { class: 'history' },
      history.data.map((v) =>
        h(
          'li',
          null,
          h(
            'p',
            null,
            h('strong', null, `v${v.version} ${v.action}`),
            ` by ${v.by} at ${v.at} (${v.status})${v.reason ? `: ${v.reason}` : ''}`,
          ),
          h('details', null, h('summary', null, 'The record as it was'), h('pre', { dir: 'auto' }, JSON.stringify(v.record, null, 2))),
        ),
      ),
    ),
  );
}
