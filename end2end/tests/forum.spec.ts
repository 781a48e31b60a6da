import { test, expect, loaded } from './fixtures';

// The help forum as anyone reads it, with and without JavaScript (the two projects), axe on
// every page of the JavaScript run.

test('a visitor finds the forum from the menu, opens a category, reads the welcome topic and goes back by the breadcrumb', async ({ page }, info) => {
  await page.goto('/');
  await loaded(page, info);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Entraide', exact: true }).click();
  await expect(page).toHaveURL(/\/forum$/);
  await expect(page.locator('h1')).toHaveText('Forum d’entraide');
  await loaded(page, info);
  await expect(page.getByRole('link', { name: 'Entraide', exact: true })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('region', { name: 'Catégories' }).getByRole('link', { name: 'Annonces', exact: true }).click();
  await expect(page.locator('h1')).toHaveText('Annonces');
  await loaded(page, info);
  const welcome = page.getByRole('link', { name: 'Bienvenue sur le forum d’entraide' });
  await expect(welcome).toBeVisible();
  await expect(page.locator('.topic-list li').first()).toContainText('Épinglé');

  await welcome.click();
  await expect(page.locator('h1')).toHaveText('Bienvenue sur le forum d’entraide');
  await loaded(page, info);
  // One heading per post, the post's own headings below it.
  await expect(page.getByRole('heading', { level: 2, name: 'Question de L’équipe' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Quelques règles' })).toBeVisible();
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/forum\/t\/bienvenue-sur-le-forum-d-entraide\/1$/);

  await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: 'Annonces' }).click();
  await expect(page.locator('h1')).toHaveText('Annonces');
  await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: 'Forum d’entraide' }).click();
  await expect(page.locator('h1')).toHaveText('Forum d’entraide');
});

test('an old address of a topic leads to its canonical one', async ({ page }, info) => {
  await page.goto('/forum/t/ancien-titre/1');
  await expect(page).toHaveURL(/\/forum\/t\/bienvenue-sur-le-forum-d-entraide\/1$/);
  await expect(page.locator('h1')).toHaveText('Bienvenue sur le forum d’entraide');
  await loaded(page, info);
});
