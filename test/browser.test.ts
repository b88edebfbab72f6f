import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { seededDbFile } from './helpers.js';

/** Debian's chromium, which `npm test` installs through scripts/ensure-chromium.sh (pretest) when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

/** The page globals that the functions run in the browser use (the project compiles without the DOM library). */
interface PageRect {
  left: number;
  right: number;
}
declare const Node: { TEXT_NODE: number };
declare const document: {
  createRange(): {
    setStart(node: unknown, offset: number): void;
    setEnd(node: unknown, offset: number): void;
    getBoundingClientRect(): PageRect;
  };
  querySelector(selector: string): { textContent: string | null } | null;
};
declare function getComputedStyle(element: unknown): { unicodeBidi: string };

interface BidiReport {
  text: string;
  unicodeBidi: string;
  openingQuoteIsRightmost: boolean;
  closingQuoteIsLeftmost: boolean;
  firstLetterRightOfLast: boolean;
}

t.test('Swagger UI in a real browser: the card query through "Try it out", with Arabic right to left', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` as root (npm test does it in pretest)`);
    return;
  }
  const app = await buildApp({ dbFile: await seededDbFile() });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const expected = (await app.inject({ url: '/events?actor=ISIS&place=Deir%20ez-Zor&limit=20' })).json();
  t.ok(expected.data.length > 0, 'the card query has events to show');

  const userDataDir = mkdtempSync(join(tmpdir(), 'claims-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  await page.goto(`${baseUrl}/docs`);
  const operation = page.locator('#operations-events-listEvents');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();

  const input = (name: string) => operation.locator(`tr[data-param-name="${name}"] input`);
  t.equal(await input('actor').inputValue(), 'ISIS', 'actor is pre-filled with ISIS');
  t.equal(await input('place').inputValue(), 'Deir ez-Zor', 'place is pre-filled with Deir ez-Zor');
  for (const name of ['from', 'to', 'claimant', 'q']) {
    t.equal(await input(name).inputValue(), '', `${name} is not pre-filled (with it the first Execute would find nothing)`);
  }

  await operation.getByRole('button', { name: 'Execute' }).click();
  const response = operation.locator('.live-responses-table tr.response').first();
  await response.locator('.highlight-code code').waitFor();
  t.equal((await response.locator('.response-col_status').textContent())?.trim(), '200', 'the response is a 200');
  const requestUrl = (await operation.locator('.request-url pre').textContent()) ?? '';
  t.match(requestUrl, /\/events\?actor=ISIS&place=Deir%20ez-Zor&limit=20$/, 'the request is the card query');
  const shown = JSON.parse((await response.locator('.highlight-code code').textContent()) ?? '');
  t.same(
    shown.data.map((e: { id: number }) => e.id),
    expected.data.map((e: { id: number }) => e.id),
    'the response body lists the events the API returns for the card query',
  );

  // Runs in the page; no named inner functions, which a transpiler may wrap in helpers the page lacks.
  const bidi: BidiReport[] = await response.locator('.highlight-code code').evaluate((code) => {
    const arabicLetter = /[\u0620-\u064A\u066E-\u06D3]/;
    const reports: BidiReport[] = [];
    for (const span of code.querySelectorAll('span')) {
      const node = span.firstChild;
      const text = span.textContent ?? '';
      if (span.childNodes.length !== 1 || node?.nodeType !== Node.TEXT_NODE || !/^"[\u0620-\u064A]/.test(text)) continue;
      const boxes = Array.from({ length: text.length }, (_, i) => {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return range.getBoundingClientRect();
      });
      const letterBoxes = boxes.filter((_, i) => arabicLetter.test(text[i] ?? ''));
      const lettersLeft = Math.min(...letterBoxes.map((b) => b.left));
      const lettersRight = Math.max(...letterBoxes.map((b) => b.right));
      const first = letterBoxes[0];
      const last = letterBoxes[letterBoxes.length - 1];
      const openingQuote = boxes[0];
      const closingQuote = boxes[boxes.length - 1];
      reports.push({
        text,
        unicodeBidi: getComputedStyle(span).unicodeBidi,
        openingQuoteIsRightmost: openingQuote !== undefined && openingQuote.left >= lettersRight - 0.5,
        closingQuoteIsLeftmost: closingQuote !== undefined && closingQuote.right <= lettersLeft + 0.5,
        firstLetterRightOfLast: first !== undefined && last !== undefined && first.left > last.left,
      });
    }
    return reports;
  });
  t.ok(bidi.length >= expected.data.length, `${bidi.length} Arabic strings in the response body`);
  const wrong = bidi.filter((b) => !(b.openingQuoteIsRightmost && b.closingQuoteIsLeftmost && b.firstLetterRightOfLast));
  t.same(
    wrong.map((b) => b.text),
    [],
    'every Arabic string reads right to left: its first letter rightmost, its opening quote at the right end, its closing quote (and final full stop) at the left',
  );
  const sample = bidi.find((b) => b.text.length > 40) ?? bidi[0];
  t.comment(`sample Arabic value (unicode-bidi: ${sample?.unicodeBidi}): ${sample?.text}`);

  await response
    .locator('.highlight-code code span')
    .filter({ hasText: sample?.text ?? '' })
    .first()
    .evaluate((span) => span.scrollIntoView({ block: 'center', inline: 'center' }));
  mkdirSync(ARTIFACTS, { recursive: true });
  const screenshot = join(ARTIFACTS, 'swagger-ui-card-query.png');
  await page.screenshot({ path: screenshot });
  t.comment(`screenshot: ${screenshot}`);

  await input('place').fill('دير الزور');
  const placeBidi = await input('place').evaluate((el) => getComputedStyle(el).unicodeBidi);
  t.equal(placeBidi, 'plaintext', 'inputs take their direction from what is typed, so an Arabic place name reads right to left');
  await operation.getByRole('button', { name: 'Execute' }).click();
  await page.waitForFunction(
    () => document.querySelector('#operations-events-listEvents .request-url pre')?.textContent?.includes('place=%D8%AF'),
    undefined,
    { timeout: 20_000 },
  );
  await response.locator('.highlight-code code').waitFor();
  const arabicShown = JSON.parse((await response.locator('.highlight-code code').textContent()) ?? '');
  t.same(
    arabicShown.data.map((e: { id: number }) => e.id),
    expected.data.map((e: { id: number }) => e.id),
    'place=دير الزور typed into Swagger UI gives the same events',
  );

  t.same(pageErrors, [], 'no script errors in the page');
});
