import { test, expect, checkA11y, loaded, hasJs, uniqueEmail, WITHOUT_WASM } from './fixtures';

// The forms on the kit (app/src/forms/kit.rs), each with a value it accepts.
const FORMS = [
  { path: '/lettre', label: 'Votre adresse e-mail', button: 'M’inscrire', next: /\/lettre\/merci$/ },
  {
    path: '/equipe/connexion',
    label: 'Votre adresse e-mail',
    button: 'Recevoir un lien de connexion',
    next: /\/equipe\/connexion\/envoye$/,
  },
];

for (const form of FORMS) {
  test(`with JavaScript, ${form.path} goes through the actions' server function, not a page POST`, async ({
    page,
  }, info) => {
    test.skip(!hasJs(info), 'the client path');
    await page.goto(form.path);
    await loaded(page, info);
    const serverFunction: string[] = [];
    const pagePosts: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'POST') return;
      if (new URL(r.url()).pathname === '/api/actions/run') serverFunction.push(r.url());
      else if (r.isNavigationRequest()) pagePosts.push(r.url());
    });
    await page.getByLabel(form.label).fill(uniqueEmail(info));
    await page.getByRole('button', { name: form.button }).click();
    await expect(page).toHaveURL(form.next);
    expect(serverFunction, 'one call of the server function').toHaveLength(1);
    expect(pagePosts, 'no full-page POST').toEqual([]);
    await checkA11y(page, info);
  });

  test(`without the WASM, ${form.path} refused is the server's 422 page, focused on its summary, and passes axe`, async ({
    page,
  }, info) => {
    test.skip(!hasJs(info), 'axe is a script: this run keeps scripts but not the WASM');
    info.annotations.push({ type: WITHOUT_WASM });
    // The page's module is replaced by one that does nothing: the form is the plain one.
    await page.route(/\/pkg\/[^/]*\.js$/, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: 'export default async function init() {}\nexport function hydrate() {}\n',
      }),
    );
    await page.route(/\/pkg\/[^/]*\.wasm$/, (route) => route.fulfill({ contentType: 'application/wasm', body: '' }));
    await page.goto(form.path);
    await page.waitForLoadState('load');
    await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
    const field = page.getByLabel(form.label);
    await field.fill('camille@<b>');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === form.path),
      page.getByRole('button', { name: form.button }).click(),
    ]);
    expect(res.status()).toBe(422);
    await page.waitForLoadState('load');
    await expect(page.locator('#error-summary')).toBeFocused();
    await expect(page.getByLabel(form.label)).toHaveValue('camille@<b>');
    await expect(page.getByLabel(form.label)).toHaveAttribute('aria-invalid', 'true');
    await checkA11y(page, info);
  });
}
