import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { writableApp } from './helpers.js';
import { axeViolations, CHROMIUM, openBrowser, screenshot, useKey } from './web-helpers.js';

declare const document: any;
declare const window: any;
declare const NodeFilter: any;

/** Refusals a test asks for, which the browser also logs as failed requests. */
const ASKED_FOR = /\b(412|422)\b/;

async function started(t: { teardown(fn: () => unknown): void }) {
  const { app, keys } = await writableApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const { page, errors } = await openBrowser(t);
  return { app, keys, base, page, errors };
}

t.test('editing a claim: a 412 after someone else’s edit shows beside the field, a reload and save succeeds', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` as root`);
    return;
  }
  const { app, keys, base, page, errors } = await started(t);
  const claim = (await app.inject({ url: '/claims?limit=1' })).json().data[0];
  const THEIRS = 'Changed by the other editor while the form was open';
  const MINE = 'Changed in the browser after reloading';

  await useKey(page, base, keys.editor);
  await page.goto(`${base}/#/edit/claims/${claim.id}`);
  const statement = page.getByLabel('Statement (English)');
  await statement.waitFor();
  t.equal(await statement.inputValue(), claim.statement_en, 'the form opens with the record’s statement');
  await page.waitForFunction((name) => document.querySelector('input[name="claimant_id"]').value === name, claim.claimant.name);
  t.pass('and its claimant by name');
  t.match(await page.locator('.event-picker').textContent(), `#${claim.event_ids[0]}`, 'and its events attached');
  t.comment(`screenshot: ${await screenshot(page, 'edit-claim.png')}`);
  t.same(await axeViolations(page), [], 'edit form: no serious or critical accessibility violations');

  // Behind the browser's back, another editor saves a change with the ETag GET /claims/{id} gives.
  const read = await app.inject({ url: `/claims/${claim.id}` });
  const theirs = await app.inject({
    method: 'PATCH',
    url: `/claims/${claim.id}`,
    headers: { authorization: `Bearer ${keys.editor2}`, 'if-match': String(read.headers.etag) },
    payload: { statement_en: THEIRS },
  });
  t.equal(theirs.statusCode, 200, 'the other editor’s PATCH is saved');

  await statement.fill('My change, made on the version I loaded');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const top = page.locator('.form-alert [role="alert"]');
  await top.waitFor();
  t.match(await top.textContent(), /Changed by someone else — reload\. editor2 saved version 2/, 'the 412 is shown at the top of the form');
  t.match(await top.textContent(), /Fields they changed: Statement \(English\)/, 'naming the field they changed');
  const beside = page.locator('.field:has(textarea[name="statement_en"]) .field-error');
  t.equal(await beside.textContent(), `Changed by someone else to: ${THEIRS}`, 'and beside that field, with their value');
  t.equal(
    await statement.getAttribute('aria-describedby'),
    await beside.getAttribute('id'),
    'the field is described by that message for screen readers',
  );
  t.equal((await app.inject({ url: `/claims/${claim.id}` })).json().statement_en, THEIRS, 'their version is not overwritten');
  t.comment(`screenshot: ${await screenshot(page, 'edit-conflict.png')}`);
  t.same(await axeViolations(page), [], 'edit form with a 412 shown: no serious or critical accessibility violations');

  await page.getByRole('button', { name: 'Reload their version' }).click();
  await page.waitForFunction((text) => document.querySelector('textarea[name="statement_en"]')?.value === text, THEIRS);
  t.pass('reloading shows their version');
  await page.getByLabel('Statement (English)').fill(MINE);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.saved').waitFor();
  t.match(await page.locator('.saved').textContent(), 'Saved statement_en: now version 3', 'the save after the reload goes through');
  t.equal((await app.inject({ url: `/claims/${claim.id}` })).json().statement_en, MINE, 'the API returns the new statement');

  // A second save uses the ETag the first one answered with; an emptied required field is the API's 422, beside it.
  await page.getByLabel('Statement (English)').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const refusal = page.locator('.field:has(textarea[name="statement_en"]) .field-error');
  await refusal.waitFor();
  t.notMatch(await refusal.textContent(), /someone else/, `an emptied statement is refused beside it: ${await refusal.textContent()}`);

  const history = (await app.inject({ url: `/claims/${claim.id}/history` })).json().data;
  t.same(
    history.map((v: any) => [v.version, v.by, v.action]),
    [
      [1, 'seed', 'created'],
      [2, 'editor2', 'updated'],
      [3, 'editor1', 'updated'],
    ],
    'the history holds the seed, their edit and mine',
  );
  await page.goto(`${base}/#/history/claims/${claim.id}`);
  await page.locator('.history li').nth(2).waitFor();
  t.comment(`screenshot: ${await screenshot(page, 'history-edited.png')}`);
  t.same(await axeViolations(page), [], 'history page: no serious or critical accessibility violations');

  t.same(
    errors.filter((e) => !ASKED_FOR.test(e)),
    [],
    'no console errors, script errors or failed requests besides the refusals the test asked for',
  );
});

t.test('coding a claim on an existing event found by search, with a casualty figure and two figures in one save', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` as root`);
    return;
  }
  const { app, keys, base, page, errors } = await started(t);
  const article = (await app.inject({ url: '/articles/1' })).json();
  const cited = article.claims.find((c: any) => c.event_ids.length === 1);
  const eventId = cited.event_ids[0];
  const event = (await app.inject({ url: `/events/${eventId}` })).json();

  await useKey(page, base, keys.coder);
  await page.goto(`${base}/#/workbench/article/1`);
  await page.locator('.article-text').waitFor();
  // Select the cited quote by its offsets in the text, across the highlights that split it into several nodes.
  await page.locator('.article-text').evaluate(
    (el: any, [start, end]: number[]) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let at = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (start >= at && start < at + length) range.setStart(node, start - at);
        if (end > at && end <= at + length) range.setEnd(node, end - at);
        at += length;
      }
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
    },
    [cited.quote_start, cited.quote_end],
  );
  await page.getByRole('button', { name: 'Code this selection' }).click();
  t.equal(await page.locator('.claim-form .quote').textContent(), cited.quote, 'the form opens with the selected quote');

  await page.getByLabel('Claimant', { exact: true }).fill(`#${cited.claimant.id}`);
  await page.getByLabel('Statement (English)').fill('About half of Raqqa city is taken from IS');
  await page.getByLabel('Claim type').selectOption('territorial_control');

  // Attach the event by searching: its place in Arabic and its dates.
  await page.getByLabel('Event', { exact: true }).selectOption('existing');
  await page.getByLabel('Event place').fill('الرقة');
  await page.getByLabel('Events from').fill(event.date_start);
  await page.getByLabel('Events to').fill(event.date_end);
  await page.getByRole('button', { name: 'Find events' }).click();
  const found = page.getByRole('checkbox', { name: new RegExp(`^#${eventId} `) });
  await found.waitFor();
  t.match(await page.locator('.picker-status').textContent(), /events match/, 'the search says how many events match');
  await found.check();
  t.comment(`screenshot: ${await screenshot(page, 'workbench-event-search.png')}`);
  t.same(await axeViolations(page), [], 'claim form with search results: no serious or critical accessibility violations');

  const casualty = page.getByRole('group', { name: 'Casualty figure 1' });
  t.notOk(
    await casualty.getByLabel('Event of this figure').isVisible(),
    'with one event attached, a casualty figure needs no event choice',
  );
  await casualty.getByLabel('Outcome').selectOption('killed');
  await casualty.getByLabel('Victim group').fill('civilians');
  await casualty.getByLabel('Casualty count (low)').fill('3');
  await casualty.getByLabel('Casualty count (high)').fill('3');

  const first = page.getByRole('group', { name: 'Other figure 1' });
  await first.getByLabel('What is counted').fill('share of the city taken');
  await first.getByLabel('Unit').fill('percent');
  await first.getByLabel('Figure count (low)').fill('50');
  await first.getByLabel('Qualifier').selectOption('about');
  await page.getByRole('button', { name: 'Add another figure' }).click();
  const second = page.getByRole('group', { name: 'Other figure 2' });
  t.ok(await second.getByLabel('What is counted').evaluate((el) => el === document.activeElement), 'the new row takes the focus');
  await second.getByLabel('What is counted').fill('fighters remaining');
  await second.getByLabel('Unit').fill('fighters');
  await second.getByLabel('Figure count (low)').fill('2000');
  await second.getByLabel('Qualifier').selectOption('about');

  await page.getByRole('button', { name: 'Save draft' }).click();
  const saved = page.locator('.saved');
  await saved.waitFor();
  const claimId = Number((await saved.textContent())?.match(/claim (\d+)/)?.[1]);
  t.ok(claimId > 0, `saved as draft claim ${claimId}`);

  const draftsOf = async (resource: string) =>
    (await app.inject({ url: `/${resource}?status=draft&limit=100`, headers: { authorization: `Bearer ${keys.coder}` } })).json().data;
  const draftClaim = (await draftsOf('claims')).find((d: any) => d.id === claimId);
  t.same(draftClaim.event_ids, [eventId], 'the claim is on the event found by search');
  const figures = (await draftsOf('figures')).filter((d: any) => d.claim_id === claimId);
  t.same(
    figures.map((f: any) => [f.what, f.unit, f.count_low, f.qualifier]),
    [
      ['share of the city taken', 'percent', 50, 'about'],
      ['fighters remaining', 'fighters', 2000, 'about'],
    ],
    'both figures are saved, on the claim',
  );
  const casualties = (await draftsOf('casualty-reports')).filter((d: any) => d.claim_id === claimId);
  t.same(
    casualties.map((d: any) => [d.event_id, d.outcome, d.count_low]),
    [[eventId, 'killed', 3]],
    'the casualty figure is on that event',
  );

  // The coder's own draft, from the drafts page: certainty changed through PATCH with the draft's version.
  await page.goto(`${base}/#/drafts`);
  await page.getByRole('link', { name: `Edit claim ${claimId}` }).click();
  await page.getByLabel('Certainty').waitFor();
  await page.getByLabel('Certainty').selectOption('alleged');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.saved').waitFor();
  const history = (await app.inject({ url: `/claims/${claimId}/history`, headers: { authorization: `Bearer ${keys.coder}` } })).json().data;
  t.same(
    history.map((v: any) => [v.version, v.by, v.action, v.record.certainty]),
    [
      [1, 'coder1', 'created', 'asserted'],
      [2, 'coder1', 'updated', 'alleged'],
    ],
    'the draft is edited by its author',
  );

  // An editor adds a third actor to the event, in a role beyond actor1 and actor2.
  await useKey(page, base, keys.editor);
  await page.goto(`${base}/#/edit/events/${eventId}`);
  await page.getByRole('group', { name: 'Actors and their roles' }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.actor-row input')].every((i: any) => i.value !== ''));
  t.equal(await page.locator('.actor-row').count(), event.actors.length, 'one row per actor of the event');
  await page.getByRole('button', { name: 'Add an actor' }).click();
  const third = page.getByLabel(`Actor ${event.actors.length + 1}`, { exact: true });
  await third.fill('coalition');
  await page.waitForFunction(() => [...document.querySelectorAll('datalist option')].some((o: any) => /[Cc]oalition/.test(o.textContent)));
  const coalition = await page
    .locator('datalist option', { hasText: /[Cc]oalition/ })
    .first()
    .getAttribute('value');
  await third.fill(coalition ?? '');
  await page.getByLabel(`Role of actor ${event.actors.length + 1}`).selectOption('assoc_actor_1');
  t.comment(`screenshot: ${await screenshot(page, 'edit-event.png')}`);
  t.same(await axeViolations(page), [], 'event edit form: no serious or critical accessibility violations');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.saved').waitFor();
  const after = (await app.inject({ url: `/events/${eventId}` })).json();
  t.same(
    after.actors.map((a: any) => a.role),
    [...event.actors.map((a: any) => a.role), 'assoc_actor_1'],
    'the API returns the event with the new actor and its role',
  );

  t.same(errors, [], 'no console errors, script errors or failed requests');
});
