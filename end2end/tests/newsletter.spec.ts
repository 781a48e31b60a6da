import { test, expect, checkA11y, loaded, hasJs, uniqueEmail } from './fixtures';

test('a bad address gets a translated error beside the field, and stays typed', async ({ page }, info) => {
  await page.goto('/lettre');
  await loaded(page, info);
  const field = page.getByLabel('Votre adresse e-mail');
  await field.fill('pas-une-adresse');
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  const error = page.locator('#newsletter-email-error');
  await expect(error).toContainText('Cette adresse ne semble pas valide');
  await expect(field).toHaveValue('pas-une-adresse');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#error-summary')).toBeVisible();
  await expect(page.locator('#error-summary'), 'the summary takes focus').toBeFocused();
  await expect(page).toHaveURL(/\/lettre$/);
  expect(page.url()).not.toContain('pas-une-adresse');
  await checkA11y(page, info);
});

test('with JavaScript, the error appears as soon as the field is left', async ({ page }, info) => {
  test.skip(!hasJs(info), 'only the WASM can do this');
  await page.goto('/lettre');
  await loaded(page, info);
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') posts += 1;
  });
  await page.getByLabel('Votre adresse e-mail').fill('camille@');
  await page.keyboard.press('Tab');
  await expect(page.locator('#newsletter-email-error')).toContainText('Cette adresse ne semble pas valide');
  expect(posts, 'validated in the browser, not by the server').toBe(0);
  // Fixing it clears the error at once.
  await page.getByLabel('Votre adresse e-mail').fill('camille@asso.example');
  await page.keyboard.press('Tab');
  await expect(page.locator('#newsletter-email-error')).toHaveCount(0);
});

test('sign up, confirm by the link in the mail, then unsubscribe', async ({ page }, info) => {
  const email = uniqueEmail(info);
  await page.goto('/');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page).toHaveURL(/\/lettre\/merci$/);
  await expect(page.locator('h1')).toHaveText('Vérifiez votre boîte mail');
  await checkA11y(page, info);

  // The development mail page shows what the mail worker wrote.
  const mail = page.locator('li.mail', { hasText: email });
  await expect(async () => {
    await page.goto('/dev/courriels');
    await expect(mail).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await checkA11y(page, info);
  await mail.getByRole('link', { name: /\/lettre\/confirmer\// }).click();
  // The link only opens a page: a mail scanner following it confirms nothing.
  await expect(page.locator('h1')).toHaveText('Confirmer votre inscription');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Confirmer mon inscription' }).click();
  await expect(page).toHaveURL(/\/lettre\/confirmee$/);
  await expect(page.locator('h1')).toHaveText('Inscription confirmée');
  await loaded(page, info);

  await page.goto('/dev/courriels');
  await loaded(page, info);
  await page.locator('li.mail', { hasText: email }).getByRole('link', { name: /\/lettre\/desinscription\// }).click();
  await expect(page.locator('h1')).toHaveText('Se désinscrire de la lettre');
  await checkA11y(page, info);
  await page.getByRole('button', { name: 'Me désinscrire' }).click();
  await expect(page).toHaveURL(/\/lettre\/desinscrit$/);
  await expect(page.locator('h1')).toHaveText('Vous êtes désinscrit·e');
  await loaded(page, info);
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB' });

  test('the form and its errors are in English', async ({ page }, info) => {
    await page.goto('/lettre');
    await loaded(page, info);
    await page.getByLabel('Your e-mail address').fill('nope');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.locator('#newsletter-email-error')).toContainText('This address does not look valid');
    await checkA11y(page, info);
  });
});
