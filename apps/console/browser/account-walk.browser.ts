import { expect, test, type Page } from '@playwright/test';
import * as ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mailsTo } from './account-setup';
import { acceptNextDialog, baseUrl, checkScreen } from './support';

// index.js of pdf-parse runs a debug self-test when required directly; the lib file does not.
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (data: Buffer) => Promise<{ text: string }>;

const it = (n: number) => new Intl.NumberFormat('it-IT').format(n);
const unique = () => randomBytes(4).toString('hex');

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

async function menu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name, exact: true }).click();
}

/** Reloads until the balance shows `credits`: payments and sends reach the wallet as events. */
async function expectBalance(page: Page, credits: number): Promise<void> {
  await menu(page, 'Home');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('balance')).toHaveText(`${it(credits)} crediti`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

test('the seed walk, in Italian, as a person does it', async ({ page }) => {
  const owner = { email: `titolare.${unique()}@example.com`, password: 'correct horse battery' };
  const manager = { email: `negozio.${unique()}@example.com`, password: 'shop password 123' };

  await test.step('sign up', async () => {
    await page.goto(`${baseUrl()}/signup`);
    await checkScreen(page, '01-signup');
    await page.getByLabel('Nome', { exact: true }).fill('Anna');
    await page.getByLabel('Cognome', { exact: true }).fill('Rossi');
    await page.getByLabel('Ragione sociale').fill('Fiori di Sanremo S.r.l.');
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Registrati' }).click();
    await expect(page).toHaveURL(/\/profile$/);
  });

  await test.step('billing details, with an error shown next to its field first', async () => {
    const billing = page.getByRole('form', { name: 'Dati di fatturazione' });
    await billing.getByLabel('Ragione sociale').fill('Fiori di Sanremo S.r.l.');
    await billing.getByLabel('Nome', { exact: true }).fill('Anna');
    await billing.getByLabel('Cognome', { exact: true }).fill('Rossi');
    await billing.getByLabel('Indirizzo').fill('Corso Matteotti 1');
    await billing.getByLabel('CAP').fill('18038');
    await billing.getByLabel('Città').fill('Sanremo');
    await billing.getByLabel('Paese (codice ISO, es. IT)').fill('ZZ');
    await billing.getByLabel('Partita IVA').fill('IT01234567890');
    await billing.getByRole('button', { name: 'Salva' }).click();
    await expect(billing.getByLabel('Paese (codice ISO, es. IT)')).toHaveAttribute('aria-invalid', 'true');
    await billing.getByLabel('Paese (codice ISO, es. IT)').fill('IT');
    await billing.getByRole('button', { name: 'Salva' }).click();
    await expect(billing.getByRole('status')).toHaveText('Salvato.');
    await checkScreen(page, '02-informazioni-personali');
  });

  await test.step('default sender and the replies warning', async () => {
    await menu(page, 'Mittente predefinito');
    await page.getByLabel('Mittente predefinito (vuoto per quello della piattaforma)').fill('FioriSR');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page.getByTestId('replies-disabled')).toContainText('non possono rispondere');
    await checkScreen(page, '03-mittente');
  });

  await test.step('balance alert', async () => {
    await menu(page, 'Avviso saldo');
    await page.getByLabel('Soglia (crediti)').fill('100');
    await page.getByLabel('Avviso via e-mail attivo').check();
    await page.getByLabel(/Indirizzo per l.e-mail di avviso/).fill(owner.email);
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect(page.getByRole('status')).toHaveText('Salvato.');
    // A new address gets a code by mail; alerts go to it only once the code is sent back.
    const channel = page.getByTestId('alert-email');
    await expect(channel.getByTestId('alert-email-state')).toContainText('Non verificato');
    await checkScreen(page, '04-avviso-saldo');
    let code = '';
    await expect(async () => {
      const mail = mailsTo(owner.email).find((m) => m.subject === 'Codice di verifica per gli avvisi di credito SMS');
      code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);
    }).toPass({ timeout: 30_000 });
    await channel.getByLabel('Codice di verifica (6 cifre)').fill(code);
    await channel.getByRole('button', { name: 'Verifica', exact: true }).click();
    await expect(channel.getByRole('status')).toHaveText('Verificato.');
    await expect(channel.getByTestId('alert-email-state')).toContainText('Verificato: gli avvisi arrivano qui.');
    await expect(channel.getByLabel('Codice di verifica (6 cifre)')).toHaveCount(0);
  });

  let invoiceNumber = '';
  await test.step('buy credits, pay the invoice, download its PDF', async () => {
    await menu(page, 'Fatture e acquisti');
    await expect(page.getByTestId('tiers').getByRole('listitem').first()).toBeVisible();
    await page.getByLabel('Numero di SMS da acquistare').fill('1000');
    const asked = acceptNextDialog(page, /fattura per 1\.?000 SMS/);
    await page.getByRole('button', { name: 'Emetti fattura' }).click();
    await asked;
    const ordered = page.getByRole('status');
    await expect(ordered).toContainText('emessa');
    invoiceNumber = /Fattura (\S+) emessa/.exec((await ordered.textContent()) ?? '')?.[1] ?? '';
    expect(invoiceNumber).toMatch(/^\d{4}-\d{6}$/);
    const row = page.getByTestId(`invoice-${invoiceNumber}`);
    await expect(row).toContainText('Da pagare');
    const paid = acceptNextDialog(page, new RegExp(`Pagare la fattura ${invoiceNumber}`));
    await row.getByRole('button', { name: `Paga la fattura ${invoiceNumber}` }).click();
    await paid;
    await expect(row).toContainText('Pagata');
    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: `Scarica il PDF della fattura ${invoiceNumber}` }).click();
    const file = await (await download).path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfParse(pdf)).text;
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('Sanremo');
    await checkScreen(page, '05-fatture');
    await expectBalance(page, 1000);
    await checkScreen(page, '06-home');
  });

  await test.step('sub-accounts: allotment and unlimited, credit, reset, deactivate', async () => {
    await menu(page, 'Sotto-account');
    const create = page.getByRole('form', { name: 'Nuovo sotto-account' });
    const make = async (name: string, email: string, credits: number | 'unlimited') => {
      await create.getByLabel('Nome', { exact: true }).fill(name);
      await create.getByLabel('Nome del gestore', { exact: true }).fill('Marco');
      await create.getByLabel('Cognome del gestore', { exact: true }).fill('Bianchi');
      await create.getByLabel('E-mail di accesso del gestore').fill(email);
      await create.getByLabel('Password del gestore').fill(manager.password);
      if (credits === 'unlimited') await create.getByLabel(/Illimitato/).check();
      else await create.getByLabel('Crediti assegnati').fill(String(credits));
      await create.getByRole('button', { name: 'Nuovo sotto-account' }).click();
      await expect(page.getByTestId(`sub-${name}`)).toBeVisible();
    };
    await make('Negozio Centro', manager.email, 200);
    await make('Negozio Porto', `porto.${unique()}@example.com`, 'unlimited');
    const centro = page.getByTestId('sub-Negozio Centro');
    await expect(centro.getByTestId('sub-credits')).toHaveText('200');
    await expect(page.getByTestId('sub-Negozio Porto').getByTestId('sub-credits')).toHaveText('illimitato');

    const credit = async (n: number) => {
      await centro.getByLabel('Crediti da accreditare a Negozio Centro').fill(String(n));
      const asked = acceptNextDialog(page, new RegExp(`Spostare ${n} crediti`));
      await centro.getByRole('button', { name: 'Accredita' }).click();
      await asked;
    };
    await credit(50);
    await expect(centro.getByTestId('sub-credits')).toHaveText('250');
    const reset = acceptNextDialog(page, /Azzerare il saldo di Negozio Centro/);
    await centro.getByRole('button', { name: 'Azzera' }).click();
    await reset;
    await expect(centro.getByTestId('sub-credits')).toHaveText('0');
    await credit(100);
    await expect(centro.getByTestId('sub-credits')).toHaveText('100');

    const porto = page.getByTestId('sub-Negozio Porto');
    const off = acceptNextDialog(page, /Disattivare Negozio Porto/);
    await porto.getByRole('button', { name: 'Disattiva' }).click();
    await off;
    await expect(porto).toContainText('Disattivato');
    await checkScreen(page, '07-sotto-account');
    await expectBalance(page, 900);
  });

  await test.step('send from the owner: the counter is the charge', async () => {
    await menu(page, 'Invia SMS');
    await page.getByLabel('Destinatari (uno per riga, formato +39…)').fill('+393331111234\n+393331115678');
    await page.getByLabel('Testo del messaggio').fill(`Fiori freschi per la festa! ${'x'.repeat(140)}`);
    const counter = page.getByTestId('counter');
    await expect(counter).toHaveText('168 caratteri · 2 segmenti (GSM-7) · 2 destinatari · 4 crediti');
    await checkScreen(page, '08-invia');
    const asked = acceptNextDialog(page, /2 destinatari per 4 crediti/);
    await page.getByRole('button', { name: 'Invia' }).click();
    await asked;
    await expect(page.getByTestId('sent-credits')).toHaveText('4');
    await expect(page.getByTestId('sent-segments')).toHaveText('2');
    await expectBalance(page, 896);
    await expect(page.getByTestId('usage-chart')).toBeVisible();
  });

  const managerRecipient = '+393339994321';
  await test.step('the manager logs in, sees the restricted menu and sends', async () => {
    await logOut(page);
    await logIn(page, manager.email, manager.password);
    const nav = page.getByRole('navigation', { name: 'Menu principale' });
    await expect(nav.getByRole('link', { name: 'Invia SMS' })).toBeVisible();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual([
      'Home',
      'Invia SMS',
      'Storico',
      'Transazioni',
      'Campagne',
      'Report',
      'Registro attività',
      'Chiavi API',
    ]);
    await expect(page.getByTestId('balance')).toHaveText('100 crediti');
    await checkScreen(page, '09-gestore-home');
    await menu(page, 'Invia SMS');
    await page.getByLabel('Destinatari (uno per riga, formato +39…)').fill(managerRecipient);
    await page.getByLabel('Testo del messaggio').fill(`Promo ${'€'.repeat(78)}`);
    await expect(page.getByTestId('counter')).toHaveText(
      '84 caratteri · 2 segmenti (GSM-7) · 1 destinatari · 2 crediti',
    );
    const asked = acceptNextDialog(page, /1 destinatari per 2 crediti/);
    await page.getByRole('button', { name: 'Invia' }).click();
    await asked;
    await expect(page.getByTestId('sent-credits')).toHaveText('2');
    await menu(page, 'Transazioni');
    const rows = page.getByTestId('transactions').getByRole('row');
    await expect(rows.filter({ hasText: 'Azzeramento' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Accredito' })).toHaveCount(3);
    await checkScreen(page, '10-gestore-transazioni');
    await logOut(page);
  });

  await test.step('the owner filters the sub-account history and downloads its Excel', async () => {
    await logIn(page, owner.email, owner.password);
    await menu(page, 'Sotto-account');
    await page.getByTestId('sub-Negozio Centro').getByRole('link', { name: 'Storico' }).click();
    await expect(page.getByRole('heading', { name: 'Storico di Negozio Centro' })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('history').getByRole('row').filter({ hasText: managerRecipient })).toHaveCount(1, {
        timeout: 2_000,
      });
    }).toPass({ timeout: 30_000 });
    await page.getByLabel('Destinatario').fill('+393330000000');
    await page.getByRole('button', { name: 'Filtra' }).click();
    await expect(page).toHaveURL(/recipient=%2B393330000000/);
    await expect(page.getByText('Nessun dato.')).toBeVisible();
    await page.getByRole('button', { name: 'Cancella filtri' }).click();
    await expect(page.getByLabel('Destinatario')).toHaveValue('');
    await expect(page.getByTestId('history').getByRole('row').filter({ hasText: managerRecipient })).toHaveCount(1);
    await checkScreen(page, '11-storico');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Scarica Excel delle ricevute' }).click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await (await download).path());
    const sheet = workbook.worksheets[0];
    const values: string[] = [];
    sheet.eachRow((row) => values.push(JSON.stringify(row.values)));
    expect(values.length).toBeGreaterThan(1);
    const ours = values.filter((v) => v.includes(managerRecipient));
    expect(ours).toHaveLength(1);
    expect(values.some((v) => v.includes('+393331111234'))).toBe(false);
  });

  await test.step('transactions on the owner side', async () => {
    await menu(page, 'Transazioni');
    const rows = page.getByTestId('transactions').getByRole('row');
    await expect(rows.filter({ hasText: 'Negozio Centro' })).toHaveCount(4);
    await expect(rows.filter({ hasText: 'Azzeramento' })).toHaveCount(1);
    await checkScreen(page, '12-transazioni');
  });
});

test('an expired session sends to login and back to the same page', async ({ page }) => {
  await page.goto(`${baseUrl()}/login`);
  const stale = JSON.stringify({ accessToken: 'expired', refreshToken: 'revoked' });
  await page.evaluate(`sessionStorage.setItem('sms-console.tokens', ${JSON.stringify(stale)})`);
  await page.goto(`${baseUrl()}/sub-accounts?x=1`);
  await expect(page).toHaveURL(/\/login\?next=%2Fsub-accounts%3Fx%3D1$/);
  await expect(page.getByText('La sessione è scaduta')).toBeVisible();
  await checkScreen(page, '00-login');
});
