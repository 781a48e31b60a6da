import { execFileSync } from 'node:child_process';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, loaded, hasJs, applyAndConfirm, followMailLink, staffLogIn, uniqueEmail } from './fixtures';

// The run's stand-in Nextcloud host (`run_e2e` in scripts/lib.sh): its binary and folder,
// for what a person does in their Nextcloud outside the portal (choosing a password).
const SIM = process.env.E2E_SIM ?? '';
const SIM_DIR = process.env.E2E_SIM_DIR ?? '';
const PASSWORD = 'Un-mot-de-passe-assez-long-42';

/** What the referent does from Nextcloud's own welcome mail: choose their password. The
 *  stand-in's `occ`, as an operator would run it, with the password on standard input. */
function choosePassword(instance: string, uid: string) {
  execFileSync(
    SIM,
    ['occ', '--dir', SIM_DIR, '--stdin-env', instance, 'user:resetpassword', '--password-from-env', uid],
    { input: `OC_PASS=${PASSWORD}\n\n` },
  );
}

/** A membership tool's export, as a spreadsheet on Windows writes it: Windows-1252 (the
 *  accents below are all in Latin-1, which Windows-1252 extends), semicolons, first and
 *  last names apart. Seventeen people, then three bad rows (an address that is none, a
 *  row without a name, the first person again), unless `fixed`. */
function membersFile(stamp: string, fixed: boolean): Buffer {
  const firsts = ['Hélène', 'Élodie', 'François', 'Zoé', 'Noël'];
  const lines = ['N° adhérent;Prénom;NOM;Courriel;Groupes'];
  for (let i = 1; i <= 17; i++) {
    lines.push(`${i};${firsts[i % 5]};Lévêque${i};m${i}-${stamp}@example.org;${i % 3 === 0 ? 'Bureau' : 'Jardin'}`);
  }
  lines.push(fixed ? `18;Sans;Adresse;sans-${stamp}@example.org;` : '18;Sans;Adresse;pas-une-adresse;');
  lines.push(fixed ? `19;Sacha;Nom;sacha-${stamp}@example.org;` : `19;;;sans-nom-${stamp}@example.org;`);
  lines.push(fixed ? `20;Hélène;Autre;autre-${stamp}@example.org;` : `20;Élodie;Lévêque1;M1-${stamp}@example.org;`);
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

/** A PNG's signature and header, `w`×`h` pixels: what the portal and the host read of it. */
function png(w: number, h: number): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const size = Buffer.alloc(8);
  size.writeUInt32BE(w, 0);
  size.writeUInt32BE(h, 4);
  return Buffer.concat([head, size, Buffer.from([8, 6, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64)]);
}

/** Imports `file` from the members page and waits for its report: with JavaScript the page
 *  follows the job by itself; without, its refresh button is pressed. */
async function importFile(page: Page, info: TestInfo, file: Buffer, name: string, preview: RegExp[], report: string) {
  const main = page.locator('main');
  await page.getByRole('link', { name: 'Importer des membres depuis un fichier' }).click();
  await expect(page.locator('h1')).toHaveText(/^Importer des membres dans /);
  await loaded(page, info);
  await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: file });
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
  await expect(page.locator('h1')).toHaveText(/^Importation de membres dans /);
  await expect(main).toContainText('Lu en Windows-1252, colonnes séparées par des points-virgules.');
  for (const text of preview) await expect(main).toContainText(text);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Confirmer l’importation' }).click();
  await expect(main).toContainText('C’est parti');
  await loaded(page, info);
  // The counts show while the job runs too: the report's heading is what says it has ended.
  const done = page.getByRole('heading', { name: 'Rapport de l’importation' });
  if (hasJs(info)) {
    await expect(done).toBeVisible({ timeout: 60_000 });
  } else {
    await expect(async () => {
      if (!(await done.isVisible())) await page.getByRole('button', { name: 'Actualiser' }).click({ timeout: 5_000 });
      await expect(done).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
  }
  await expect(main).toContainText(report);
  await expect(page.getByRole('link', { name: 'Télécharger le rapport (CSV)' })).toBeVisible();
  await loaded(page, info);
  await page.getByRole('link', { name: 'Retour aux membres' }).click();
  await expect(page.locator('h1')).toHaveText(/^Membres de /);
}

/** Members imported from a file with three bad rows, then the same list fixed and imported
 *  again: only the three are made. */
async function importMembers(page: Page, info: TestInfo, stamp: string) {
  const main = page.locator('main');
  await importFile(page, info, membersFile(stamp, false), 'adhérents.csv', [
    /17 nouveau\(x\) compte\(s\)/,
    /Adresse e-mail qui ne semble pas valide/,
    /Même personne qu’à la ligne 2/,
  ], '17 compte(s) créé(s)');
  await expect(main).toContainText('19 comptes sur 50');
  await expect(page.getByRole('rowheader', { name: 'Hélène Lévêque5' })).toBeVisible();
  await loaded(page, info);
  await importFile(page, info, membersFile(stamp, true), 'adhérents-corrigé.csv', [
    /17 déjà membre\(s\)/,
    /3 nouveau\(x\) compte\(s\)/,
  ], '3 compte(s) créé(s)');
  await expect(main).toContainText('22 comptes sur 50');
  await loaded(page, info);
}

test('a referent logs in with their space, sees its usage, manages its members, imports a list of them from a file twice, ticks a first step, invites by a link, changes the colour, the logo and the office suite, lists the space in the directory, asks for an export, hands the referent’s role to a member who confirms, then logs out everywhere', async ({ page }, info) => {
  // An application, its approval, its space made by the worker: a long journey.
  test.setTimeout(240_000);
  expect(SIM && SIM_DIR, 'E2E_SIM and E2E_SIM_DIR name the stand-in host').toBeTruthy();
  const stamp = `${info.project.name}-${Date.now() % 1_000_000}`;
  const name = `Jardin partagé ${stamp}`;
  const slug = `jardin-${stamp}`;
  const statusUrl = await applyAndConfirm(page, info, name, uniqueEmail(info), slug);

  // A moderator approves it, and the space is made.
  // A moderator of this spec's own: apply.spec.ts logs in as `moderation-…` meanwhile.
  await staffLogIn(page, info, `espaces-${info.project.name}@frama.example`);
  await expect(page.locator('h1')).toHaveText('Espace équipe');
  await page.goto('/equipe/demandes?type=collective&lieu=35');
  await page.getByRole('link', { name }).click();
  await expect(page.locator('h1')).toHaveText(name);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Accepter et créer l’espace' }).click();
  await expect(page.getByRole('button', { name: 'Accepter et créer l’espace' })).toHaveCount(0);
  await expect(async () => {
    await page.goto(statusUrl);
    await expect(page.locator('main')).toContainText('Votre espace est prêt', { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  // The referent (`Dominique`, account `dominique`) chooses a password in Nextcloud.
  choosePassword(slug, 'dominique');

  // "Se connecter avec mon espace": the address, then the space's own login and consent pages.
  await page.goto('/espace/connexion');
  await loaded(page, info);
  await expect(page.locator('h1')).toHaveText('Se connecter avec mon espace');
  await page.getByLabel('Adresse de votre espace').fill(`${slug}.frama.space`);
  await page.getByRole('button', { name: 'Me connecter avec mon espace' }).click();
  await expect(page.locator('h1')).toHaveText(/^Log in to /);
  expect(new URL(page.url()).hostname).toBe(`${slug}.localhost`);
  await page.getByLabel('Account name or email').fill('dominique');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Grant access' }).click();

  // Back on the portal: a page whose button logs in (a GET changes nothing).
  await expect(page).toHaveURL(/\/espace\/connexion\/retour\?/);
  await expect(page.locator('h1')).toHaveText('Dernière étape');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Ouvrir mon tableau de bord' }).click();
  await expect(page).toHaveURL(new RegExp(`/espace/${slug}$`));
  await expect(page.locator('h1')).toHaveText(/^Tableau de bord de /);
  await loaded(page, info);
  const main = page.locator('main');
  await expect(main).toContainText('Bonjour Dominique');
  await expect(main).toContainText('Collabora Online');
  await expect(page.getByRole('link', { name: 'Ouvrir mon espace' })).toHaveAttribute(
    'href',
    new RegExp(`^http://${slug}\\.localhost:\\d+$`),
  );

  // The figures, read now: one account (the referent; the portal's own is not counted).
  await page.getByRole('button', { name: 'Relever maintenant' }).click();
  await expect(main).toContainText('Les chiffres viennent d’être relevés.');
  await expect(main).toContainText('1 compte sur 50');
  await expect(page.locator('meter#usage-accounts')).toHaveAttribute('value', '1');
  await loaded(page, info);
  // Again at once: too soon, said plainly.
  await page.getByRole('button', { name: 'Relever maintenant' }).click();
  await expect(main).toContainText('il y a moins d’une minute');
  await loaded(page, info);

  // Members: one with an e-mail (Nextcloud's welcome mail), one without (a password shown
  // once), then disable and delete the second, asked first.
  await page.getByRole('link', { name: 'Membres', exact: true }).click();
  await expect(page.locator('h1')).toHaveText(/^Membres de /);
  await loaded(page, info);
  await expect(main).toContainText('1 compte sur 50');
  // The first from the keyboard alone: the fields in order, then the button.
  await page.getByLabel('Nom', { exact: true }).focus();
  await page.keyboard.type('Alix Roux');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Adresse e-mail (conseillée)')).toBeFocused();
  await page.keyboard.type(`alix-${stamp}@example.org`);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Identifiant', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ajouter ce membre' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(main).toContainText(/Le compte «.alix\.roux.» est créé/);
  await expect(page.getByRole('cell', { name: `alix-${stamp}@example.org` })).toBeVisible();
  await loaded(page, info);
  await page.getByLabel('Nom', { exact: true }).fill('Sam Petit');
  await page.getByRole('button', { name: 'Ajouter ce membre' }).click();
  await expect(page.locator('#member-password')).toContainText('sam.petit');
  await expect(page.locator('#member-password code.secret')).toHaveText(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  await expect(page.getByRole('rowheader', { name: 'Sam Petit' })).toBeVisible();
  await loaded(page, info);
  await page.getByRole('button', { name: 'Désactiver Sam Petit' }).click();
  await expect(main).toContainText(/Le compte «.sam\.petit.» est désactivé/);
  await loaded(page, info);
  await page.getByRole('link', { name: 'Supprimer… Sam Petit' }).click();
  await expect(page.getByRole('heading', { name: /Supprimer le compte de Sam Petit/ })).toBeVisible();
  await loaded(page, info);
  await page.getByRole('button', { name: 'Supprimer définitivement' }).click();
  await expect(main).toContainText(/Le compte «.sam\.petit.» est supprimé/);
  await expect(page.getByRole('rowheader', { name: 'Sam Petit' })).toHaveCount(0);
  await expect(main).toContainText(/Dominique a supprimé le compte «.sam\.petit.»/);
  await loaded(page, info);
  await importMembers(page, info, stamp);
  await page.getByRole('link', { name: 'Vue d’ensemble' }).click();
  await expect(page.locator('h1')).toHaveText(/^Tableau de bord de /);
  await loaded(page, info);

  // First steps: one ticked by hand, with who ticked it.
  await page.getByRole('button', { name: /^Marquer «.Créer un agenda partagé.» comme fait$/ }).click();
  await expect(main).toContainText('L’étape est cochée.');
  await expect(main).toContainText('coché par Dominique');
  await loaded(page, info);
  // The members' welcome page, at its unguessable address.
  await page.getByRole('link', { name: 'Voir la page d’accueil des membres' }).click();
  await expect(page.locator('h1')).toHaveText(/^Bienvenue dans l’espace de /);
  await loaded(page, info);

  // An invitation link, made then used by a newcomer (here, in the same browser).
  await page.goto(`/espace/${slug}/invitations`);
  await loaded(page, info);
  await page.getByRole('button', { name: 'Faire le lien' }).click();
  await expect(main).toContainText('Le lien est prêt');
  const link = await page.locator('code.address').first().textContent();
  await loaded(page, info);
  await page.goto(new URL(link ?? '').pathname);
  await expect(page.locator('h1')).toHaveText('Rejoindre un espace');
  await loaded(page, info);
  const newcomer = `lea-${stamp}@example.org`;
  await page.getByLabel('Votre nom').fill('Léa Invitée');
  await page.getByLabel('Votre adresse e-mail').fill(newcomer);
  await page.getByRole('button', { name: 'Demander mon compte' }).click();
  await expect(main).toContainText('Nous venons de vous envoyer un e-mail');
  await loaded(page, info);
  await followMailLink(page, info, newcomer, /\/espace\/rejoindre\/confirmer\//);
  await expect(page.locator('h1')).toHaveText('Confirmer votre adresse');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Confirmer et créer mon compte' }).click();
  await expect(main).toContainText(/Votre compte «.lea\.invitee.» est créé/);
  await loaded(page, info);
  await page.goto(`/espace/${slug}/invitations`);
  await expect(main).toContainText(/Léa Invitée a rejoint l’espace avec le compte «.lea\.invitee.»/);
  await loaded(page, info);
  await page.goto(`/espace/${slug}`);
  await loaded(page, info);

  // Settings: the colour and the logo, then the office suite switched; the worker applies
  // them, and the page shows them done.
  await page.goto(`/espace/${slug}/reglages`);
  await expect(page.locator('h1')).toHaveText(/^Réglages de /);
  await loaded(page, info);
  await page.getByLabel('Couleur principale').fill('#1A6B3C');
  await page.getByRole('button', { name: 'Enregistrer la couleur' }).click();
  await expect(main).toContainText('C’est noté');
  await loaded(page, info);
  // An SVG is refused beside the field, whatever its name says.
  await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await page.getByRole('button', { name: 'Envoyer le logo' }).click();
  await expect(page.locator('#settings-logo-error')).toContainText('ni en PNG ni en JPEG');
  await loaded(page, info);
  await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(128, 64) });
  await page.getByRole('button', { name: 'Envoyer le logo' }).click();
  await expect(main).toContainText('C’est noté');
  // The logo's form loads the page again: the next button waits for it to be ready.
  await loaded(page, info);
  await page.getByRole('button', { name: 'Passer à OnlyOffice' }).click();
  await expect(main).toContainText('C’est parti');
  await loaded(page, info);
  await expect(async () => {
    await page.goto(`/espace/${slug}/reglages`);
    await expect(main).toContainText(/changement de suite demandé le .* terminé/, { timeout: 1_000 });
    await expect(main).toContainText(/Couleur actuelle.:.#1a6b3c/, { timeout: 1_000 });
    await expect(main).toContainText('Logo envoyé le', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(main).toContainText('s’ouvrent avec OnlyOffice');
  await loaded(page, info);

  // The directory of associations: the entry ticked and saved, then a search that finds
  // nothing (this space never finds itself).
  await page.getByRole('link', { name: 'Associations', exact: true }).click();
  await expect(page.locator('h1')).toHaveText('L’annuaire des associations');
  await loaded(page, info);
  await page.getByLabel('Faire paraître notre association dans l’annuaire').check();
  await page.getByLabel('Domaine d’action').selectOption('culture');
  await page.getByLabel('Lieu', { exact: true }).selectOption('75');
  await page.getByLabel('Quelques mots sur votre association').fill('Un jardin partagé et des fêtes de rue.');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await expect(main).toContainText('votre association est dans l’annuaire');
  await loaded(page, info);
  await page.getByLabel('Mots à chercher').fill(`introuvable${stamp.replace(/[^a-z0-9]/g, '')}`);
  await page.getByRole('button', { name: 'Chercher' }).click();
  await expect(main).toContainText('Aucune association ne correspond à votre recherche.');
  await loaded(page, info);

  // An export of the whole space, asked by its referent: the worker has the host make it in
  // Dominique's files, and the page then says when the next one may be asked.
  await page.getByRole('link', { name: 'Exporter', exact: true }).click();
  await expect(page.locator('h1')).toHaveText('Exporter les données de l’espace');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Demander un export' }).click();
  await expect(main).toContainText('Votre demande est enregistrée');
  await loaded(page, info);
  await expect(async () => {
    await page.goto(`/espace/${slug}/exporter`);
    await expect(main).toContainText('Vous pourrez en demander un nouveau', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(main).toContainText(/Exports\/frama-space-.*\.tar\.gz/);
  await loaded(page, info);

  // The referent's role handed to Alix: offered, mailed, confirmed on the link's page by
  // its button; Dominique then sees who holds it.
  await page.getByRole('link', { name: 'Passer la main' }).click();
  await expect(page.locator('h1')).toHaveText('Passer la main');
  await loaded(page, info);
  await page.getByLabel('Membre à qui proposer le rôle').selectOption('alix.roux');
  await page.getByRole('button', { name: 'Proposer le rôle' }).click();
  await expect(main).toContainText('La proposition est envoyée');
  await expect(main).toContainText('Le rôle est proposé à Alix Roux');
  await loaded(page, info);
  await followMailLink(page, info, `alix-${stamp}@example.org`, /\/espace\/transmission\//);
  await expect(page.locator('h1')).toHaveText('Devenir référent·e d’un espace');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Accepter le rôle de référent·e' }).click();
  await expect(main).toContainText('vous êtes référent·e de l’espace');
  await loaded(page, info);
  await page.goto(`/espace/${slug}/passer-la-main`);
  await expect(main).toContainText('Seul·e Alix Roux, référent·e de l’espace, peut transmettre ce rôle.');
  await loaded(page, info);
  await page.goto(`/espace/${slug}`);
  await loaded(page, info);

  // Log out everywhere: the dashboard asks to log in again.
  await page.getByRole('button', { name: 'Me déconnecter de tous mes appareils' }).click();
  await expect(page).toHaveURL(/\/espace\/deconnecte\?partout=1$/);
  await expect(page.locator('h1')).toHaveText('Vous êtes déconnecté');
  await loaded(page, info);
  const res = await page.goto(`/espace/${slug}`);
  expect(res?.status()).toBe(401);
  await expect(page.locator('h1')).toHaveText('Connectez-vous pour voir ce tableau de bord');
  await loaded(page, info);
});

test('an address no space has is refused beside the field, what was typed kept', async ({ page }, info) => {
  await page.goto('/espace/connexion');
  await loaded(page, info);
  const field = page.getByLabel('Adresse de votre espace');
  await field.fill('personne-ici');
  await page.getByRole('button', { name: 'Me connecter avec mon espace' }).click();
  await expect(page.locator('#space-address-error')).toContainText('Aucun espace n’a cette adresse');
  await expect(field).toHaveValue('personne-ici');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await loaded(page, info);
});
