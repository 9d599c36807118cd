import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { InboxPage } from './inbox-page';

const reply = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  from: '+393331234567',
  to: '+393400000100',
  text: `Risposta ${n}`,
  receivedAt: '2026-11-30T09:15:00.000Z',
});
const optOut = {
  id: '9a1f3c5e-7b2d-4e6f-8a0c-2d4f6a8c0e1b',
  phone: '+393331112222',
  source: 'stop',
  createdAt: '2026-11-29T10:00:00.000Z',
};
const emptyOptOuts = () => answer('GET /api/v1/account/opt-outs', json(200, { items: [], nextCursor: null }));
const sub = { id: '0b5c5b0e-8f1e-4c3a-9d61-2f0a7f1c9e21', name: 'Negozio Centro' };

afterEach(() => vi.restoreAllMocks());

describe('Inbox screen', () => {
  it('loads more replies with the cursor, then filters by day and sub-account', async () => {
    answer('GET /api/v1/inbox', (req) =>
      json(
        200,
        req.query.get('cursor') ? { items: [reply(2)], nextCursor: null } : { items: [reply(1)], nextCursor: 'c1' },
      ),
    );
    emptyOptOuts();
    renderScreen(<InboxPage />, { path: '/inbox', subAccounts: [sub] });
    expect((await screen.findByTestId(`reply-${reply(1).id}`)).textContent).toContain('Risposta 1');
    fireEvent.click(screen.getByRole('button', { name: 'Carica altri' }));
    await screen.findByTestId(`reply-${reply(2).id}`);
    expect(requestsTo('GET', '/api/v1/inbox')[1].query.get('cursor')).toBe('c1');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Carica altri' })).toBeNull());

    await screen.findByRole('option', { name: 'Negozio Centro' });
    fireEvent.change(screen.getByLabelText('Dal giorno'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('Al giorno'), { target: { value: '2026-11-30' } });
    fireEvent.change(screen.getByLabelText('Sotto-account'), { target: { value: sub.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtra' }));
    await waitFor(() => expect(requestsTo('GET', '/api/v1/inbox').length).toBe(3));
    const q = requestsTo('GET', '/api/v1/inbox')[2].query;
    expect(Object.fromEntries(q)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      timeZone: 'Europe/Rome',
      subAccountId: sub.id,
      limit: '50',
    });
    await waitFor(() =>
      expect(requestsTo('GET', '/api/v1/account/opt-outs').at(-1)?.query.get('subAccountId')).toBe(sub.id),
    );
  });

  it('has an empty state and shows the problem detail on error (English)', async () => {
    answer('GET /api/v1/inbox', json(200, { items: [], nextCursor: null }));
    answer('GET /api/v1/account/opt-outs', problem(503, 'Messaging is not answering.'));
    renderScreen(<InboxPage />, { path: '/inbox', lang: 'en' });
    expect(await screen.findByText('No replies in the period.')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('Messaging is not answering.');
  });

  it('adds a number to the opt-out list', async () => {
    answer('GET /api/v1/inbox', json(200, { items: [], nextCursor: null }));
    emptyOptOuts();
    answer('POST /api/v1/account/opt-outs', json(201, { ...optOut, source: 'manual' }));
    renderScreen(<InboxPage />, { path: '/inbox' });
    expect(await screen.findByText('Nessun numero in opt-out.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Numero da escludere (formato +39…)'), {
      target: { value: ' +393331112222 ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi alla lista' }));
    expect((await screen.findByRole('status')).textContent).toBe('Numero +393331112222 aggiunto alla lista opt-out.');
    const posts = requestsTo('POST', '/api/v1/account/opt-outs');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ phone: '+393331112222' });
    expect(posts[0].query.toString()).toBe('');
  });

  it('shows a refused number next to its field', async () => {
    answer('GET /api/v1/inbox', json(200, { items: [], nextCursor: null }));
    emptyOptOuts();
    answer(
      'POST /api/v1/account/opt-outs',
      problem(400, 'Invalid body', [{ field: 'phone', message: 'must be E.164' }]),
    );
    renderScreen(<InboxPage />, { path: '/inbox' });
    fireEvent.change(await screen.findByLabelText('Numero da escludere (formato +39…)'), { target: { value: '333' } });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi alla lista' }));
    expect(await screen.findByText('must be E.164')).toBeTruthy();
  });

  it('removes a number after asking', async () => {
    answer('GET /api/v1/inbox', json(200, { items: [], nextCursor: null }));
    answer('GET /api/v1/account/opt-outs', json(200, { items: [optOut], nextCursor: null }));
    answer('DELETE /api/v1/account/opt-outs', noContent());
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    renderScreen(<InboxPage />, { path: '/inbox' });
    const row = await screen.findByTestId(`opt-out-${optOut.phone}`);
    expect(row.textContent).toContain('Risposta STOP');
    const remove = within(row).getByRole('button', { name: 'Rimuovi +393331112222 dalla lista opt-out' });
    fireEvent.click(remove);
    expect(requestsTo('DELETE', '/api/v1/account/opt-outs')).toHaveLength(0);
    fireEvent.click(remove);
    expect(confirm).toHaveBeenLastCalledWith(
      'Rimuovere +393331112222 dalla lista opt-out? Tornerà a ricevere messaggi.',
    );
    expect((await screen.findByRole('status')).textContent).toBe('Numero +393331112222 rimosso dalla lista opt-out.');
    const deletes = requestsTo('DELETE', '/api/v1/account/opt-outs');
    expect(deletes).toHaveLength(1);
    expect(deletes[0].query.get('phone')).toBe('+393331112222');
  });
});
