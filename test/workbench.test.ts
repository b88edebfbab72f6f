import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { createKey } from '../src/write/keys.js';
import { tempDbFile } from './helpers.js';
import { axeViolations, CHROMIUM, openBrowser, screenshot, useKey as setKey } from './web-helpers.js';

declare const document: any;
declare const window: any;

const TEXT =
  'أفاد المرصد السوري لحقوق الإنسان بمقتل خمسة مدنيين في قصف مدفعي على مدينة الميادين. وقالت مصادر محلية إن القصف استهدف السوق الشعبي.';
const SENTENCE = 'بمقتل خمسة مدنيين في قصف مدفعي على مدينة الميادين';

t.test('a coder codes a new article by selecting text; an editor publishes the claim', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` as root`);
    return;
  }
  const dbFile = tempDbFile(t);
  await prepareDatabase(dbFile);
  const database = openDatabase(dbFile);
  const coderKey = createKey(database.db, 'coder-ui', 'coder');
  const editorKey = createKey(database.db, 'editor-ui', 'editor');
  database.close();
  const app = await buildApp({ dbFile });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const { page, errors } = await openBrowser(t);

  const useKey = (key: string) => setKey(page, base, key);
  await useKey(coderKey);
  t.equal(await page.evaluate(() => window.sessionStorage.length), 1, 'the key is kept in the session only');

  await page.getByLabel('File name').fill('901-ui-test.txt');
  await page.getByLabel('Title').fill('مقتل خمسة مدنيين في قصف على الميادين');
  await page.getByLabel('Text', { exact: true }).fill(TEXT);
  await page.getByLabel('Published from').fill('2018-11-20');
  await page.getByLabel('Published to').fill('2018-11-20');
  await page.getByLabel('Date note').fill('the date of the page');
  await page.getByRole('button', { name: 'Add article' }).click();
  await page.waitForURL(/#\/workbench\/article\/\d+$/);
  const articleId = Number(page.url().split('/').pop());
  await page.locator('.article-text').waitFor();
  t.equal(await page.locator('.article-text').textContent(), TEXT, 'the new article is shown for coding');

  // Select the sentence with a DOM range, as a mouse would, then use the page's own action.
  await page.locator('.article-text').evaluate((el: any, sentence: string) => {
    const node = el.firstChild;
    const start = node.textContent.indexOf(sentence);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + sentence.length);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }, SENTENCE);
  await page.getByRole('button', { name: 'Code this selection' }).click();
  t.equal(await page.locator('.claim-form .quote').textContent(), SENTENCE, 'the claim form opens with the selected quote');
  t.comment(`screenshot: ${await screenshot(page, 'workbench.png')}`);

  const claimant = page.getByLabel('Claimant', { exact: true });
  await claimant.fill('Syrian Observatory');
  await page.waitForFunction(() => [...document.querySelectorAll('datalist option')].some((o: any) => /Observatory/.test(o.value)));
  const name = await page.locator('datalist option').first().getAttribute('value');
  await claimant.fill(name ?? '');

  // The API refuses a claim without its English statement; the page says so next to that field.
  await page.getByRole('button', { name: 'Save draft' }).click();
  const statementError = page.locator('.field:has(textarea[name="statement_en"]) .field-error');
  await statementError.waitFor();
  t.pass(`the 422 is shown next to the statement: ${await statementError.textContent()}`);
  t.same(await axeViolations(page), [], 'workbench with a refusal shown: no serious or critical accessibility violations');

  await page.getByLabel('Statement (English)').fill('Five civilians were killed in artillery shelling on al-Mayadin');
  await page.getByLabel('Claim type').selectOption('casualty_report');
  await page.getByLabel('Event', { exact: true }).selectOption('new');
  await page.getByLabel('Event type', { exact: true }).selectOption('Explosions/Remote violence');
  await page.getByLabel('Sub-event type').selectOption('Shelling/artillery/missile attack');
  const place = page.getByLabel('Place', { exact: true });
  await place.fill('Mayadin');
  await page.waitForFunction(() => [...document.querySelectorAll('datalist option')].some((o: any) => /Mayadin/.test(o.textContent)));
  await place.fill((await page.locator('datalist option', { hasText: 'Mayadin' }).first().getAttribute('value')) ?? '');
  await page.getByLabel('Date from').fill('2018-11-19');
  await page.getByLabel('Date to').fill('2018-11-20');
  await page.getByLabel('Date precision').selectOption('range');
  await page.locator('.new-event input[name="date_note"]').fill('the day before publication or the day itself');
  await page.getByLabel('Summary (English)').fill('Artillery shelling on al-Mayadin kills five civilians');
  await page.getByLabel('Outcome').selectOption('killed');
  await page.getByLabel('Victim group').fill('civilians');
  await page.getByLabel('Casualty count (low)').fill('5');
  await page.getByLabel('Casualty count (high)').fill('5');
  await page.getByRole('button', { name: 'Save draft' }).click();
  const saved = page.locator('.saved');
  await saved.waitFor();
  const claimId = Number((await saved.textContent())?.match(/claim (\d+)/)?.[1]);
  t.ok(claimId > 0, `saved as draft claim ${claimId}`);
  t.equal((await app.inject({ url: `/claims/${claimId}` })).statusCode, 404, 'a draft is not public');

  await useKey(editorKey);
  await page.goto(`${base}/#/drafts`);
  await page.locator('.drafts').first().waitFor();
  t.comment(`screenshot: ${await screenshot(page, 'drafts.png')}`);
  t.same(await axeViolations(page), [], 'drafts: no serious or critical accessibility violations');
  // In page order, references first: each published item drops its button.
  const publish = page.getByRole('button', { name: /^Publish / });
  for (let left = await publish.count(); left > 0; left--) {
    await publish.first().click();
    await page.waitForFunction((n) => document.querySelectorAll('.drafts button').length === n, left - 1);
  }
  t.equal(
    await page.locator('.drafts li', { hasText: 'published.' }).count(),
    4,
    'the article, event, claim and casualty figure are published',
  );

  const start = TEXT.indexOf(SENTENCE);
  const claim = (await app.inject({ url: `/claims/${claimId}` })).json();
  t.equal(claim.article_id, articleId, 'the claim is on the new article');
  t.same(
    [claim.quote_start, claim.quote_end, claim.quote],
    [start, start + SENTENCE.length, SENTENCE],
    'the API returns it with the selected offsets',
  );

  await page.goto(`${base}/#/history/claims/${claimId}`);
  await page.locator('.history li').nth(1).waitFor();
  t.match(
    await page.locator('.history').textContent(),
    /v1 created by coder-ui.*v2 published by editor-ui/s,
    'its history shows who created and who published it',
  );
  t.comment(`screenshot: ${await screenshot(page, 'history.png')}`);
  t.same(await axeViolations(page), [], 'history: no serious or critical accessibility violations');

  await page.goto(`${base}/#/article/${articleId}`);
  await page.locator(`.article-text mark[data-claims~="${claimId}"]`).waitFor();
  t.equal(
    await page.locator(`.article-text mark[data-claims~="${claimId}"]`).textContent(),
    SENTENCE,
    'the published claim is highlighted in the article page',
  );

  t.same(
    errors.filter((e) => !/422/.test(e) && !/status of 422/.test(e)),
    [],
    'no console errors, script errors or failed requests besides the refusal the test asked for',
  );
});
