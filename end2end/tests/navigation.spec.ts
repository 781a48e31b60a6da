import { test, expect, loaded } from './fixtures';

test('French by default, then English with the switch, on the same page', async ({ page }, info) => {
  await page.goto('/questions');
  await loaded(page, info);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('h1')).toHaveText('Questions fréquentes');
  await page.getByRole('link', { name: /English/ }).click();
  await expect(page).toHaveURL(/\/questions$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Frequently asked questions');
  await loaded(page, info);
  // The choice sticks.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: /Français/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await loaded(page, info);
});

test('the main menu leads to every section', async ({ page }, info) => {
  await page.goto('/');
  await loaded(page, info);
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  await nav.getByRole('link', { name: 'Fonctionnalités' }).click();
  await expect(page.locator('h1')).toHaveText('Fonctionnalités');
  await loaded(page, info);
  await expect(nav.getByRole('link', { name: 'Fonctionnalités' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Questions fréquentes' }).click();
  await expect(page.locator('h1')).toHaveText('Questions fréquentes');
  await loaded(page, info);
});

test('keyboard: the skip link comes first and leads to the content', async ({ page }, info) => {
  await page.goto('/');
  await loaded(page, info);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#contenu')).toBeFocused();
});

test('FAQ answers open from the keyboard', async ({ page }, info) => {
  await page.goto('/questions');
  await loaded(page, info);
  const summary = page.locator('#faq-e2ee summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#faq-e2ee')).toHaveAttribute('open', '');
  await expect(page.locator('#faq-e2ee p')).toBeVisible();
});

test('an unknown page says so, with a 404', async ({ page }, info) => {
  const res = await page.goto('/nulle-part');
  expect(res?.status()).toBe(404);
  await loaded(page, info);
  await expect(page.locator('h1')).toHaveText('Page introuvable');
});
