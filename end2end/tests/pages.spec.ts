import { test, expect, PAGES, PAGE_STATUS, checkA11y, loaded, hasJs } from './fixtures';

for (const lang of ['fr', 'en']) {
  test.describe(`pages in ${lang}`, () => {
    test.use({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });

    for (const path of PAGES) {
      test(`${path} has one h1, landmarks and no accessibility violation`, async ({ page }, info) => {
        const res = await page.goto(path);
        expect(res?.status()).toBe(PAGE_STATUS.get(path) ?? 200);
        await loaded(page, info);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator('h1')).toHaveCount(1);
        await expect(page.locator('main#contenu')).toHaveCount(1);
        await expect(page.locator('header')).toHaveCount(1);
        await expect(page.locator('footer')).toHaveCount(1);
      });
    }
  });
}

test('pages fit 320 px without horizontal scrolling', async ({ page }, info) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of PAGES) {
    await page.goto(path);
    await loaded(page, info);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(320);
  }
});

test('screenshots of the main pages, desktop and 360 px', async ({ page }, info) => {
  test.skip(!hasJs(info), 'pictures once');
  const shots: [string, string][] = [
    ['home', '/'],
    ['features', '/fonctionnalites'],
    ['eligibility', '/qui-peut-en-beneficier'],
    ['faq', '/questions'],
    ['newsletter', '/lettre'],
  ];
  for (const [width, suffix] of [[1280, 'desktop'], [360, 'mobile']] as const) {
    await page.setViewportSize({ width, height: 800 });
    for (const [name, path] of shots) {
      await page.goto(path);
      await loaded(page, info);
      if (name === 'newsletter') {
        // The form as it looks with an error.
        await page.getByLabel('Votre adresse e-mail').fill('camille@');
        await page.getByRole('button', { name: 'M’inscrire' }).click();
        await expect(page.locator('#newsletter-email-error')).toBeVisible();
      }
      await page.screenshot({ path: `screenshots/${name}-${suffix}.png`, fullPage: true });
    }
  }
});

test('the accessibility check really fails on a violation', async ({ page }, info) => {
  test.skip(!hasJs(info), 'axe runs with JavaScript');
  await page.setContent(
    '<html lang="fr"><head><title>t</title></head><body><main><h1>Test</h1>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
  );
  await expect(checkA11y(page, info)).rejects.toThrow(/image-alt/);
});

test('the home page fetches no lazy chunk: the staff area and the other pages stay on the server until asked for', async ({
  page,
}, info) => {
  test.skip(!hasJs(info), 'only the WASM fetches chunks');
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  // The document's title after every change to the page, from the end of parsing on: while a
  // lazy page's chunk loads (hydrating it, or going to it), the document must not be untitled.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { titlesSeen: string[] }).titlesSeen = seen;
    new MutationObserver(() => {
      if (document.readyState !== 'loading') seen.push(document.title);
    }).observe(document, { childList: true, characterData: true, subtree: true });
  });
  const untitled = async () => {
    const titles = await page.evaluate(() => (window as unknown as { titlesSeen: string[] }).titlesSeen);
    expect(titles.length, 'the page changed after parsing').toBeGreaterThan(0);
    return titles.filter((t) => t.trim() === '').length;
  };
  await page.goto('/');
  await loaded(page, info);
  expect(fetched.filter((p) => p.includes('/pkg/'))).toContainEqual(expect.stringMatching(/\/pkg\/framaspace\..*\.wasm$/));
  expect(fetched.filter((p) => /\/pkg\/(split_|chunk_)/.test(p)), 'no chunk on the first visit').toEqual([]);
  // The page's language's messages (the WASM carries none): one request, the preload's,
  // which the WASM's own fetch reuses.
  expect(fetched.filter((p) => p.startsWith('/messages/'))).toEqual(['/messages/fr']);
  // Going to the staff area fetches its chunk, and the page works; so does the login page.
  await page.getByRole('link', { name: 'Espace équipe' }).click();
  await expect(page.locator('h1')).toHaveText('Connexion nécessaire');
  await expect(page).toHaveTitle(/^Connexion nécessaire/);
  expect(fetched.some((p) => /\/pkg\/split___staff_home_view_/.test(p)), 'the staff area came in its own chunk').toBe(true);
  // The footer's link is a full page load (`rel="external"`), hydrated with the lazy chunk.
  await loaded(page, info);
  expect(await untitled(), 'never untitled while hydrating').toBe(0);
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Connexion de l’équipe');
  await expect(page).toHaveTitle(/^Connexion de l’équipe/);
  expect(fetched.some((p) => /\/pkg\/split___staff_login_view_/.test(p)), 'the login page came in its own chunk').toBe(true);
  await checkA11y(page, info);
  expect(await untitled(), 'never untitled on the way').toBe(0);
});
