import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { WebhookDeliveriesPage } from './deliveries-page';
import { WebhooksPage } from './webhooks-page';

const hook = {
  id: '5d0c2a9e-8f3b-4c71-a6d2-1e9b7f4c3a20',
  url: 'https://shop.example.com/sms/callbacks',
  events: ['message.status', 'balance.low'],
  active: true,
  failing: false,
  secretPrefix: 'whsec_3kq9',
  createdAt: '2026-11-30T09:15:00.000Z',
  updatedAt: '2026-11-30T09:15:00.000Z',
};
const secret = 'whsec_3kq9ZkYx0w2c1m8V7r6T5p4L3n2B1v0CxZaQwErTyUi';
const listed = () => answer('GET /api/v1/webhooks', json(200, { items: [hook], nextCursor: null }));

afterEach(() => vi.restoreAllMocks());

describe('Webhooks screen', () => {
  it('creates a webhook with the events ticked and shows its secret once, focused, with copy', async () => {
    answer('GET /api/v1/webhooks', json(200, { items: [], nextCursor: null }));
    answer('POST /api/v1/webhooks', json(201, { ...hook, secret }));
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderScreen(<WebhooksPage />, { path: '/webhooks' });
    expect(await screen.findByText('Nessun webhook.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Indirizzo (https)'), { target: { value: ` ${hook.url} ` } });
    fireEvent.click(screen.getByRole('button', { name: 'Crea webhook' }));
    expect((await screen.findByText('Scegli almeno un evento.')).getAttribute('role')).toBe('alert');
    expect(requestsTo('POST', '/api/v1/webhooks')).toHaveLength(0);

    fireEvent.click(screen.getByLabelText('Saldo basso (balance.low)'));
    fireEvent.click(screen.getByLabelText('Stato dei messaggi (message.status)'));
    fireEvent.click(screen.getByRole('button', { name: 'Crea webhook' }));
    const box = (await screen.findByLabelText('Segreto di firma')) as HTMLInputElement;
    expect(box.value).toBe(secret);
    expect(document.activeElement?.textContent).toContain('Copia ora il segreto');
    expect(requestsTo('POST', '/api/v1/webhooks')[0].body).toEqual({
      url: hook.url,
      events: ['message.status', 'balance.low'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Copia il segreto' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(secret));
    fireEvent.click(screen.getByRole('button', { name: 'Ho copiato il segreto' }));
    expect(document.body.textContent).not.toContain(secret);
  });

  it('shows a refused URL next to its field', async () => {
    answer('GET /api/v1/webhooks', json(200, { items: [], nextCursor: null }));
    answer('POST /api/v1/webhooks', problem(400, 'Invalid body', [{ field: 'url', message: 'private address' }]));
    renderScreen(<WebhooksPage />, { path: '/webhooks' });
    fireEvent.change(await screen.findByLabelText('Indirizzo (https)'), { target: { value: 'https://10.0.0.1/x' } });
    fireEvent.click(screen.getByLabelText('Fattura pagata (invoice.paid)'));
    fireEvent.click(screen.getByRole('button', { name: 'Crea webhook' }));
    expect(await screen.findByText('private address')).toBeTruthy();
  });

  it('edits events and pauses a webhook, sending only what changed', async () => {
    listed();
    answer(`PATCH /api/v1/webhooks/${hook.id}`, json(200, { ...hook, active: false, events: ['message.status'] }));
    renderScreen(<WebhooksPage />, { path: '/webhooks' });
    fireEvent.click(await screen.findByRole('button', { name: `Modifica il webhook ${hook.url}` }));
    const edit = screen.getByTestId('edit-webhook');
    expect(document.activeElement?.textContent).toBe(`Modifica ${hook.url}`);
    fireEvent.click(within(edit).getByLabelText('Saldo basso (balance.low)'));
    fireEvent.click(within(edit).getByLabelText('Attivo (consegna gli eventi)'));
    fireEvent.click(within(edit).getByRole('button', { name: 'Salva' }));
    expect((await screen.findByRole('status')).textContent).toBe('Webhook aggiornato.');
    expect(requestsTo('PATCH', `/api/v1/webhooks/${hook.id}`).map((r) => r.body)).toEqual([
      { events: ['message.status'], active: false },
    ]);
  });

  it('rotates the secret and deletes a webhook after asking', async () => {
    listed();
    answer(`POST /api/v1/webhooks/${hook.id}/rotate-secret`, json(200, { ...hook, secret }));
    answer(`DELETE /api/v1/webhooks/${hook.id}`, noContent());
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderScreen(<WebhooksPage />, { path: '/webhooks' });
    fireEvent.click(await screen.findByRole('button', { name: `Nuovo segreto per il webhook ${hook.url}` }));
    expect(((await screen.findByLabelText('Segreto di firma')) as HTMLInputElement).value).toBe(secret);
    expect(document.activeElement?.textContent).toBe(
      `Nuovo segreto per ${hook.url}. Copialo ora: non verrà più mostrato.`,
    );
    expect(requestsTo('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`)).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: `Elimina il webhook ${hook.url}` }));
    expect(confirm).toHaveBeenLastCalledWith(
      `Eliminare il webhook ${hook.url}? Le consegne in attesa non partiranno più.`,
    );
    expect((await screen.findByRole('status')).textContent).toBe('Webhook eliminato.');
    expect(requestsTo('DELETE', `/api/v1/webhooks/${hook.id}`)).toHaveLength(1);
  });

  it('shows the problem detail when the list fails (English)', async () => {
    answer('GET /api/v1/webhooks', problem(403, 'Webhooks are managed by the owner.'));
    renderScreen(<WebhooksPage />, { path: '/webhooks', lang: 'en' });
    expect((await screen.findByRole('alert')).textContent).toContain('Webhooks are managed by the owner.');
  });
});

describe('Webhook deliveries screen', () => {
  const delivery = {
    id: '9a1f3c5e-7b2d-4e6f-8a0c-2d4f6a8c0e1b',
    eventId: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    eventType: 'message.status',
    status: 'pending',
    attempts: 2,
    responseStatus: 503,
    latencyMs: 84,
    error: null,
    lastAttemptAt: '2026-11-30T09:15:01.000Z',
    nextRetryAt: '2026-11-30T09:20:00.000Z',
    createdAt: '2026-11-30T09:15:00.000Z',
    deliveredAt: null,
    redeliveryOf: null,
  };

  it('lists deliveries with status, response code, latency and next retry, and redelivers one', async () => {
    answer(`GET /api/v1/webhooks/${hook.id}`, json(200, hook));
    answer(`GET /api/v1/webhooks/${hook.id}/deliveries`, json(200, { items: [delivery], nextCursor: null }));
    answer(
      `POST /api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`,
      json(202, { ...delivery, id: 'ffffffff-7b2d-4e6f-8a0c-2d4f6a8c0e1b', redeliveryOf: delivery.id }),
    );
    renderScreen(<WebhookDeliveriesPage />, {
      path: '/webhooks/:id/deliveries',
      url: `/webhooks/${hook.id}/deliveries`,
    });
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toContain('Consegne di');
    await screen.findByText(`Consegne di ${hook.url}`);
    const row = await screen.findByTestId(`delivery-${delivery.id}`);
    expect(row.textContent).toContain('In attesa');
    expect(row.textContent).toContain('503');
    expect(row.textContent).toContain('84 ms');
    expect(row.textContent).toContain('30/11/26, 10:20');
    fireEvent.click(within(row).getByRole('button', { name: /^Consegna di nuovo l’evento del / }));
    expect((await screen.findByRole('status')).textContent).toBe('Nuova consegna in coda.');
    expect(requestsTo('POST', `/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`)).toHaveLength(1);
  });

  it('has an empty state', async () => {
    answer(`GET /api/v1/webhooks/${hook.id}`, json(200, hook));
    answer(`GET /api/v1/webhooks/${hook.id}/deliveries`, json(200, { items: [], nextCursor: null }));
    renderScreen(<WebhookDeliveriesPage />, {
      path: '/webhooks/:id/deliveries',
      url: `/webhooks/${hook.id}/deliveries`,
    });
    expect(await screen.findByText('Nessuna consegna finora.')).toBeTruthy();
  });
});
