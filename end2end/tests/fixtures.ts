import { test as base, expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One entry of the server's route list (`framaspace routes --json`, written by the test
 *  script to $ROUTES_FILE): the same list the Rust tests compare with the router. */
export interface Route {
  path: string;
  kind: 'page' | 'form' | 'handler' | 'server-fn';
  method: string;
  access: 'anyone' | 'dev-only' | 'staff' | 'admin' | 'referent' | 'member' | 'forum-moderator';
  example: string | null;
  /** What the page answers at its example: 410 for a token that names nothing. */
  example_status: number;
}

function readRoutes(): Route[] {
  const file = process.env.ROUTES_FILE;
  if (!file) throw new Error('ROUTES_FILE is not set: run the suite through `make test`');
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const ROUTES = readRoutes();

/** The pages a visitor can open without logging in (the server runs in development
 *  mode here, so the development pages count), each as a URL to visit. */
export const PAGES = ROUTES.filter((r) => r.kind === 'page' && (r.access === 'anyone' || r.access === 'dev-only')).map(
  (r) => r.example ?? r.path,
);

/** What each of [`PAGES`] answers at its address. */
export const PAGE_STATUS = new Map(
  ROUTES.filter((r) => r.kind === 'page').map((r) => [r.example ?? r.path, r.example_status]),
);

/** The pages of the staff area, by the role they need. */
export const STAFF_PAGES = ROUTES.filter(
  (r) => r.kind === 'page' && (r.access === 'staff' || r.access === 'admin' || r.access === 'forum-moderator'),
);

export const hasJs = (info: TestInfo) => info.project.name === 'js';

// In the JavaScript run, any page error or console error fails the test.
/** The forms that post as page loads even with JavaScript, by design: the dashboard's
 *  address forms (their answer leads to another site, the space's login page), and the
 *  upload of a file to import and of a logo (a file goes as `multipart/form-data`, the
 *  server function takes words). */
const PAGE_POSTS = [/^\/espace\/connexion$/, /^\/espace\/connexion\/lien$/, /^\/espace\/[^/]+\/membres\/importer$/, /^\/espace\/[^/]+\/reglages\/logo$/];

/** The annotation of a test that keeps the WASM out on purpose: its forms post as pages. */
export const WITHOUT_WASM = 'without-wasm';

export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page }, use, info) => {
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // The page's own status (a 404 page, a form shown again with 422) is logged by
        // Chromium as an error: the tests check those statuses themselves.
        const ownStatus = m.text().includes('the server responded with a status of') && m.location().url === page.url();
        // Another site's page (a space's Nextcloud, in the dashboard's test) is not ours to check.
        const at = m.location().url;
        const elsewhere = at !== '' && !at.startsWith(process.env.BASE_URL ?? 'http://127.0.0.1:3000');
        if (m.type() === 'error' && !ownStatus && !elsewhere) problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      // With JavaScript, every write goes through a server function (the form kit's, the
      // actions'): a form posted as a page load means a form that bypassed them. A test that
      // keeps the WASM out says so (`WITHOUT_WASM`).
      const pagePosts: string[] = [];
      page.on('request', (r) => {
        // Only the portal's own forms: a space's Nextcloud (its login and consent pages, in
        // the dashboard's test) is another site with forms of its own.
        const ours = r.url().startsWith(process.env.BASE_URL ?? 'http://127.0.0.1:3000');
        // Some forms post as pages by design (README, "A space's dashboard").
        const byDesign = PAGE_POSTS.some((p) => p.test(new URL(r.url()).pathname));
        if (hasJs(info) && ours && !byDesign && r.isNavigationRequest() && r.method() === 'POST' && r.frame() === page.mainFrame()) {
          pagePosts.push(`a form posted as a page load: ${r.url()}`);
        }
      });
      await use(problems);
      if (!info.annotations.some((a) => a.type === WITHOUT_WASM)) problems.push(...pagePosts);
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

/** The six-digit code an authenticator app shows for a base32 key (RFC 6238, SHA-1, 30 s). */
export function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const offset = h[h.length - 1] & 15;
  return ((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** Opens the newest mail to `email` on the development mail page and follows its link
 *  whose text contains `linkPart`. */
export async function followMailLink(page: Page, info: TestInfo, email: string, linkPart: RegExp) {
  const mail = page.locator('li.mail', { hasText: email }).first();
  await expect(async () => {
    await page.goto('/dev/courriels');
    await expect(mail).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await loaded(page, info);
  await mail.getByRole('link', { name: linkPart }).click();
}

/** Applies for a space as an informal collective of Ille-et-Vilaine named `name` (the
 *  office suite left as offered), confirms by the mail's button, and returns the URL of
 *  the private status page. */
export async function applyAndConfirm(page: Page, info: TestInfo, name: string, email: string, slug: string) {
  await page.goto('/demande');
  await loaded(page, info);
  await page.getByLabel('Nom de la structure').fill(name);
  await page.getByLabel('Collectif informel').check();
  await page.getByLabel('Département ou pays').selectOption('35');
  await page.getByLabel('Domaine d’action', { exact: true }).selectOption('environment');
  await page.getByLabel(/À quoi vous servira l’espace/).fill('Organiser nos ateliers de réparation.');
  await page.getByLabel('Nombre de membres de la structure').fill('15');
  await page.getByLabel('Nombre de comptes nécessaires').fill('8');
  await page.getByLabel('Stockage nécessaire, en Go').fill('5');
  await page.getByLabel('Budget annuel').selectOption('under-1k');
  await page.getByLabel('Adresse souhaitée pour l’espace').fill(slug);
  await expect(page.getByLabel('Collabora Online (proposée par défaut)')).toBeChecked();
  await page.getByLabel('Votre nom').fill('Dominique');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByLabel('Votre rôle dans la structure').fill('Bénévole');
  await page.getByLabel('J’ai lu et j’accepte les conditions d’utilisation').check();
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page).toHaveURL(/\/demande\/envoyee$/);
  await followMailLink(page, info, email, /\/demande\/confirmer\//);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Confirmer ma demande' }).click();
  await expect(page).toHaveURL(/\/demande\/confirmee$/);
  await followMailLink(page, info, email, /\/demande\/suivi\//);
  await expect(page.locator('h1')).toHaveText('Suivi de votre demande');
  return page.url();
}

/** Logs in the staff member `email` with the link mailed to them (no second factor). */
export async function staffLogIn(page: Page, info: TestInfo, email: string) {
  await page.goto('/equipe/connexion');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expect(page.locator('h1')).toHaveText('Vérifiez votre boîte mail');
  await followMailLink(page, info, email, /\/equipe\/connexion\//);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me connecter' }).click();
}
