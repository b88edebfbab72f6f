import { get } from './api.js';
import { h, show } from './dom.js';

/**
 * The article text with every claim's quote marked at its offsets. Quotes may
 * overlap or nest, so the text is cut at every quote boundary and each piece
 * is marked with all the claims that cover it; the element holds the article's
 * characters and nothing else, so a selection's offsets within it are offsets
 * into the text (see selectionOffsets).
 */
export function articleText(article, claims) {
  const cuts = new Set([0, article.text.length]);
  for (const c of claims) cuts.add(c.quote_start).add(c.quote_end);
  const points = [...cuts].sort((a, b) => a - b);
  const el = h('div', { class: 'article-text', lang: article.language, dir: article.language === 'ar' ? 'rtl' : 'ltr' });
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = article.text.slice(a, b);
    const covering = claims.filter((c) => c.quote_start <= a && c.quote_end >= b);
    if (covering.length === 0) {
      el.append(piece);
      continue;
    }
    el.append(
      h(
        'mark',
        {
          'data-claims': covering.map((c) => c.id).join(' '),
          class: covering.length > 1 ? 'overlap' : null,
          tabindex: 0,
          title: covering.map((c) => `${c.claimant.name}: ${c.statement_en}`).join('\n'),
        },
        piece,
      ),
    );
  }
  return el;
}

/** The [start, end) of the current selection within `el`'s text, or null when the selection is not inside it. */
export function selectionOffsets(el) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(el);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}

function claimSummary(c) {
  return h(
    'div',
    null,
    h('strong', null, c.claimant.name),
    c.claimant_text ? h('span', { lang: 'ar', dir: 'rtl' }, ` (${c.claimant_text})`) : null,
    ` · ${c.certainty} ${c.claim_type.replace('_', ' ')}`,
    h('p', null, c.statement_en),
    c.event_ids.length
      ? h(
          'p',
          null,
          'Events: ',
          c.event_ids.map((id) => [h('a', { href: `#/event/${id}` }, `#${id}`), ' ']),
        )
      : null,
  );
}

/** Shows the claim(s) of the highlight under the pointer, keyboard focus or click in `panel`, and marks them in the list. */
export function linkHighlights(textEl, panel, list) {
  const claimsById = new Map();
  for (const item of list.querySelectorAll('[data-claim-id]')) claimsById.set(item.dataset.claimId, item);
  const reveal = (mark) => {
    const ids = mark.dataset.claims.split(' ');
    for (const item of list.querySelectorAll('.active')) item.classList.remove('active');
    for (const id of ids) claimsById.get(id)?.classList.add('active');
    panel.replaceChildren(...ids.map((id) => claimsById.get(id)?.claimDetail?.()).filter(Boolean));
  };
  for (const type of ['mouseover', 'focusin', 'click']) {
    textEl.addEventListener(type, (e) => {
      const mark = e.target.closest?.('mark');
      if (mark) reveal(mark);
    });
  }
}

/** The claims in text order; `editable` adds a link to each one's edit form (the workbench's list). */
export function claimList(claims, { editable = false } = {}) {
  const items = [...claims]
    .sort((a, b) => a.quote_start - b.quote_start)
    .map((c) => {
      const li = h(
        'li',
        { 'data-claim-id': c.id, id: `claim-${c.id}` },
        h('strong', null, `${c.claimant.name}: `),
        c.statement_en,
        editable ? [' ', h('a', { href: `#/edit/claims/${c.id}`, 'aria-label': `Edit claim ${c.id}` }, 'edit')] : null,
      );
      li.claimDetail = () => claimSummary(c);
      return li;
    });
  return h('ol', { class: 'claim-list' }, items);
}

/** The article beside its claims: hovering or focusing a highlight shows who claims what, and about which events. */
export async function articlePage(id, params) {
  const article = await get(`/articles/${id}`);
  const textEl = articleText(article, article.claims);
  const panel = h('div', { class: 'claim-panel', 'aria-live': 'polite' }, 'Point at or tab to a highlighted passage to see its claim.');
  const list = claimList(article.claims);
  show(
    article.title,
    h('h1', { lang: article.language, dir: 'auto' }, article.title),
    h(
      'p',
      { class: 'meta' },
      `${article.publisher ?? 'Publisher unknown'} · ${article.published_start}${article.published_end !== article.published_start ? ` – ${article.published_end}` : ''} · ${article.claims.length} claims · `,
      h('a', { href: `#/history/articles/${id}` }, 'history'),
    ),
    h(
      'div',
      { class: 'article-layout' },
      h('section', { 'aria-label': 'Article text' }, textEl),
      h('aside', { 'aria-label': 'Claims' }, panel, h('h2', null, 'Claims in English'), list),
    ),
  );
  linkHighlights(textEl, panel, list);
  const wanted = params.get('claim');
  const mark = wanted && [...textEl.querySelectorAll('mark')].find((m) => m.dataset.claims.split(' ').includes(wanted));
  if (mark) {
    mark.scrollIntoView({ block: 'center' });
    mark.focus();
  }
}

export async function articlesPage() {
  const articles = await get('/articles?limit=500');
  show(
    'Articles',
    h('h1', null, 'Articles'),
    h(
      'ul',
      { class: 'article-index' },
      articles.data.map((a) =>
        h(
          'li',
          null,
          h('a', { href: `#/article/${a.id}`, lang: a.language, dir: 'auto' }, a.title),
          ` · ${a.publisher ?? '–'} · ${a.claim_count} claims`,
        ),
      ),
    ),
  );
}
