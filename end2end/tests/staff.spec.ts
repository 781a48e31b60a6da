import { test, expect, loaded, hasJs, totp, followMailLink, STAFF_PAGES, checkA11y, applyAndConfirm, uniqueEmail } from './fixtures';

// Accounts made by the test script (`framaspace staff add`), one per project so that the
// two runs never share a login or a second-factor code.
const moderator = (p: string) => `moderatrice-${p}@frama.example`;
const admin = (p: string) => `admin-${p}@frama.example`;

test('the staff area asks anonymous visitors to log in', async ({ page }, info) => {
  for (const route of STAFF_PAGES) {
    const res = await page.goto(route.path);
    expect(res?.status(), route.path).toBe(401);
    await loaded(page, info);
    await expect(page.locator('h1')).toHaveText('Connexion nécessaire');
  }
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Connexion de l’équipe');
  await loaded(page, info);
});

test('a moderator logs in with the mailed link, sees the staff area, then logs out', async ({ page }, info) => {
  const email = moderator(info.project.name);
  await page.goto('/');
  await loaded(page, info);
  await page.getByRole('link', { name: 'Espace équipe' }).click();
  await expect(page.locator('h1')).toHaveText('Connexion nécessaire');
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Connexion de l’équipe');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expect(page).toHaveURL(/\/equipe\/connexion\/envoye$/);
  await expect(page.locator('h1')).toHaveText('Vérifiez votre boîte mail');
  await loaded(page, info);

  await followMailLink(page, info, email, /\/equipe\/connexion\//);
  // The link opens a page; only its button logs in.
  await expect(page.locator('h1')).toHaveText('Se connecter');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/equipe$/);
  await expect(page.locator('h1')).toHaveText('Espace équipe');
  await expect(page.locator('main')).toContainText(email);
  await loaded(page, info);
  // Moderators do not see the administration.
  await expect(page.getByRole('link', { name: 'Comptes de l’équipe' })).toHaveCount(0);
  expect((await page.goto('/equipe/comptes'))?.status()).toBe(403);
  await loaded(page, info);

  await page.goto('/equipe');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me déconnecter', exact: true }).click();
  await expect(page).toHaveURL(/\/equipe\/deconnecte$/);
  await expect(page.locator('h1')).toHaveText('Vous êtes déconnecté·e');
  await loaded(page, info);
  expect((await page.goto('/equipe'))?.status()).toBe(401);
});

test('an administrator sets up the second factor, then sees the accounts and the outbox', async ({ page }, info) => {
  // It also sends an application, then visits every staff page.
  test.setTimeout(300_000);
  const email = admin(info.project.name);
  await page.goto('/equipe/connexion');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expect(page.locator('h1')).toHaveText('Vérifiez votre boîte mail');
  await followMailLink(page, info, email, /\/equipe\/connexion\//);
  await expect(page.locator('h1')).toHaveText('Se connecter');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me connecter' }).click();

  await expect(page).toHaveURL(/\/equipe\/double-authentification$/);
  await expect(page.locator('h1')).toHaveText('Activer la double authentification');
  await expect(page.getByRole('img', { name: 'Code QR de la clé d’authentification' })).toBeVisible();
  await loaded(page, info);
  const key = (await page.locator('code.secret').textContent()) ?? '';
  expect(key.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);

  // A wrong code: the error beside the field, the field empty again.
  await page.getByLabel('Code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Activer' }).click();
  await expect(page.locator('#staff-code-error')).toContainText('Ce code ne convient pas');
  await expect(page.locator('#error-summary')).toBeVisible();
  await loaded(page, info);

  await page.getByLabel('Code', { exact: true }).fill(totp(key));
  await page.getByRole('button', { name: 'Activer' }).click();
  await expect(page.locator('h1')).toHaveText('Vos codes de secours');
  await expect(page.locator('.recovery-codes li')).toHaveCount(10);
  await loaded(page, info);
  await page.getByRole('link', { name: 'Continuer vers l’espace équipe' }).click();
  await expect(page.locator('h1')).toHaveText('Espace équipe');
  await loaded(page, info);

  await page.getByRole('link', { name: 'Comptes de l’équipe' }).click();
  await expect(page.locator('h1')).toHaveText('Comptes de l’équipe');
  await expect(page.locator('table')).toContainText(email);
  await loaded(page, info);
  await page.goto('/equipe');
  await page.getByRole('link', { name: 'Courriels envoyés et en attente' }).click();
  await expect(page.locator('h1')).toHaveText('Courriels envoyés et en attente');
  await expect(page.locator('table')).toContainText('staff-login');
  await expect(page.locator('table')).not.toContainText('/equipe/connexion/');
  await loaded(page, info);

  // Every staff page, with the axe check in the JavaScript run; an application's page is
  // that of one sent for the purpose.
  const name = `Répar’vélo ${info.project.name} ${Date.now() % 1_000_000}`;
  const slug = `repar-${info.project.name}-${Date.now() % 1_000_000}`;
  await applyAndConfirm(page, info, name, uniqueEmail(info), slug);
  await page.goto('/equipe/demandes?type=collective&lieu=35');
  const href = await page.getByRole('link', { name }).getAttribute('href');
  const id = href?.match(/\/equipe\/demandes\/(\d+)$/)?.[1];
  expect(id, 'the application is in the queue').toBeTruthy();
  // Approved, it has a space (made on the run's one stand-in host), whose page is walked.
  await page.goto(`/equipe/demandes/${id}`);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Accepter et créer l’espace' }).click();
  await expect(page.getByRole('button', { name: 'Accepter et créer l’espace' })).toHaveCount(0);
  await page.goto(`/equipe/espaces?q=${slug}`);
  const spaceHref = await page.getByRole('link', { name: slug }).getAttribute('href');
  const spaceId = spaceHref?.match(/\/equipe\/espaces\/(\d+)$/)?.[1];
  expect(spaceId, 'the space is listed').toBeTruthy();
  // A page whose example names nothing (the sanction of a post's author: the post is
  // the forum's) is walked, with axe, by its own test in forum.spec.ts. The forum's pages
  // are walked at their examples (a topic's id is no application's).
  for (const route of STAFF_PAGES.filter((r) => r.example_status !== 404)) {
    const path = route.path.startsWith('/equipe/forum/') && route.example
      ? route.example
      : route.path.replace('{id}', (route.path.startsWith('/equipe/espaces/') ? spaceId : id) ?? '');
    expect((await page.goto(path))?.status(), path).toBe(200);
    await loaded(page, info);
  }

  // The form that adds a host, reached from the fleet's page with the keyboard. A host
  // added here would take the run's next spaces without being one, so the form is sent
  // with a name that is not one: refused beside the field (by the browser with the WASM,
  // by the server without), everything typed kept, nothing added.
  await page.goto('/equipe/serveurs');
  await loaded(page, info);
  const add = page.getByRole('link', { name: 'Ajouter un serveur' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('Ajouter un serveur');
  await loaded(page, info);
  await page.getByLabel('Nom du serveur').fill('NC 4');
  await page.getByLabel('Adresse des espaces').fill('https://{slug}.frama.space');
  await page.getByLabel('Version de Nextcloud').fill('35');
  await page.getByLabel('Commande occ').fill('ssh nc4 sudo -u www-data php /srv/{slug}/occ');
  await page.getByLabel('Script du serveur').fill('ssh nc4 sudo framaspace-host {slug}');
  await page.getByLabel('Serveur de bases de données').fill('db4.interne');
  await page.getByLabel('Nombre d’espaces au plus').fill('250');
  await page.getByLabel('Stockage total').fill('10 To');
  await page.getByLabel('Secret du serveur bureautique (facultatif)').fill('s3cret');
  await expect(page.getByLabel('Secret du serveur bureautique (facultatif)')).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Ajouter ce serveur' }).click();
  await expect(page.locator('#host-name-error')).toContainText('Un nom de serveur s’écrit en minuscules');
  await expect(page.locator('#host-office_url-error')).toContainText('Ce champ est obligatoire');
  // Its templates run on every space: a fresh second-factor code is asked for, and the
  // arguments are quoted for a shell unless the admin says otherwise.
  await expect(page.locator('#host-code-error')).toBeVisible();
  await expect(page.getByLabel('Par un shell', { exact: false })).toBeChecked();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.getByLabel('Nom du serveur')).toHaveValue('NC 4');
  await expect(page.getByLabel('Stockage total')).toHaveValue('10 To');
  await expect(page).toHaveURL(/\/equipe\/serveurs\/nouveau$/);
  await checkA11y(page, info);
  await page.goto('/equipe/serveurs');
  await expect(page.locator('table')).not.toContainText('NC 4');

  // Once the space is made, its page offers its later life; the new address form is a
  // plain form (the same with and without the WASM): a bad address comes back beside the
  // field, kept; a good one is done by a job, after which the page shows the new address.
  const spacePath = `/equipe/espaces/${spaceId}`;
  const rename = page.getByRole('button', { name: 'Changer l’adresse' });
  await expect(async () => {
    await page.goto(spacePath);
    await expect(rename).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await loaded(page, info);
  await checkA11y(page, info);
  const field = page.getByLabel('Nouvelle adresse de l’espace');
  await field.fill('Mon Asso');
  await rename.click();
  await expect(page.locator('#rename-address-error')).toContainText('Utilisez seulement des lettres sans accent');
  await expect(page.getByLabel('Nouvelle adresse de l’espace')).toHaveValue('Mon Asso');
  await loaded(page, info);
  await checkA11y(page, info);
  const renamed = `${slug}-bis`;
  await page.getByLabel('Nouvelle adresse de l’espace').fill(renamed);
  await page.getByRole('button', { name: 'Changer l’adresse' }).click();
  await expect(page.locator('#change-outcome')).toContainText('Le changement d’adresse est lancé');
  await loaded(page, info);
  await expect(async () => {
    await page.goto(spacePath);
    await expect(page.locator('h1')).toContainText(renamed, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('main')).toContainText('changement d’adresse');
});

test('with JavaScript, a bad address is caught before anything is sent', async ({ page }, info) => {
  test.skip(!hasJs(info), 'only the WASM can do this');
  await page.goto('/equipe/connexion');
  await loaded(page, info);
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') posts += 1;
  });
  await page.getByLabel('Votre adresse e-mail').fill('camille@');
  await page.keyboard.press('Tab');
  await expect(page.locator('#staff-login-email-error')).toContainText('Cette adresse ne semble pas valide');
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  expect(posts).toBe(0);
  await checkA11y(page, info);
});

test('without JavaScript, a bad address comes back with its error and its value', async ({ page }, info) => {
  test.skip(hasJs(info), 'the server-side path');
  await page.goto('/equipe/connexion');
  await loaded(page, info);
  await page.getByLabel('Votre adresse e-mail').fill('camille@<b>');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click(),
  ]);
  expect(res.status()).toBe(422);
  await expect(page.locator('#staff-login-email-error')).toContainText('Cette adresse ne semble pas valide');
  await expect(page.getByLabel('Votre adresse e-mail')).toHaveValue('camille@<b>');
  await expect(page).toHaveTitle(/^Erreur/);
  await expect(page.locator('#error-summary')).toBeFocused();
});
