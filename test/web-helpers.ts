import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's chromium, as in test/browser.test.ts (scripts/ensure-chromium.sh installs it in pretest). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const AXE = readFileSync(fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

/** A fresh browser profile and page; `errors` collects script errors, console errors and failed requests. */
export async function openBrowser(t: { teardown(fn: () => unknown): void }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'claims-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 950 },
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
  return { page, errors };
}

/**
 * Serious and critical accessibility violations on the page, by axe-core. The
 * script is evaluated through the DevTools protocol, which the page's CSP
 * (script-src 'self') does not govern, so the page runs under its real policy.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations: any[] = await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
  );
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.join('; ')})`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  return path;
}

/** Sets `key` on the workbench page, as a coder or editor would (forgetting the one set before). */
export async function useKey(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/#/workbench`);
  await page.locator('.key-panel').waitFor();
  const forget = page.getByRole('button', { name: 'Forget it' });
  if (await forget.isVisible()) await forget.click();
  await page.getByLabel('Your coder or editor key').fill(key);
  await page.getByRole('button', { name: 'Use this key' }).click();
  await page.getByRole('button', { name: 'Forget it' }).waitFor();
}
