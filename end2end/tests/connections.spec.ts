import { execFileSync } from 'node:child_process';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, loaded, applyAndConfirm, followMailLink, staffLogIn, uniqueEmail } from './fixtures';

// The run's stand-in Nextcloud host (`run_e2e` in scripts/lib.sh), whose trusted servers
// the test reads as an operator would, with `occ`.
const SIM = process.env.E2E_SIM ?? '';
const SIM_DIR = process.env.E2E_SIM_DIR ?? '';

/** `occ federation:trusted-servers --list` on the space `slug`. */
function trustedServers(slug: string): string {
  return execFileSync(SIM, ['occ', '--dir', SIM_DIR, slug, 'federation:trusted-servers', '--list'], {
    input: '',
  }).toString();
}

/** Logs in to the dashboard of `slug` with the link mailed to its referent. */
async function logInByLink(page: Page, info: TestInfo, slug: string, email: string) {
  await page.goto('/espace/connexion/lien');
  await loaded(page, info);
  await page.getByLabel('Adresse de votre espace').fill(`${slug}.frama.space`);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.locator('h1')).toHaveText('Le lien est parti');
  await followMailLink(page, info, email, /\/espace\/connexion\/lien\//);
  await expect(page.locator('h1')).toHaveText('Ouvrir le tableau de bord');
  await loaded(page, info);
  await page.getByRole('button', { name: 'Ouvrir le tableau de bord' }).click();
  await expect(page).toHaveURL(new RegExp(`/espace/${slug}$`));
}

/** Lists the space `slug` in the directory of associations, with the name drafted from its
 *  application. */
async function listInDirectory(page: Page, info: TestInfo, slug: string) {
  await page.goto(`/espace/${slug}/associations`);
  await expect(page.locator('h1')).toHaveText('L’annuaire des associations');
  await loaded(page, info);
  await page.getByLabel('Faire paraître notre association dans l’annuaire').check();
  await page.getByLabel('Lieu', { exact: true }).selectOption('35');
  await page.getByLabel('Quelques mots sur votre association').fill('Des ateliers ouverts à tous.');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await expect(page.locator('main')).toContainText('votre association est dans l’annuaire');
  await loaded(page, info);
}

test('two associations list their spaces, one proposes to connect them, the other accepts after reading what it means, both see them connected, then one disconnects', async ({ page }, info) => {
  // Two applications, their approval and their spaces made by the worker: a long journey.
  test.setTimeout(300_000);
  expect(SIM && SIM_DIR, 'E2E_SIM and E2E_SIM_DIR name the stand-in host').toBeTruthy();
  const stamp = `${info.project.name}-${Date.now() % 1_000_000}`;
  const a = { name: `Ateliers vélo ${stamp}`, slug: `velo-${stamp}`, email: uniqueEmail(info) };
  const b = { name: `Repair café ${stamp}`, slug: `repair-${stamp}`, email: uniqueEmail(info) };
  const statusA = await applyAndConfirm(page, info, a.name, a.email, a.slug);
  const statusB = await applyAndConfirm(page, info, b.name, b.email, b.slug);

  // A moderator of this spec's own approves both, and both spaces are made.
  await staffLogIn(page, info, `reseau-${info.project.name}@frama.example`);
  await expect(page.locator('h1')).toHaveText('Espace équipe');
  for (const s of [a, b]) {
    await page.goto('/equipe/demandes?type=collective&lieu=35');
    await loaded(page, info);
    await page.getByRole('link', { name: s.name }).click();
    await expect(page.locator('h1')).toHaveText(s.name);
    // Hydrated first: a press before would post the form as a page load.
    await loaded(page, info);
    await page.getByRole('button', { name: 'Accepter et créer l’espace' }).click();
    await expect(page.getByRole('button', { name: 'Accepter et créer l’espace' })).toHaveCount(0);
  }
  for (const status of [statusA, statusB]) {
    await expect(async () => {
      await page.goto(status);
      await expect(page.locator('main')).toContainText('Votre espace est prêt', { timeout: 1_000 });
    }).toPass({ timeout: 120_000 });
  }
  const main = page.locator('main');

  // Both list themselves; B finds A and proposes.
  await logInByLink(page, info, a.slug, a.email);
  await listInDirectory(page, info, a.slug);
  await logInByLink(page, info, b.slug, b.email);
  await listInDirectory(page, info, b.slug);
  await expect(main).toContainText('Votre espace n’est relié à aucune autre association');
  await page.getByLabel('Filtrer par domaine').selectOption('environment');
  await page.getByLabel('Filtrer par lieu').selectOption('35');
  await page.getByRole('button', { name: 'Chercher' }).click();
  const found = page.locator('li.directory-entry', { hasText: a.name });
  await expect(found).toContainText('Des ateliers ouverts à tous.');
  await loaded(page, info);
  await found.getByRole('button', { name: 'Proposer de relier nos espaces' }).click();
  await expect(main).toContainText('Votre proposition est envoyée');
  await expect(page.locator('li.connection', { hasText: a.name })).toContainText('en attente de sa réponse');
  await loaded(page, info);

  // A's referent is mailed (the mail's button leads to the directory's page), logs in,
  // reads what accepting means, and accepts.
  await followMailLink(page, info, a.email, new RegExp(`/espace/${a.slug}/associations`));
  await expect(page).toHaveURL(new RegExp(`/espace/${a.slug}/associations$`));
  await logInByLink(page, info, a.slug, a.email);
  await page.goto(`/espace/${a.slug}/associations`);
  const proposal = page.locator('li.connection', { hasText: b.name });
  await expect(proposal).toContainText('Vous propose de relier vos espaces');
  await expect(proposal).toContainText('les membres de votre espace deviennent visibles dans le carnet d’adresses de cet espace');
  await loaded(page, info);
  await proposal.getByRole('button', { name: 'Accepter' }).click();
  await expect(main).toContainText('Vous avez accepté');
  await loaded(page, info);

  // Connected once both spaces trust each other and exchanged their keys.
  await expect(async () => {
    await page.goto(`/espace/${a.slug}/associations`);
    await expect(page.locator('li.connection', { hasText: b.name })).toContainText('Reliée.', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(main).toContainText(`nom@${b.slug}.frama.space`);
  await loaded(page, info);
  expect(trustedServers(a.slug)).toMatch(new RegExp(`${b.slug}\\.localhost:\\d+ \\| ok`));
  expect(trustedServers(b.slug)).toMatch(new RegExp(`${a.slug}\\.localhost:\\d+ \\| ok`));

  // Disconnected: gone from both lists.
  await page.locator('li.connection', { hasText: b.name }).getByRole('button', { name: 'Défaire le lien' }).click();
  await expect(main).toContainText('C’est fait');
  await loaded(page, info);
  await expect(async () => {
    await page.goto(`/espace/${a.slug}/associations`);
    await expect(main).toContainText('Votre espace n’est relié à aucune autre association', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await loaded(page, info);
  expect(trustedServers(a.slug)).not.toContain(b.slug);
  expect(trustedServers(b.slug)).not.toContain(a.slug);
});
