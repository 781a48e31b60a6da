import type { Browser, Page, TestInfo } from '@playwright/test';
import { test, expect, loaded, hasJs, uniqueEmail, followMailLink, checkA11y, staffLogIn } from './fixtures';

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
  // The home's own feed link leaves the head as the category's page comes (after a
  // navigation in the browser, a moment later).
  const feedLinks = page.locator('link[rel="alternate"][type="application/atom+xml"]');
  await expect(feedLinks).toHaveCount(1);
  await expect(feedLinks).toHaveAttribute('href', '/forum/c/annonces/9/flux.atom');
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

test('a person logs in by a mailed link, previews, asks a question, a moderator accepts it, they reply and mark the solution', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
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
  // A new person's first question waits for a moderator: its author reads it as it will be.
  await expect(page.locator('h1')).toHaveText('Mes messages en attente');
  await loaded(page, info);
  const held = page.getByRole('article', { name: `Votre question «\u202f${title}\u202f»` });
  await expect(held).toContainText('En attente de relecture');
  await expect(held.locator('strong')).toHaveText('tout le bureau');
  const modo = await moderatorPage(browser, info, 'relecture-question');
  await approve(modo, info, 'Avec **tout le bureau**, sur nos téléphones.');
  await modo.context().close();
  await openFromProfile(page, info, pseudonym, title);
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

/** A forum moderator of its own (`who`, one per test: two logins of one account at once
 *  take each other's links), logged in, in a browser of their own. */
async function moderatorPage(browser: Browser, info: TestInfo, who: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'fr-FR',
    javaScriptEnabled: hasJs(info),
  });
  const modo = await context.newPage();
  await staffLogIn(modo, info, `${who}-${info.project.name}@frama.example`);
  await expect(modo).toHaveURL(/\/equipe$/);
  return modo;
}

/** The moderator on `modo` accepts the held post whose words, as typed, hold `text`. */
async function approve(modo: Page, info: TestInfo, text: string) {
  await modo.goto('/equipe/forum');
  await expect(modo.locator('h1')).toHaveText('Modération du forum');
  await loaded(modo, info);
  const held = modo.getByRole('region', { name: /en attente d’approbation$/ });
  await held.getByRole('article').filter({ hasText: text })
    .getByRole('button', { name: 'Accepter et publier' }).click();
  await expect(modo.getByRole('status')).toContainText('Le message est publié');
  await loaded(modo, info);
}

/** Opens the topic `title` from the profile of `pseudonym`, who asked it. */
async function openFromProfile(page: Page, info: TestInfo, pseudonym: string, title: string) {
  await page.goto(`/forum/u/${pseudonym}`);
  await loaded(page, info);
  await page.getByRole('link', { name: title }).click();
  await expect(page.locator('h1')).toHaveText(title);
  await loaded(page, info);
}

/** Forgets who is logged in. The page's preloads still on their way would bring the session
 *  cookie back (they are answered with it), so they are waited for first. */
async function clearSession(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.context().clearCookies();
}

/** Logs in to the forum as `email` by a mailed link, from the login page open (which the
 *  link then returns to: its page's heading is `lands`). */
async function mailedLogIn(page: Page, info: TestInfo, email: string, lands: string) {
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click();
  await expect(page.locator('h1')).toHaveText('Regardez vos e-mails');
  await followMailLink(page, info, email, /\/forum\/connexion\/lien\//);
  await expect(page.locator('h1')).toHaveText('Se connecter au forum');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page.locator('h1')).toHaveText(lands);
  await loaded(page, info);
}

/** Logs in to the forum as `email` by a mailed link (the login's own page lands on « Poser
 *  une question »). */
async function forumLogIn(page: Page, info: TestInfo, email: string) {
  await page.goto('/forum/connexion');
  await loaded(page, info);
  await mailedLogIn(page, info, email, 'Poser une question');
}

test('a person flags a question, a forum moderator hides it with a reason, and the log says so', async ({ page, browser }, info) => {
  test.setTimeout(210_000);
  const pseudonym = `mod${info.project.name}${Math.floor(Math.random() * 1e6)}`;
  const title = `Vente de montres pas chères ${pseudonym}`;

  // Someone asks something that is no question.
  const author = uniqueEmail(info);
  await forumLogIn(page, info, author);
  await page.getByLabel('Votre pseudonyme').fill(pseudonym);
  await page.getByLabel('Catégorie').selectOption({ label: 'Premiers pas' });
  await page.getByLabel('Titre de votre question').fill(title);
  await page.getByLabel('Votre message').fill('Des montres à vendre, écrivez-moi.');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('h1')).toHaveText('Mes messages en attente');
  // A forum moderator (a moderator of applications given the forum's role), in a browser
  // of their own, lets it through: it reads like a question at first.
  const modo = await moderatorPage(browser, info, 'forum');
  await approve(modo, info, 'Des montres à vendre, écrivez-moi.');
  await openFromProfile(page, info, pseudonym, title);
  const topic = page.url();
  // Someone else flags it, from its page.
  await clearSession(page);
  await page.goto(topic);
  await loaded(page, info);
  await page.getByRole('link', { name: `Signaler le message de ${pseudonym}` }).click();
  await expect(page.locator('h1')).toHaveText('Signaler un message');
  await loaded(page, info);
  const flagPage = page.url();
  // Logging in from there comes back there.
  await page.getByRole('link', { name: 'Se connecter pour écrire' }).click();
  await expect(page.locator('h1')).toHaveText('Se connecter au forum');
  await loaded(page, info);
  await mailedLogIn(page, info, uniqueEmail(info), 'Signaler un message');
  expect(page.url()).toBe(flagPage);
  await expect(page.locator('figure')).toContainText('Des montres à vendre');
  // « Another reason » without words: refused beside the field, the choice kept.
  await page.getByLabel('Autre raison (dites-la ci-dessous)').check();
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.locator('#forum-flag-detail-error')).toBeVisible();
  await loaded(page, info);
  await expect(page.getByLabel('Autre raison (dites-la ci-dessous)')).toBeChecked();
  await page.getByLabel('Publicité ou spam').check();
  await page.getByLabel(/^Précisions/).fill('Une publicité, pas une question.');
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByRole('status')).toContainText('transmis à la modération');
  await loaded(page, info);

  // The moderator, still logged in, hides it (a second login of one account would race its
  // first link in the outbox).
  // First it moves the topic to where it belongs, from the topic's page: same address.
  await modo.goto(topic);
  await loaded(modo, info);
  await modo.getByLabel('Catégorie du sujet').selectOption({ label: 'Vie associative et outils' });
  await modo.getByRole('button', { name: 'Déplacer le sujet' }).click();
  await expect(modo.getByRole('link', { name: 'Vie associative et outils' }).first()).toBeVisible();
  await loaded(modo, info);
  expect(modo.url().split('#')[0]).toBe(topic);
  await modo.getByRole('link', { name: 'Aller à la modération du forum' }).click();
  await expect(modo.locator('h1')).toHaveText('Modération du forum');
  await loaded(modo, info);
  const post = modo.getByRole('article', { name: `Message de ${pseudonym} dans « ${title} »` });
  await expect(post).toContainText('Une publicité, pas une question.');
  // Hiding needs a reason: refused beside the field, nothing hidden.
  await post.getByRole('button', { name: 'Masquer le message' }).click();
  await expect(modo.getByText('Ce champ est obligatoire').first()).toBeVisible();
  await loaded(modo, info);
  const again = modo.getByRole('article', { name: `Message de ${pseudonym} dans « ${title} »` }).first();
  await again.getByLabel('Raison').fill('Publicité');
  await again.getByRole('button', { name: 'Masquer le message' }).click();
  await expect(modo.getByRole('status')).toHaveText('Le message est masqué.');
  await loaded(modo, info);
  await expect(modo.getByRole('region', { name: 'Journal de la modération' }).first()).toContainText('Publicité');
  await expect(modo.getByRole('region', { name: 'Journal de la modération' }).first()).toContainText('Premiers pas → Vie associative et outils');
  await expect(modo.getByRole('region', { name: 'Messages masqués' })).toContainText('Des montres à vendre');
  // Then it silences the author for a week, from the card's link; the date is required.
  await modo.getByRole('region', { name: 'Messages masqués' })
    .getByRole('article', { name: `Message de ${pseudonym} dans « ${title} »` })
    .getByRole('link', { name: `Sanctionner ${pseudonym}` }).click();
  await expect(modo.locator('h1')).toHaveText(`Sanctionner ${pseudonym}`);
  await loaded(modo, info);
  await modo.getByLabel('Silence (n’écrit plus)').check();
  await modo.getByLabel('Motif de la sanction').fill('Publicités répétées');
  await modo.getByRole('button', { name: 'Appliquer la sanction' }).click();
  await expect(modo.locator('#forum-sanction-until-error')).toBeVisible();
  await loaded(modo, info);
  await expect(modo.getByLabel('Motif de la sanction')).toHaveValue('Publicités répétées');
  await modo.getByLabel('Jusqu’au (inclus)').fill(new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10));
  await modo.getByRole('button', { name: 'Appliquer la sanction' }).click();
  await expect(modo.getByRole('status')).toContainText('réduite au silence');
  await loaded(modo, info);
  await expect(modo.getByRole('region', { name: 'Sanctions en cours' }).first()).toContainText(pseudonym);
  await expect(modo.getByRole('region', { name: 'Journal de la modération' }).first()).toContainText('Personne réduite au silence');

  await modo.context().close();
  // Its question hidden, the topic is gone for readers.
  await clearSession(page);
  expect((await page.goto(topic))?.status()).toBe(404);
  // Its author, logged in, reads why they no longer write, and is offered no form.
  await forumLogIn(page, info, author);
  await expect(page.locator('#forum-sanction')).toContainText('suspendu votre droit d’écrire');
  await expect(page.locator('#forum-sanction')).toContainText('Publicités répétées');
  await expect(page.getByRole('button', { name: 'Publier' })).toHaveCount(0);
});

test('a person proposes an idea for Nextcloud, votes for it and withdraws the vote', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const pseudonym = `idee${info.project.name}${Math.floor(Math.random() * 1e6)}`;
  const title = `Un sondage de dates intégré à l’agenda ${pseudonym}`;
  await forumLogIn(page, info, uniqueEmail(info));
  await page.getByLabel('Votre pseudonyme').fill(pseudonym);
  await page.getByLabel('Catégorie').selectOption({ label: 'Idées pour Nextcloud' });
  await page.getByLabel('Titre de votre question').fill(title);
  await page.getByLabel('Votre message').fill('Pour choisir la date de l’assemblée générale.');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('h1')).toHaveText('Mes messages en attente');
  await loaded(page, info);
  const modo = await moderatorPage(browser, info, 'relecture-idee');
  await approve(modo, info, 'Pour choisir la date de l’assemblée générale.');
  await modo.context().close();
  await openFromProfile(page, info, pseudonym, title);
  const idea = page.getByRole('region', { name: 'Cette idée' });
  await expect(idea).toContainText('Proposée');
  await expect(idea).toContainText('aucun vote');
  await idea.getByRole('button', { name: 'Voter pour cette idée' }).click();
  await expect(idea).toContainText('1 vote');
  await loaded(page, info);
  await idea.getByRole('button', { name: 'Retirer mon vote' }).click();
  await expect(idea).toContainText('aucun vote');
  await loaded(page, info);
  // The category lists it with its votes and state.
  await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link', { name: 'Idées pour Nextcloud' }).click();
  await loaded(page, info);
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Proposée');
});

test('a question asked from a space’s dashboard carries its versions, which the person may change', async ({ page }, info) => {
  const pseudonym = `details${info.project.name}${Math.floor(Math.random() * 1e6)}`;
  const title = `Modifier un tableur à plusieurs ${pseudonym}`;
  // The dashboard's help link, opened before logging in: the login comes back to it.
  await page.goto('/forum/nouveau?bureautique=collabora&nextcloud=30.0.4');
  await loaded(page, info);
  await page.getByRole('link', { name: 'Se connecter pour écrire' }).click();
  await expect(page.locator('h1')).toHaveText('Se connecter au forum');
  await loaded(page, info);
  await mailedLogIn(page, info, uniqueEmail(info), 'Poser une question');
  expect(new URL(page.url()).search).toBe('?bureautique=collabora&nextcloud=30.0.4');
  // The details, in a box closed by default.
  const details = page.getByLabel('Détails joints');
  await expect(details).toBeHidden();
  await page.getByText('Détails de votre espace, joints à la question').click();
  await expect(details).toHaveValue('Mon espace\u202f: Nextcloud 30.0.4, suite bureautique Collabora Online.');
  await details.fill('Mon espace\u202f: Nextcloud 30.0.4.');
  await page.getByLabel('Votre pseudonyme').fill(pseudonym);
  await page.getByLabel('Catégorie').selectOption({ label: 'Bureautique en ligne' });
  await page.getByLabel('Titre de votre question').fill(title);
  await page.getByLabel('Votre message').fill('Deux personnes ne peuvent pas écrire en même temps.');
  await page.getByRole('button', { name: 'Publier' }).click();
  // Held for a moderator, it reads there as it will once accepted.
  await expect(page.locator('h1')).toHaveText('Mes messages en attente');
  await loaded(page, info);
  const question = page.getByRole('article', { name: `Votre question «\u202f${title}\u202f»` });
  await expect(question).toContainText('Deux personnes ne peuvent pas écrire en même temps.');
  await expect(question).toContainText('Mon espace\u202f: Nextcloud 30.0.4.');
  await expect(question).not.toContainText('Collabora');
});

test('a reply that mentions the asker tells them; the answer solves it, search finds it; profiles, the account and its deletion', async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const tag = `${info.project.name}${Math.floor(Math.random() * 1e6)}`;
  const asker = `asker${tag}`;
  const helper = `aide${tag}`;
  // A word of its own, so that the search finds this answer only.
  const word = `zephyrin${tag}`;
  const title = `Retrouver un fichier effacé par erreur ${tag}`;

  await forumLogIn(page, info, uniqueEmail(info));
  await page.getByLabel('Votre pseudonyme').fill(asker);
  await page.getByLabel('Catégorie').selectOption({ label: 'Fichiers et synchronisation' });
  await page.getByLabel('Titre de votre question').fill(title);
  await page.getByLabel('Votre message').fill('Un membre a effacé le compte rendu de l’AG.');
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.locator('h1')).toHaveText('Mes messages en attente');
  const modo = await moderatorPage(browser, info, 'relecture-mention');
  await approve(modo, info, 'Un membre a effacé le compte rendu de l’AG.');
  await openFromProfile(page, info, asker, title);
  const topic = page.url();
  // The asker watches their topic from the start.
  await expect(page.getByText('Vous suivez ce sujet')).toBeVisible();

  // Someone else, in a browser of their own, replies and mentions the asker.
  const other = await browser.newContext({
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'fr-FR',
    javaScriptEnabled: hasJs(info),
  });
  const them = await other.newPage();
  await forumLogIn(them, info, uniqueEmail(info));
  await them.goto(topic);
  await loaded(them, info);
  await them.getByRole('link', { name: 'Répondre', exact: true }).click();
  await expect(them.locator('h1')).toContainText('Répondre à');
  await loaded(them, info);
  await them.getByLabel('Votre pseudonyme').fill(helper);
  await them.getByLabel('Votre message').fill(`Bonjour @${asker}, la corbeille garde les fichiers effacés : ${word}.`);
  await them.getByRole('button', { name: 'Publier' }).click();
  // Held too, until the moderator accepts it: then it tells the asker.
  await expect(them.locator('h1')).toHaveText('Mes messages en attente');
  await loaded(them, info);
  await expect(them.getByRole('article', { name: `Votre réponse dans «\u202f${title}\u202f»` })).toBeVisible();
  await approve(modo, info, word);
  await modo.context().close();
  await them.goto(topic);
  await expect(them.getByRole('heading', { level: 2, name: `Réponse de ${helper}` })).toBeVisible();
  await loaded(them, info);
  // The mention links to the asker's profile.
  await them.getByRole('link', { name: `@${asker}` }).click();
  await expect(them.locator('h1')).toHaveText(asker);
  await loaded(them, info);
  await expect(them.getByRole('link', { name: title })).toBeVisible();
  await other.close();

  // The asker: one unread notification, from the forum's home.
  await page.goto('/forum');
  await loaded(page, info);
  await page.getByRole('link', { name: 'Mes notifications (1 non lue)' }).click();
  await expect(page.locator('h1')).toHaveText('Mes notifications');
  await loaded(page, info);
  const told = page.getByRole('listitem').filter({ hasText: `${helper} vous a mentionné·e dans` });
  await expect(told).toContainText('Non lue');
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(page.getByText('Tout est lu.')).toBeVisible();
  await loaded(page, info);
  await told.getByRole('link', { name: title }).click();
  await expect(page.locator('h1')).toHaveText(title);
  await loaded(page, info);
  // The asker likes the answer: the button stays pressed, the count shows.
  const likeIt = () => page.getByRole('article', { name: `Réponse de ${helper}` })
    .getByRole('button', { name: `J’aime le message de ${helper}` });
  await expect(likeIt()).toHaveAttribute('aria-pressed', 'false');
  await likeIt().click();
  await expect(likeIt()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('article', { name: `Réponse de ${helper}` })).toContainText('1 personne aime ce message');
  await loaded(page, info);
  await page.getByRole('button', { name: 'C’est la solution' }).click();
  await expect(page.getByRole('region', { name: 'Solution acceptée' })).toContainText(word);
  await loaded(page, info);
  // The asker quotes the answer: with JavaScript, the passage selected; without, all of it.
  const passage = 'la corbeille garde les fichiers effacés';
  const answer = page.getByRole('article', { name: `Réponse de ${helper}` });
  if (hasJs(info)) {
    await answer.locator('.post-body').evaluate((words, text) => {
      const walk = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
      for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error('passage not found');
    }, passage);
  }
  await answer.getByRole('link', { name: `Citer le message de ${helper}` }).click();
  await expect(page.locator('h1')).toContainText('Répondre à');
  // Its author's name links to it; each line of what is quoted stands behind « > ».
  const quoted = page.getByLabel('Votre message');
  const whole = hasJs(info) ? passage : `Bonjour @${asker}, ${passage} : ${word}.`;
  await expect(quoted).toHaveValue(new RegExp(
    `^> \\[${helper}\\]\\(/forum/t/[^)]+#message-\\d+\\) a écrit\u202f:\n>\n> ${whole}\n\n$`));
  await loaded(page, info);
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
  const quotePreview = page.getByRole('region', { name: 'Aperçu de votre message' }).locator('blockquote');
  await expect(quotePreview).toContainText(`${helper} a écrit`);
  await expect(quotePreview).toContainText(passage);
  await loaded(page, info);
  await page.goto(topic);

  // The search finds the solved answer, among the solved topics only.
  await page.goto('/forum/recherche');
  await loaded(page, info);
  await page.getByLabel('Mots à chercher').fill(word);
  await page.getByLabel('Seulement les sujets résolus').check();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  const found = page.getByRole('listitem').filter({ hasText: title });
  await expect(found).toContainText('trouvé dans la solution acceptée');
  await loaded(page, info);

  // The account: the mails in one a day.
  await page.goto('/forum/compte');
  await expect(page.locator('h1')).toHaveText('Mon compte du forum');
  await loaded(page, info);
  await page.getByLabel('En un seul courriel par jour').check();
  await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await expect(page.getByText('Vos choix sont enregistrés.')).toBeVisible();
  await loaded(page, info);
  await expect(page.getByLabel('En un seul courriel par jour')).toBeChecked();

  // Deleting asks for the box first; then the person is logged out, their posts stay.
  await page.getByRole('link', { name: 'Supprimer mon compte du forum…' }).click();
  await expect(page.locator('h1')).toHaveText('Supprimer mon compte du forum');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
  await expect(page.getByText('Cochez la case pour confirmer la suppression de votre compte.').first()).toBeVisible();
  await checkA11y(page, info);
  await page.getByLabel('Je comprends que mon compte du forum sera supprimé').check();
  await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
  await expect(page.getByText('Votre compte du forum est supprimé.')).toBeVisible();
  await loaded(page, info);
  await page.goto(topic);
  await loaded(page, info);
  await expect(page.getByRole('heading', { level: 2, name: 'Question de Ancien membre' })).toBeVisible();
});
