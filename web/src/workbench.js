import { LANGUAGES } from '../../src/domain.ts';
import { call, everyPage, get, session } from './api.js';
import { articleText, claimList, linkHighlights, selectionOffsets } from './article.js';
import { claimForm } from './claim-form.js';
import { field, h, select, show } from './dom.js';
import { clearErrors, showErrors, values } from './forms.js';

function keyPanel() {
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'key-panel' },
    session.key
      ? h('p', null, 'A key is set for this tab. ', h('button', { type: 'button', onclick: () => forget() }, 'Forget it'))
      : [
          field('Your coder or editor key', input, 'Kept in this tab only (sessionStorage).'),
          h('button', { type: 'submit' }, 'Use this key'),
        ],
  );
  const forget = () => {
    session.key = null;
    workbenchPage();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    session.key = input.value.trim();
    workbenchPage();
  });
  return form;
}

function newArticleForm() {
  const form = h(
    'form',
    { class: 'new-article' },
    h(
      'fieldset',
      null,
      h('legend', null, 'Add an article'),
      field('File name', h('input', { name: 'file_name', required: true, placeholder: '900-report.txt' })),
      field('Title', h('input', { name: 'title', required: true, dir: 'auto' })),
      field('Text', h('textarea', { name: 'text', required: true, rows: 8, dir: 'auto' })),
      field('Language', select('language', LANGUAGES, 'ar')),
      field('Publisher', h('input', { name: 'publisher' })),
      field('Published from', h('input', { type: 'date', name: 'published_start', required: true })),
      field('Published to', h('input', { type: 'date', name: 'published_end', required: true })),
      field('Date precision', select('published_precision', ['day', 'week', 'month', 'year', 'range', 'unknown'], 'day')),
      field('Date note', h('input', { name: 'published_note', required: true, placeholder: 'the date on the page' })),
      h('button', { type: 'submit' }, 'Add article'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const { data } = await call('/articles', { method: 'POST', body: values(form) });
      location.hash = `#/workbench/article/${data.id}`;
    } catch (error) {
      showErrors(form, error, form.querySelector('fieldset'));
    }
  });
  return form;
}

/** The coder's start page: the key, the articles to code (drafts included) and a form for a new one. */
export async function workbenchPage() {
  const parts = [h('h1', null, 'Workbench'), keyPanel()];
  if (session.key) {
    const [published, drafts] = await Promise.all([
      get('/articles?limit=500'),
      everyPage('/articles?status=draft&limit=500').catch(() => []),
    ]);
    const articles = { data: [...drafts.map((d) => ({ ...d, claim_count: 0 })), ...published.data] };
    parts.push(
      h('h2', null, 'Code an article'),
      h(
        'ul',
        { class: 'article-index' },
        articles.data.map((a) =>
          h(
            'li',
            null,
            h('a', { href: `#/workbench/article/${a.id}`, lang: a.language, dir: 'auto' }, a.title),
            ` · ${a.status ?? 'published'} · ${a.claim_count ?? 0} claims`,
          ),
        ),
      ),
      newArticleForm(),
    );
  }
  show('Workbench', ...parts);
}

/** An article to code: select a passage, press "Code this selection", fill in the claim. */
/** The article: published, or (to the key this tab holds) a draft, which has no published claims yet. */
async function loadArticle(id) {
  const article = await get(`/articles/${id}`);
  return article.status === 'draft' ? { ...article, claims: [] } : article;
}

export async function codingPage(id) {
  const article = await loadArticle(id);
  const claims = article.claims ?? [];
  const textEl = articleText(article, claims);
  const panel = h('div', { class: 'claim-panel', 'aria-live': 'polite' });
  const list = claimList(claims, { editable: true });
  const formBox = h('div', { class: 'claim-form-box' });
  const codeButton = h('button', { type: 'button', class: 'code-this' }, 'Code this selection');
  const hint = h('p', { class: 'hint', 'aria-live': 'polite' }, 'Select a passage of the text, then press “Code this selection”.');
  codeButton.addEventListener('click', () => {
    const span = selectionOffsets(textEl);
    if (!span) {
      hint.textContent = 'Select a passage inside the article text first.';
      return;
    }
    const quote = article.text.slice(span.start, span.end);
    formBox.replaceChildren(claimForm(article, { quote, start: span.start, end: span.end }, () => codingPage(id)));
    formBox.querySelector('input, select, textarea')?.focus();
  });
  show(
    `Coding: ${article.title}`,
    h('h1', { dir: 'auto', lang: article.language }, article.title),
    h(
      'p',
      null,
      `Status: ${article.status ?? 'published'} · `,
      h('a', { href: `#/history/articles/${id}` }, 'history'),
      ' · ',
      h('a', { href: '#/workbench' }, 'all articles'),
    ),
    h(
      'div',
      { class: 'article-layout' },
      h('section', { 'aria-label': 'Article text' }, h('div', { class: 'toolbar' }, codeButton, hint), textEl),
      h('aside', { 'aria-label': 'Claim form and claims' }, formBox, panel, h('h2', null, 'Claims so far'), list),
    ),
  );
  linkHighlights(textEl, panel, list);
}
