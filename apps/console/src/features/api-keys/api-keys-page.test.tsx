import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { ApiKeysPage } from './api-keys-page';

const key = {
  id: '5d7a4f0e-2b1c-4e8a-9f3d-6c2b1a0e9f88',
  name: 'Shop order system',
  prefix: 'sk_live_Xk3q',
  scopes: ['sms:send', 'history:read'],
  subAccountId: null,
  createdAt: '2026-11-30T09:15:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
};
const secret = 'sk_live_Xk3qQ2v9l1c8S0mJp4TnY7rW5aBdE6fGh0iKjLmNoPq';

afterEach(() => vi.restoreAllMocks());

describe('API keys screen', () => {
  it('creates a key with the scopes ticked and shows its secret once, with copy', async () => {
    answer('GET /api/v1/api-keys', json(200, { items: [], nextCursor: null }));
    answer('POST /api/v1/api-keys', json(201, { ...key, secret }));
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderScreen(<ApiKeysPage />, { path: '/api-keys' });

    fireEvent.change(await screen.findByLabelText('Nome della chiave'), { target: { value: ' Shop order system ' } });
    fireEvent.click(screen.getByLabelText('Inviare SMS (sms:send)'));
    fireEvent.click(screen.getByLabelText('Leggere lo storico (history:read)'));
    fireEvent.click(screen.getByRole('button', { name: 'Crea chiave' }));

    const secretBox = (await screen.findByLabelText('Segreto della chiave')) as HTMLInputElement;
    expect(secretBox.value).toBe(secret);
    expect(document.activeElement?.textContent).toContain('Copia ora il segreto');
    expect(requestsTo('POST', '/api/v1/api-keys')[0].body).toEqual({
      name: 'Shop order system',
      scopes: ['sms:send', 'history:read'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Copia il segreto' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(secret));
    expect((await screen.findByRole('status')).textContent).toBe('Segreto copiato negli appunti.');

    fireEvent.click(screen.getByRole('button', { name: 'Ho copiato il segreto' }));
    expect(screen.queryByLabelText('Segreto della chiave')).toBeNull();
    expect(document.body.textContent).not.toContain(secret);
  });

  it('binds a key to a sub-account and sets its expiry day', async () => {
    answer('GET /api/v1/api-keys', json(200, { items: [], nextCursor: null }));
    answer('POST /api/v1/api-keys', json(201, { ...key, secret }));
    const sub = { id: '0b5c5b0e-8f1e-4c3a-9d61-2f0a7f1c9e21', name: 'Negozio Centro' };
    renderScreen(<ApiKeysPage />, { path: '/api-keys', subAccounts: [sub] });
    await screen.findByRole('option', { name: 'Negozio Centro' });
    fireEvent.change(screen.getByLabelText('Nome della chiave'), { target: { value: 'Cassa' } });
    fireEvent.click(screen.getByLabelText('Inviare SMS (sms:send)'));
    fireEvent.change(screen.getByLabelText('Agisce come il sotto-account (facoltativo)'), {
      target: { value: sub.id },
    });
    fireEvent.change(screen.getByLabelText('Scade il giorno (facoltativo)'), { target: { value: '2027-01-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crea chiave' }));
    await screen.findByLabelText('Segreto della chiave');
    expect(requestsTo('POST', '/api/v1/api-keys')[0].body).toEqual({
      name: 'Cassa',
      scopes: ['sms:send'],
      subAccountId: sub.id,
      expiresAt: '2027-01-31T22:59:59.000Z',
    });
  });

  it('asks for at least one scope before calling the API', async () => {
    answer('GET /api/v1/api-keys', json(200, { items: [], nextCursor: null }));
    renderScreen(<ApiKeysPage />, { path: '/api-keys' });
    fireEvent.change(await screen.findByLabelText('Nome della chiave'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crea chiave' }));
    expect((await screen.findByText('Scegli almeno un permesso.')).getAttribute('role')).toBe('alert');
    expect(requestsTo('POST', '/api/v1/api-keys')).toHaveLength(0);
  });

  it('shows the API’s refusal (a scope a sub-account key cannot hold)', async () => {
    answer('GET /api/v1/api-keys', json(200, { items: [], nextCursor: null }));
    answer('POST /api/v1/api-keys', problem(422, 'A sub-account key cannot hold sub-accounts:write.'));
    renderScreen(<ApiKeysPage />, { path: '/api-keys' });
    fireEvent.change(await screen.findByLabelText('Nome della chiave'), { target: { value: 'x' } });
    fireEvent.click(screen.getByLabelText('Gestire i sotto-account (sub-accounts:write)'));
    fireEvent.click(screen.getByRole('button', { name: 'Crea chiave' }));
    expect((await screen.findByRole('alert')).textContent).toContain('cannot hold sub-accounts:write');
  });

  it('lists live keys and revokes one after asking', async () => {
    answer('GET /api/v1/api-keys', json(200, { items: [key], nextCursor: null }));
    answer(`DELETE /api/v1/api-keys/${key.id}`, noContent());
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderScreen(<ApiKeysPage />, { path: '/api-keys' });
    const row = await screen.findByTestId(`key-${key.name}`);
    expect(row.textContent).toContain('sk_live_Xk3q…');
    expect(row.textContent).toContain('mai');
    fireEvent.click(screen.getByRole('button', { name: `Revoca la chiave ${key.name}` }));
    expect(confirm).toHaveBeenCalled();
    expect((await screen.findByRole('status')).textContent).toBe('Chiave revocata.');
    expect(requestsTo('DELETE', `/api/v1/api-keys/${key.id}`)).toHaveLength(1);
  });

  it('has an empty state and an error state', async () => {
    answer('GET /api/v1/api-keys', problem(403, 'Keys are managed by a login.'));
    renderScreen(<ApiKeysPage />, { path: '/api-keys', lang: 'en' });
    expect((await screen.findByRole('alert')).textContent).toContain('Keys are managed by a login.');
  });
});
