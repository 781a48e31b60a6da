import { test, expect, checkA11y, loaded, hasJs, uniqueEmail, followMailLink, applyAndConfirm, staffLogIn } from './fixtures';

// Registrations are open for the whole run (scripts/lib.sh, `framaspace registrations open`).

test('apply with mistakes then right, confirm by the mail’s button, follow and withdraw', async ({ page }, info) => {
  const email = uniqueEmail(info);
  const slug = `amis-${info.project.name}-${Date.now() % 1_000_000}`;
  await page.goto('/demande');
  await loaded(page, info);
  await expect(page.locator('main')).toContainText('Les inscriptions sont ouvertes jusqu’au');
  await expect(page.locator('main')).toContainText('Vague de test');

  await page.getByLabel('Nom de la structure').fill('Les Amis de l’Étoile <b>');
  await page.getByLabel('Association déclarée').check();
  await page.getByLabel('Département ou pays').selectOption('69');
  await page.getByLabel('Numéro d’enregistrement').fill('W691234567');
  await page.getByLabel('Domaine d’action', { exact: true }).selectOption('culture');
  await page.getByLabel(/À quoi vous servira l’espace/).fill('Partager nos documents\net nos agendas.');
  await page.getByLabel('Nombre de membres de la structure').fill('40');
  await page.getByLabel('Nombre de comptes nécessaires').fill('80');
  await page.getByLabel('Stockage nécessaire, en Go').fill('10');
  await page.getByLabel('Budget annuel').selectOption('1k-10k');
  await page.getByLabel('Adresse souhaitée pour l’espace').fill('Les Amis');
  await page.getByLabel('Collabora Online (proposée par défaut)').check();
  await page.getByLabel('Votre nom').fill('Camille Martin');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByLabel('Votre rôle dans la structure').fill('Secrétaire');
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();

  // Three mistakes: summarised, focused, each beside its field; everything typed stays.
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('3 erreurs empêchent l’envoi du formulaire');
  await expect(summary, 'the summary takes focus').toBeFocused();
  await expect(page.locator('#application-accounts-error')).toContainText('Un espace compte au plus 50 comptes');
  await expect(page.locator('#application-slug-error')).toContainText('Utilisez seulement des lettres sans accent');
  await expect(page.locator('#application-terms-error')).toContainText('acceptez les conditions');
  await expect(page.getByLabel('Nom de la structure')).toHaveValue('Les Amis de l’Étoile <b>');
  await expect(page.getByLabel(/À quoi vous servira l’espace/)).toHaveValue('Partager nos documents\net nos agendas.');
  await expect(page.getByLabel('Département ou pays')).toHaveValue('69');
  await expect(page.getByLabel('Association déclarée')).toBeChecked();
  await checkA11y(page, info);

  await page.getByLabel('Nombre de comptes nécessaires').fill('12');
  await page.getByLabel('Adresse souhaitée pour l’espace').fill(slug);
  await page.getByLabel('J’ai lu et j’accepte les conditions d’utilisation').check();
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page).toHaveURL(/\/demande\/envoyee$/);
  await expect(page.locator('h1')).toHaveText(/^Demande envoyée.*confirmez votre adresse$/);
  await checkA11y(page, info);

  // The mail's link opens a page; only its button confirms.
  await followMailLink(page, info, email, /\/demande\/confirmer\//);
  await expect(page.locator('h1')).toHaveText('Confirmer votre demande');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Confirmer ma demande' }).click();
  await expect(page).toHaveURL(/\/demande\/confirmee$/);
  await checkA11y(page, info);

  // The private status page: the timeline, the promise, and a way to withdraw.
  await followMailLink(page, info, email, /\/demande\/suivi\//);
  await expect(page.locator('h1')).toHaveText('Suivi de votre demande');
  await loaded(page, info);
  const main = page.locator('main');
  await expect(main).toContainText('en cours d’examen');
  await expect(main).toContainText(`${slug}.frama.space`);
  await expect(main).toContainText('Les Amis de l’Étoile <b>');
  await expect(main).toContainText('Réponse promise au plus tard le');
  await expect(page.locator('.timeline li')).toHaveCount(2);
  await checkA11y(page, info);
  await page.getByRole('button', { name: 'Retirer ma demande' }).click();
  await expect(main).toContainText('retirée');
  await expect(page.getByRole('button', { name: 'Retirer ma demande' })).toHaveCount(0);
  await checkA11y(page, info);
});

test('with JavaScript, the application form checks a field as soon as it is left', async ({ page }, info) => {
  test.skip(!hasJs(info), 'only the WASM can do this');
  await page.goto('/demande');
  await loaded(page, info);
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') posts += 1;
  });
  await page.getByLabel('Stockage nécessaire, en Go').fill('400');
  await page.keyboard.press('Tab');
  await expect(page.locator('#application-storage_gb-error')).toContainText('40 Go au plus');
  expect(posts, 'checked in the browser').toBe(0);
  await page.getByLabel('Stockage nécessaire, en Go').fill('4');
  await page.keyboard.press('Tab');
  await expect(page.locator('#application-storage_gb-error')).toHaveCount(0);
});

test('the lost-link form answers the same for anyone', async ({ page }, info) => {
  await page.goto('/demande/lien-perdu');
  await loaded(page, info);
  await page.getByLabel('Adresse e-mail').fill(uniqueEmail(info));
  await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
  await expect(page).toHaveURL(/\/demande\/lien-perdu\/envoye$/);
  await expect(page.locator('h1')).toHaveText('Regardez votre boîte de réception');
  await checkA11y(page, info);
});

test('with JavaScript, a reserved or taken address is said as the field is left, with free ones a click away', async ({
  page,
}, info) => {
  test.skip(!hasJs(info), 'only the WASM can do this');
  await page.goto('/demande');
  await loaded(page, info);
  const slug = page.getByLabel('Adresse souhaitée pour l’espace');
  await slug.fill('admin');
  await page.keyboard.press('Tab');
  await expect(page.locator('#application-slug-error')).toContainText('Cette adresse est réservée');
  const first = page.locator('#application-slug-live').getByRole('button').first();
  await expect(first).toHaveText('admin-asso');
  await checkA11y(page, info);
  await first.click();
  await expect(slug).toHaveValue('admin-asso');
  await expect(page.locator('#application-slug-error')).toHaveCount(0);
  await expect(page.locator('#application-slug-live')).toContainText('Cette adresse est libre.');
});

test('a moderator logs in by mail, asks a question, the applicant answers, the moderator approves, the applicant sees it', async ({
  page,
}, info) => {
  // Two people's whole journey, about twenty pages: more than the usual 30 s on a busy
  // two-core machine.
  test.setTimeout(120_000);
  const email = uniqueEmail(info);
  const stamp = `${info.project.name}-${Date.now() % 1_000_000}`;
  const name = `Atelier vélo ${stamp}`;
  const statusUrl = await applyAndConfirm(page, info, name, email, `velo-${stamp}`);

  // The moderator logs in with the link mailed to them.
  await staffLogIn(page, info, `moderation-${info.project.name}@frama.example`);
  await expect(page.locator('h1')).toHaveText('Espace équipe');
  await page.getByRole('link', { name: 'Demandes d’espace' }).click();
  await expect(page.locator('h1')).toHaveText('Demandes d’espace');
  await loaded(page, info);
  // Newer applications may fill the first page: filter on the collectives of Ille-et-Vilaine.
  await page.getByLabel('Type de structure').selectOption('collective');
  await page.locator('#filtre-lieu').selectOption('35');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await loaded(page, info);
  await page.getByRole('link', { name }).click();
  await expect(page.locator('h1')).toHaveText(name);
  await loaded(page, info);

  // An empty question is refused beside its field; then asked.
  await page.getByRole('button', { name: 'Poser la question' }).click();
  await expect(page.locator('#question-error')).toContainText('Ce champ est obligatoire');
  await loaded(page, info);
  await page.getByLabel('Question à poser').fill('Combien de bénévoles <b>tiennent</b> l’atelier ?');
  await page.getByRole('button', { name: 'Poser la question' }).click();
  await expect(page.locator('.timeline')).toContainText('question posée');
  await loaded(page, info);

  // The applicant reads it on the status page and answers.
  await page.goto(statusUrl);
  await loaded(page, info);
  const main = page.locator('main');
  await expect(main).toContainText('une question vous est posée');
  await expect(main).toContainText('Combien de bénévoles <b>tiennent</b> l’atelier ?');
  await page.getByLabel('Votre réponse').fill('Une dizaine, le samedi.');
  await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await expect(main).toContainText('en cours d’examen');
  await loaded(page, info);

  // The moderator sees the answer and approves.
  await page.goto('/equipe/demandes?type=collective&lieu=35');
  await loaded(page, info);
  await page.getByRole('link', { name }).click();
  await expect(page.locator('.timeline')).toContainText('Une dizaine, le samedi.');
  await page.getByRole('button', { name: 'Accepter et créer l’espace' }).click();
  await expect(page.locator('main')).toContainText('acceptée');
  await expect(page.getByRole('button', { name: 'Accepter et créer l’espace' })).toHaveCount(0);
  await loaded(page, info);

  // The applicant sees the decision.
  await page.goto(statusUrl);
  await loaded(page, info);
  await expect(main).toContainText('acceptée');
  await expect(page.getByRole('button', { name: 'Retirer ma demande' })).toHaveCount(0);
});

test('with JavaScript, a name left offers an address made from it, checked at once', async ({ page }, info) => {
  test.skip(!hasJs(info), 'only the WASM can do this');
  const stamp = `${info.project.name}-${Date.now() % 1_000_000}`;
  await page.goto('/demande');
  await loaded(page, info);
  await page.getByLabel('Nom de la structure').fill(`Café des Sciences « Été » ${stamp}`);
  await page.keyboard.press('Tab');
  const slug = page.getByLabel('Adresse souhaitée pour l’espace');
  await expect(slug).toHaveValue(`cafe-des-sciences-ete-${stamp}`);
  await expect(page.locator('#application-slug-live')).toContainText('Cette adresse est libre.');
  // An address typed first is never replaced.
  await slug.fill('mon-choix');
  await page.getByLabel('Nom de la structure').fill('Autre nom');
  await page.keyboard.press('Tab');
  await expect(slug).toHaveValue('mon-choix');
  await checkA11y(page, info);
});
