import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logIn, menu, ownerWithCredits } from './account-setup';
import { acceptNextDialog, baseUrl, checkScreen } from './support';

// Replies and opt-outs, and webhooks, in Italian on the real stack: a number added to the
// opt-out list and removed; a webhook created (secret shown once), edited, delivered to a real
// receiver on loopback (its deliveries screen), and deleted.
test('opt-out list, webhook create, edit, deliveries, delete', async ({ page, request }) => {
  const hits: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
  try {
    const owner = await ownerWithCredits(request, 100);
    await logIn(page, owner.email, owner.password);

    await test.step('add a number to the opt-out list, then remove it', async () => {
      await menu(page, 'Risposte e opt-out');
      await expect(page.getByRole('heading', { level: 1, name: 'Risposte e opt-out' })).toBeFocused();
      await expect(page.getByText('Nessuna risposta nel periodo.')).toBeVisible();
      await expect(page.getByText('Nessun numero in opt-out.')).toBeVisible();
      await page.getByLabel('Numero da escludere (formato +39…)').fill('+393339998877');
      await page.getByRole('button', { name: 'Aggiungi alla lista' }).click();
      await expect(page.getByRole('status')).toHaveText('Numero +393339998877 aggiunto alla lista opt-out.');
      const row = page.getByTestId('opt-out-+393339998877');
      await expect(row).toContainText('Aggiunto a mano');
      await checkScreen(page, '20-risposte-opt-out');
      const asked = acceptNextDialog(page, /Rimuovere \+393339998877 dalla lista opt-out\?/);
      await row.getByRole('button', { name: 'Rimuovi +393339998877 dalla lista opt-out' }).click();
      await asked;
      await expect(page.getByRole('status')).toHaveText('Numero +393339998877 rimosso dalla lista opt-out.');
      await expect(page.getByText('Nessun numero in opt-out.')).toBeVisible();
    });

    await test.step('create a webhook and see its secret once', async () => {
      await menu(page, 'Webhook');
      await page.getByLabel('Indirizzo (https)').fill(hookUrl);
      await page.getByLabel('Stato dei messaggi (message.status)').check();
      await page.getByLabel('Saldo basso (balance.low)').check();
      await page.getByRole('button', { name: 'Crea webhook' }).click();
      await expect(page.getByRole('heading', { name: /Copia ora il segreto/ })).toBeFocused();
      await expect(page.getByLabel('Segreto di firma')).toHaveValue(/^whsec_/);
      await checkScreen(page, '21-webhook-segreto');
      await page.getByRole('button', { name: 'Ho copiato il segreto' }).click();
      await expect(page.getByTestId(`webhook-${hookUrl}`)).toContainText('message.status, balance.low');
    });

    await test.step('edit its events', async () => {
      await page.getByRole('button', { name: `Modifica il webhook ${hookUrl}` }).click();
      await page.getByTestId('edit-webhook').getByLabel('Saldo basso (balance.low)').uncheck();
      await page.getByTestId('edit-webhook').getByRole('button', { name: 'Salva' }).click();
      await expect(page.getByRole('status')).toHaveText('Webhook aggiornato.');
      await expect(page.getByTestId(`webhook-${hookUrl}`)).toContainText('message.status');
      await expect(page.getByTestId(`webhook-${hookUrl}`)).not.toContainText('balance.low');
      await checkScreen(page, '22-webhook');
    });

    await test.step('an SMS sent: its status delivered to the receiver, shown in the deliveries', async () => {
      const sent = await request.post(`${baseUrl()}/api/v1/sms`, {
        headers: { authorization: `Bearer ${owner.token}` },
        data: { to: ['+393331234567'], text: 'Ciao dal webhook' },
      });
      expect(sent.status()).toBe(202);
      await expect.poll(() => hits.length, { timeout: 60_000 }).toBeGreaterThan(0);
      await page.getByRole('link', { name: `Consegne del webhook ${hookUrl}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Consegne di ${hookUrl}` })).toBeVisible();
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId('deliveries')).toContainText('Consegnata', { timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
      await expect(page.getByTestId('deliveries')).toContainText('204');
      await checkScreen(page, '23-webhook-consegne');
      await page.getByRole('link', { name: 'Torna ai webhook' }).click();
    });

    await test.step('delete it after confirming', async () => {
      const asked = acceptNextDialog(page, /Eliminare il webhook /);
      await page.getByRole('button', { name: `Elimina il webhook ${hookUrl}` }).click();
      await asked;
      await expect(page.getByRole('status')).toHaveText('Webhook eliminato.');
      await expect(page.getByText('Nessun webhook.')).toBeVisible();
    });
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
