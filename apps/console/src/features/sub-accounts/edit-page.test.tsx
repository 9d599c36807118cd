import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { SubAccountEditPage } from './edit-page';

const sub = {
  id: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10',
  name: 'Negozio Centro',
  manager: { firstName: 'Marco', lastName: 'Bianchi', email: 'marco@example.com' },
  smsSent: 0,
  creditsUsedThisMonth: 0,
  creditsUsedLastMonth: 0,
  credits: 100,
  unlimited: false,
  active: true,
  createdAt: '2026-11-30T09:15:00.000Z',
};
const path = `/api/v1/sub-accounts/${sub.id}`;

function open() {
  answer(`GET ${path}`, json(200, sub));
  return renderScreen(<SubAccountEditPage />, { path: '/sub-accounts/:id/edit', url: `/sub-accounts/${sub.id}/edit` });
}

afterEach(() => vi.restoreAllMocks());

describe('sub-account edit', () => {
  it('sends only what changed and shows the API’s field errors next to the field', async () => {
    answer(`PATCH ${path}`, problem(409, 'E-mail already used', [{ field: 'manager.email', message: 'already used' }]));
    open();
    fireEvent.change(await screen.findByLabelText('E-mail di accesso del gestore'), {
      target: { value: 'taken@example.com' },
    });
    fireEvent.click(screen.getAllByRole('button', { name: 'Salva' })[0]);
    expect(await screen.findByText('already used')).toBeTruthy();
    expect(requestsTo('PATCH', path)[0].body).toEqual({ manager: { email: 'taken@example.com' } });
  });

  it('asks before going unlimited (its credits come back), and sends nothing on no', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    open();
    fireEvent.click(await screen.findByLabelText(/Illimitato/));
    expect(screen.getByText(/i crediti del sotto-account tornano al tuo saldo/)).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Salva' })[0]);
    await waitFor(() => expect(confirm).toHaveBeenCalledWith(expect.stringContaining('I suoi 100 crediti')));
    expect(requestsTo('PATCH', path)).toHaveLength(0);
  });

  it('says when there is nothing to save', async () => {
    open();
    await screen.findByLabelText('Nome');
    fireEvent.click(screen.getAllByRole('button', { name: 'Salva' })[0]);
    expect((await screen.findByRole('status')).textContent).toBe('Nessuna modifica da salvare.');
    expect(requestsTo('PATCH', path)).toHaveLength(0);
  });

  it('sets the manager’s password', async () => {
    answer(`PUT ${path}/manager-password`, noContent());
    open();
    fireEvent.change(await screen.findByLabelText('Nuova password'), { target: { value: 'shop password 456' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Salva' })[1]);
    expect((await screen.findByRole('status')).textContent).toContain('Password del gestore impostata');
    expect(requestsTo('PUT', `${path}/manager-password`)[0].body).toEqual({ newPassword: 'shop password 456' });
  });
});
