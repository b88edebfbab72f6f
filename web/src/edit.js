import { ApiError, call, get, recordTag, session } from './api.js';
import { h, show } from './dom.js';
import { clearErrors, markField, showErrors } from './forms.js';
import { FIELDS, mergePatchOf, recordFields } from './record-fields.js';

export const SINGULAR = {
  articles: 'article',
  claims: 'claim',
  events: 'event',
  'casualty-reports': 'casualty report',
  figures: 'figure',
  actors: 'actor',
  locations: 'location',
};

/** Where a record is read in context: its public page when it has one, the workbench for an article's claims. */
function contextLinks(resource, id, record) {
  if (resource === 'events') return [h('a', { href: `#/event/${id}` }, 'its page')];
  if (resource === 'articles') return [h('a', { href: `#/workbench/article/${id}` }, 'code it')];
  if (resource === 'claims') return [h('a', { href: `#/workbench/article/${record.article_id}` }, `its article (#${record.article_id})`)];
  if (record.claim_id) return [h('a', { href: `#/edit/claims/${record.claim_id}` }, `its claim (#${record.claim_id})`)];
  return [];
}

function shown(value) {
  if (value === null || value === undefined) return 'nothing (emptied)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Edits one record, draft or published. The record and its version come from
 * its history (the only read that shows drafts, in the write API's shape), and
 * the save is a JSON merge patch of the fields changed, with `If-Match` naming
 * that version. A 412 means someone saved a newer version meanwhile: the form
 * then reads the history again and says, beside each field, what they changed
 * it to, and offers to reload; nothing of theirs is overwritten.
 */
export async function editPage(resource, id) {
  const name = `${SINGULAR[resource] ?? resource} ${id}`;
  if (!FIELDS[resource]) throw new Error(`There is no ${resource} to edit`);
  if (!session.key) {
    show(
      `Edit ${name}`,
      h('h1', null, `Edit ${name}`),
      h('p', null, 'Set your key in the ', h('a', { href: '#/workbench' }, 'workbench'), ' first.'),
    );
    return;
  }
  const current = (await get(`/${resource}/${id}/history`)).data.at(-1);
  const historyLink = h('a', { href: `#/history/${resource}/${id}` }, 'history');
  if (current.status === 'retracted') {
    show(
      `Edit ${name}`,
      h('h1', null, `Edit ${name}`),
      h(
        'p',
        { role: 'alert' },
        `This record was retracted${current.reason ? `: ${current.reason}` : ''}. A retracted record is not edited. `,
        historyLink,
      ),
    );
    return;
  }
  // Drawn anew from the server; the focus goes to the page, as after following a link.
  const reload = () => editPage(resource, id).then(() => document.getElementById('main').focus());
  const loaded = { record: current.record, version: current.version, tag: recordTag(resource, id, current.version) };
  const fields = recordFields(resource, current.record);
  const meta = h('span', null, `${current.status}, version ${current.version}`);
  const alert = h('div', { class: 'form-alert', tabindex: -1 });
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit' }, 'Save changes');
  const form = h(
    'form',
    { class: 'edit-form', 'aria-labelledby': 'edit-title' },
    alert,
    fields.elements,
    h('div', { class: 'actions' }, save, h('button', { type: 'button', onclick: reload }, 'Discard changes')),
    status,
  );

  async function showConflict() {
    const latest = (await get(`/${resource}/${id}/history`).catch(() => null))?.data.at(-1);
    const changed = latest
      ? FIELDS[resource].filter((s) => JSON.stringify(latest.record[s.name] ?? null) !== JSON.stringify(loaded.record[s.name] ?? null))
      : [];
    for (const spec of changed) {
      const c = fields.controls.get(spec.name);
      markField(c.input ?? c.el, `Changed by someone else to: ${shown(latest.record[spec.name])}`);
    }
    const who = latest
      ? `${latest.by} saved version ${latest.version} (${latest.action}) at ${latest.at}`
      : 'Someone saved a newer version';
    alert.append(
      h(
        'p',
        { class: 'field-error', role: 'alert' },
        h('strong', null, 'Changed by someone else — reload. '),
        `${who} since you opened version ${loaded.version}; your changes are not saved. `,
        changed.length ? `Fields they changed: ${changed.map((s) => s.label).join(', ')}.` : '',
      ),
      h('button', { type: 'button', class: 'reload', onclick: reload }, 'Reload their version'),
    );
    alert.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    alert.replaceChildren();
    status.replaceChildren();
    const { body, invalid } = fields.read();
    for (const { control, message } of invalid) markField(control, message);
    if (invalid.length) return;
    const patch = mergePatchOf(loaded.record, body);
    if (Object.keys(patch).length === 0) {
      status.replaceChildren(h('p', { role: 'status' }, 'Nothing to save: no field was changed.'));
      return;
    }
    save.disabled = true;
    try {
      const { data, headers } = await call(`/${resource}/${id}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': loaded.tag, 'content-type': 'application/merge-patch+json' },
      });
      Object.assign(loaded, {
        record: data.record,
        version: data.version,
        tag: headers.get('etag') ?? recordTag(resource, id, data.version),
      });
      meta.textContent = `${data.status}, version ${data.version}`;
      status.replaceChildren(
        h(
          'p',
          { class: 'saved', role: 'status' },
          `Saved ${Object.keys(patch).join(', ')}: now version ${data.version}. `,
          historyLink.cloneNode(true),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await showConflict();
      else showErrors(form, error, alert);
    } finally {
      save.disabled = false;
    }
  });

  show(
    `Edit ${name}`,
    h('h1', { id: 'edit-title' }, `Edit ${name}`),
    h('p', { class: 'meta' }, meta, ' · ', historyLink, ...contextLinks(resource, id, current.record).flatMap((a) => [' · ', a])),
    form,
  );
}
