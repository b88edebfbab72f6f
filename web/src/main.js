import './app.css';
import { ApiError } from './api.js';
import { articlePage, articlesPage } from './article.js';
import { h, show } from './dom.js';
import { editPage } from './edit.js';
import { eventPage } from './event.js';
import { explorerPage } from './explorer.js';
import { draftsPage, historyPage } from './review.js';
import { codingPage, workbenchPage } from './workbench.js';

/** Pages are chosen by the URL fragment, so every view (filters included) is a link that can be shared. */
const ROUTES = [
  [/^\/?$/, (_m, params) => explorerPage(params)],
  [/^\/event\/(\d+)$/, (m) => eventPage(Number(m[1]))],
  [/^\/articles$/, () => articlesPage()],
  [/^\/article\/(\d+)$/, (m, params) => articlePage(Number(m[1]), params)],
  [/^\/workbench$/, () => workbenchPage()],
  [/^\/workbench\/article\/(\d+)$/, (m) => codingPage(Number(m[1]))],
  [/^\/drafts$/, () => draftsPage()],
  [/^\/history\/([a-z-]+)\/(\d+)$/, (m) => historyPage(m[1], Number(m[2]))],
  [/^\/edit\/([a-z-]+)\/(\d+)$/, (m) => editPage(m[1], Number(m[2]))],
];

async function route() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#${path || '/'}`);
  }
  const found = ROUTES.find(([pattern]) => pattern.test(path));
  try {
    if (!found) return show('Not found', h('h1', null, 'No such page'), h('p', null, h('a', { href: '#/' }, 'Back to the explorer')));
    await found[1](path.match(found[0]), params);
  } catch (error) {
    const detail = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
    show('Error', h('h1', null, 'This page could not be shown'), h('p', { role: 'alert' }, detail));
  }
}

window.addEventListener('hashchange', route);
route();
