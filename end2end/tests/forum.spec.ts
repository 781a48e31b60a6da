import { test, expect, loaded, hasJs, uniqueEmail, followMailLink } from './fixtures';

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
  // The category's feed, named for feed readers and linked under its list.
  const feed = page.getByRole('link', { name: 'Suivre les nouveaux sujets (flux Atom)' });
  await expect(feed).toHaveAttribute('href', '/forum/c/annonces/9/flux.atom');
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', '/forum/c/annonces/9/flux.atom');
  const atom = await page.request.get('/forum/c/annonces/9/flux.atom');
  expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  expect(await atom.text()).toContain('<title>Bienvenue sur le forum d’entraide</title>');
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

test('a person logs in by a mailed link, previews, asks a question, replies and marks the solution', async ({ page }, info) => {
  const email = uniqueEmail(info);
  const pseudonym = `e2e${info.project.name.slice(0, 6)}${Math.floor(Math.random() * 1e6)}`.replace(/[^a-z0-9]/gi, '');
  const title = `Comment partager un agenda avec le bureau du forum ${pseudonym} ?`;

  await page.goto('/forum');
  await loaded(page, info);
  await page.getByRole('link', { name: 'Poser une question' }).click();
  await expect(page.locator('h1')).toHaveText('Poser une question');
  await loaded(page, info);
  await page.getByRole('link', { name: 'Se connecter pour écrire' }).click();
  await expect(page.locator('h1')).toHaveText('Se connecter au forum');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click();
  await expect(page.locator('h1')).toHaveText('Regardez vos e-mails');
  await loaded(page, info);

  // The mail's link opens a page; only its button logs in.
  await followMailLink(page, info, email, /\/forum\/connexion\/lien\//);
  await expect(page.locator('h1')).toHaveText('Se connecter au forum');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Poser une question');
  await loaded(page, info);

  await page.getByLabel('Votre pseudonyme').fill(pseudonym);
  await page.getByLabel('Catégorie').selectOption({ label: 'Agendas et contacts' });
  await page.getByLabel('Titre de votre question').fill(title);
  // The topics like the question: as its title is typed with JavaScript, with the preview
  // without; each opens in a new tab.
  const similar = page.getByRole('region', { name: 'Des sujets qui ressemblent à votre question' });
  if (hasJs(info)) {
    await expect(similar.getByRole('link', { name: 'Bienvenue sur le forum d’entraide' })).toHaveAttribute('target', '_blank');
  }
  await page.getByLabel('Votre message').fill('Avec **tout le bureau**, sur nos téléphones.');
  if (hasJs(info)) {
    // A draft survives a reload.
    await page.reload();
    await loaded(page, info);
    await expect(page.getByLabel('Votre message')).toHaveValue('Avec **tout le bureau**, sur nos téléphones.');
    await page.getByLabel('Votre pseudonyme').fill(pseudonym);
    await page.getByLabel('Catégorie').selectOption({ label: 'Agendas et contacts' });
    await page.getByLabel('Titre de votre question').fill(title);
  }
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
  const preview = page.getByRole('region', { name: 'Aperçu de votre message' });
  await expect(preview.locator('strong')).toHaveText('tout le bureau');
  await expect(similar.getByRole('link', { name: 'Bienvenue sur le forum d’entraide' })).toHaveAttribute('target', '_blank');
  await loaded(page, info);
  await expect(page.getByLabel('Titre de votre question')).toHaveValue(title);
  await expect(page.getByLabel('Votre pseudonyme')).toHaveValue(pseudonym);

  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('h1')).toHaveText(title);
  await loaded(page, info);
  await expect(page.getByRole('heading', { level: 2, name: `Question de ${pseudonym}` })).toBeVisible();

  await page.getByRole('link', { name: 'Répondre', exact: true }).click();
  await expect(page.locator('h1')).toContainText('Répondre à');
  await loaded(page, info);
  await expect(page.getByLabel('Votre pseudonyme')).toHaveCount(0);
  await page.getByLabel('Votre message').fill('Trouvé : il faut partager le lien CalDAV.');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.getByRole('heading', { level: 2, name: `Réponse de ${pseudonym}` })).toBeVisible();
  await loaded(page, info);
  // The person who asked marks the answer that solved it: it shows under the question.
  await page.getByRole('button', { name: 'C’est la solution' }).click();
  await expect(page.getByRole('region', { name: 'Solution acceptée' })).toContainText('il faut partager le lien CalDAV');
  await loaded(page, info);
  // Nothing left behind: a new question starts empty.
  await page.goto('/forum/nouveau');
  await loaded(page, info);
  await expect(page.getByLabel('Votre message')).toHaveValue('');
});
