import { expect, test } from '@playwright/test';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { logIn, mailsTo, menu, ownerWithCredits, unique } from './account-setup';
import { acceptNextDialog, baseUrl, checkScreen } from './support';

// The screens beyond the seed walk, in Italian, on the real stack: a campaign cancelled, an
// API key created, used and revoked, the report and its Excel, the audit log and its chain,
// a sub-account edited with its manager's password, and a forgotten password reset by mail.
test('campaigns, API keys, reports, audit log, sub-account edit, password reset', async ({ page, request }) => {
  const owner = await ownerWithCredits(request, 500);
  const api = (p: string) => `${baseUrl()}/api/v1${p}`;
  const auth = { authorization: `Bearer ${owner.token}` };

  await logIn(page, owner.email, owner.password);

  let campaignId = '';
  await test.step('schedule a campaign for tomorrow from the send screen', async () => {
    await menu(page, 'Invia SMS');
    await page.getByLabel('Destinatari (uno per riga, formato +39…)').fill('+393331112222\n+393331113333');
    await page.getByLabel('Testo del messaggio').fill('Saldi di fine stagione');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Programma per (facoltativo)').fill(`${tomorrow}T09:00`);
    const asked = acceptNextDialog(page, /2 destinatari per 2 crediti/);
    await page.getByRole('button', { name: 'Invia' }).click();
    await asked;
    const sent = page.getByRole('status');
    await expect(sent).toContainText('Programmata: campagna');
    campaignId = /campagna (\S+),/.exec((await sent.textContent()) ?? '')?.[1] ?? '';
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);
  });

  await test.step('cancel a scheduled campaign', async () => {
    await menu(page, 'Campagne');
    const row = page.getByTestId(`campaign-${campaignId}`);
    await expect(row.getByTestId('campaign-state')).toHaveText('Programmata');
    await expect(row.getByTestId('campaign-counts')).toHaveText('2 in coda');
    const asked = acceptNextDialog(page, /Annullare la campagna .* I 2 crediti tornano sul saldo/);
    await row.getByRole('button', { name: /^Annulla la campagna del / }).click();
    await asked;
    await expect(page.getByRole('status')).toContainText('Campagna annullata');
    await expect(row.getByTestId('campaign-state')).toHaveText('Annullata');
    await expect(row.getByRole('button', { name: /^Annulla la campagna/ })).toHaveCount(0);
    await checkScreen(page, '13-campagne');
    await row.getByRole('link', { name: /^Dettagli della campagna/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Campagna del / })).toBeFocused();
    await expect(page.getByTestId('campaign')).toContainText(campaignId);
    await checkScreen(page, '14-campagna');
    await expect(async () => {
      const balance = (await (await request.get(api('/account/balance'), { headers: auth })).json()) as {
        credits: number;
      };
      expect(balance.credits).toBe(500);
    }).toPass({ timeout: 30_000 });
  });

  await test.step('create an API key, see its secret once, use it, revoke it', async () => {
    await menu(page, 'Chiavi API');
    await page.getByLabel('Nome della chiave').fill('Gestionale negozio');
    await page.getByLabel('Leggere il saldo (balance:read)').check();
    await page.getByRole('button', { name: 'Crea chiave' }).click();
    const secret = await page.getByLabel('Segreto della chiave').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await checkScreen(page, '15-chiave-creata');
    const withKey = () => request.get(api('/account/balance'), { headers: { 'x-api-key': secret } });
    expect((await withKey()).status()).toBe(200);
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click();
    await expect(page.getByLabel('Segreto della chiave')).toHaveCount(0);
    const row = page.getByTestId('key-Gestionale negozio');
    await expect(row).toContainText(secret.slice(0, 8));
    await expect(row).toContainText('balance:read');
    await expect(page.locator('body')).not.toContainText(secret);
    const asked = acceptNextDialog(page, /Revocare la chiave «Gestionale negozio»/);
    await row.getByRole('button', { name: 'Revoca la chiave Gestionale negozio' }).click();
    await asked;
    await expect(page.getByRole('status')).toHaveText('Chiave revocata.');
    await expect(row).toHaveCount(0);
    await checkScreen(page, '16-chiavi-api');
    await expect(async () => expect((await withKey()).status()).toBe(401)).toPass({ timeout: 15_000 });
  });

  await test.step('the report of this month and its Excel', async () => {
    await menu(page, 'Report');
    await page.getByRole('button', { name: 'Questo mese' }).click();
    await expect(page.getByTestId('report-total')).toContainText('Totale');
    await checkScreen(page, '17-report');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Scarica Excel del report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());
    expect(workbook.worksheets).toHaveLength(1);
    expect(workbook.worksheets[0].rowCount).toBeGreaterThan(0);
  });

  await test.step('the audit log, filtered, and its chain verified', async () => {
    await menu(page, 'Registro attività');
    // The screen's chunk loads before the page changes: reload only once it is there.
    await expect(page).toHaveURL(/\/audit-log$/);
    const log = page.getByTestId('audit-log');
    await expect(async () => {
      await page.reload();
      await expect(log.getByRole('row').filter({ hasText: 'Fattura pagata' })).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByLabel('Azione').selectOption({ label: 'Fattura pagata' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await expect(page).toHaveURL(/action=invoice\.pay/);
    await expect(log.getByRole('row')).toHaveCount(2);
    await page.getByRole('button', { name: 'Verifica l’integrità del registro' }).click();
    await expect(page.getByTestId('audit-verify')).toContainText('Registro integro');
    await checkScreen(page, '18-registro-attivita');
  });

  const manager = { email: `porto.${unique()}@example.com`, password: 'new shop password 1' };
  await test.step('edit every field of a sub-account and set its manager’s password', async () => {
    const created = await request.post(api('/sub-accounts'), {
      headers: { ...auth, 'idempotency-key': randomUUID() },
      data: {
        name: 'Negozio Porto',
        manager: { firstName: 'Marco', lastName: 'Bianchi', email: `old.${manager.email}` },
        password: 'first shop password',
        unlimited: false,
        credits: 0,
      },
    });
    expect(created.status()).toBeLessThan(300);
    await menu(page, 'Sotto-account');
    await page.getByTestId('sub-Negozio Porto').getByRole('link', { name: 'Modifica Negozio Porto' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Modifica Negozio Porto' })).toBeFocused();
    const details = page.getByRole('form', { name: 'Dati del sotto-account' });
    await details.getByLabel('Nome', { exact: true }).fill('Negozio Porto Vecchio');
    await details.getByLabel('Nome del gestore', { exact: true }).fill('Luca');
    await details.getByLabel('E-mail di accesso del gestore').fill(manager.email);
    await details.getByLabel(/Illimitato/).check();
    await details.getByRole('button', { name: 'Salva' }).click();
    await expect(details.getByRole('status')).toHaveText('Salvato.');
    const password = page.getByRole('form', { name: 'Password del gestore' });
    await password.getByLabel('Nuova password').fill(manager.password);
    await password.getByRole('button', { name: 'Salva' }).click();
    await expect(password.getByRole('status')).toContainText('Password del gestore impostata');
    await checkScreen(page, '19-modifica-sotto-account');
    await page.getByRole('link', { name: 'Torna ai sotto-account' }).click();
    const row = page.getByTestId('sub-Negozio Porto Vecchio');
    await expect(row).toContainText('Luca Bianchi');
    await expect(row.getByTestId('sub-credits')).toHaveText('illimitato');
    await page.getByRole('button', { name: 'Esci' }).click();
    await logIn(page, manager.email, manager.password);
    await expect(page.getByTestId('who')).toContainText('Luca');
    await page.getByRole('button', { name: 'Esci' }).click();
  });

  await test.step('forgotten password: the mail’s link sets a new one', async () => {
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole('link', { name: 'Password dimenticata?' }).click();
    await expect(page.getByRole('heading', { name: 'Password dimenticata' })).toBeVisible();
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByRole('button', { name: 'Invia il link' }).click();
    await expect(page.getByTestId('reset-requested')).toBeVisible();
    await checkScreen(page, '20-password-dimenticata');
    let token = '';
    await expect(async () => {
      const mail = mailsTo(owner.email).find((m) => m.subject === 'Reimposta la tua password');
      token = decodeURIComponent(/[?&]token=([^\s&]+)/.exec(mail?.text ?? '')?.[1] ?? '');
      expect(token).not.toBe('');
    }).toPass({ timeout: 30_000 });
    await page.goto(`${baseUrl()}/password-reset?token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { name: 'Nuova password' })).toBeVisible();
    await page.getByLabel('Nuova password').fill('a brand new secret');
    await page.getByRole('button', { name: 'Imposta la password' }).click();
    await expect(page.getByTestId('reset-done')).toBeVisible();
    await checkScreen(page, '21-nuova-password');
    await page.goto(`${baseUrl()}/password-reset?token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { name: 'Nuova password' })).toBeVisible();
    await page.getByLabel('Nuova password').fill('another brand new secret');
    await page.getByRole('button', { name: 'Imposta la password' }).click();
    await expect(page.getByRole('alert')).toContainText('not valid any more');
    await logIn(page, owner.email, 'a brand new secret');
  });
});
