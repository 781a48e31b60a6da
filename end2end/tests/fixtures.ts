import { test as base, expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PAGES = [
  '/',
  '/fonctionnalites',
  '/qui-peut-en-beneficier',
  '/questions',
  '/soutenir',
  '/mentions-legales',
  '/conditions',
  '/accessibilite',
  '/lettre',
  '/lettre/merci',
];

export const hasJs = (info: TestInfo) => info.project.name === 'js';

// In the JavaScript run, any page error or console error fails the test.
export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page }, use, info) => {
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // The page's own status (a 404 page, a form shown again with 422) is logged by
        // Chromium as an error: the tests check those statuses themselves.
        const ownStatus = m.text().includes('the server responded with a status of') && m.location().url === page.url();
        if (m.type() === 'error' && !ownStatus) problems.push(`console error: ${m.text()}`);
      });
      await use(problems);
      expect(problems, `browser errors in ${info.title}`).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Every page a test visits goes through here. With JavaScript: waits until the WASM has
 *  hydrated the page (the frontend marks <html> when done), then runs axe on it. Without:
 *  checks that it never hydrates, so the run really has no JavaScript. */
export async function loaded(page: Page, info: TestInfo) {
  if (hasJs(info)) {
    await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 15_000 });
    await checkA11y(page, info);
  } else {
    await page.waitForLoadState('load');
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
  }
}

/** axe-core with the WCAG 2.1 A and AA rules; any violation fails the test. Runs in the
 *  JavaScript run only (axe is a script). */
export async function checkA11y(page: Page, info: TestInfo) {
  if (!hasJs(info)) return;
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** A unique address, so tests never depend on one another. */
export function uniqueEmail(info: TestInfo) {
  return `e2e-${info.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@asso.example`;
}
