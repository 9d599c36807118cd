import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { SenderList } from './sender-list';

const LIST = '/api/v1/account/senders';
const number = {
  id: '9a4d2b61-0c3e-4f5a-b7d8-1e2f3a4b5c6d',
  sender: '+393331234567',
  kind: 'numeric',
  status: 'unverified',
  createdAt: '2026-11-30T08:20:00.000Z',
  decidedAt: null,
};
const name = {
  ...number,
  id: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13',
  sender: 'FioriSRL',
  kind: 'alphanumeric',
  status: 'pending',
};
const page = (...items: object[]) => json(200, { items, nextCursor: null });

function open(lang: 'it' | 'en' = 'it', ...items: object[]) {
  answer(`GET ${LIST}`, page(...items));
  return renderScreen(<SenderList />, { path: '/sender', lang });
}

describe('sender list', () => {
  it('shows each sender with its status, a code field only for a number to verify', async () => {
    open('it', number, name);
    const row = await screen.findByTestId('sender-+393331234567');
    expect(within(row).getByTestId('sender-status').textContent).toBe('Da verificare');
    expect(within(row).getByLabelText('Codice di verifica (6 cifre)')).toBeTruthy();
    const pending = screen.getByTestId('sender-FioriSRL');
    expect(within(pending).getByTestId('sender-status').textContent).toBe('In attesa di approvazione');
    expect(within(pending).queryByLabelText('Codice di verifica (6 cifre)')).toBeNull();
  });

  it('adds a sender, says what happens next and reloads the list', async () => {
    let lists = 0;
    answer(`GET ${LIST}`, () => (lists++ === 0 ? page() : page(name)));
    answer(`POST ${LIST}`, json(201, name));
    renderScreen(<SenderList />, { path: '/sender' });
    expect(await screen.findByText('Nessun mittente in elenco.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Nuovo mittente (nome o numero internazionale)'), {
      target: { value: ' FioriSRL ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Aggiungi' }));
    expect((await screen.findByRole('status')).textContent).toBe('FioriSRL è in attesa di approvazione.');
    expect(requestsTo('POST', LIST).map((r) => r.body)).toEqual([{ sender: 'FioriSRL' }]);
    await screen.findByTestId('sender-FioriSRL');
    expect(requestsTo('GET', LIST)).toHaveLength(2);
  });

  it('verifies a number with its code, and shows the problem of a wrong one', async () => {
    const VERIFY = `${LIST}/${number.id}/verify`;
    answer(`POST ${VERIFY}`, problem(422, 'The code is wrong, expired or was tried too many times.'));
    open('it', number);
    const row = await screen.findByTestId('sender-+393331234567');
    fireEvent.change(within(row).getByLabelText('Codice di verifica (6 cifre)'), { target: { value: '000000' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Verifica' }));
    expect((await within(row).findByRole('alert')).textContent).toContain('The code is wrong');

    answer(`POST ${VERIFY}`, json(200, { ...number, status: 'verified' }));
    answer(`GET ${LIST}`, page({ ...number, status: 'verified' }));
    fireEvent.change(within(row).getByLabelText('Codice di verifica (6 cifre)'), { target: { value: ' 482913 ' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Verifica' }));
    await waitFor(() => expect(within(row).getByTestId('sender-status').textContent).toBe('Verificato'));
    expect(requestsTo('POST', VERIFY).map((r) => r.body)).toEqual([{ code: '000000' }, { code: '482913' }]);
    expect(within(row).queryByLabelText('Codice di verifica (6 cifre)')).toBeNull();
  });

  it('asks for a new code and removes a sender, in English', async () => {
    answer(`POST ${LIST}/${number.id}/resend`, json(202, { id: number.id, expiresAt: '2026-11-30T08:50:00.000Z' }));
    answer(`DELETE ${LIST}/${number.id}`, noContent());
    open('en', number);
    const row = await screen.findByTestId('sender-+393331234567');
    expect(within(row).getByTestId('sender-status').textContent).toBe('To verify');
    fireEvent.click(within(row).getByRole('button', { name: 'Send the code again' }));
    expect((await within(row).findByRole('status')).textContent).toContain('+393331234567');
    expect(requestsTo('POST', `${LIST}/${number.id}/resend`)).toHaveLength(1);

    answer(`GET ${LIST}`, page());
    fireEvent.click(within(row).getByRole('button', { name: 'Remove +393331234567' }));
    expect(await screen.findByText('No senders listed.')).toBeTruthy();
    expect(requestsTo('DELETE', `${LIST}/${number.id}`)).toHaveLength(1);
  });

  it('sends nothing for a code that is not 6 digits', async () => {
    open('it', number);
    const row = await screen.findByTestId('sender-+393331234567');
    fireEvent.change(within(row).getByLabelText('Codice di verifica (6 cifre)'), { target: { value: '12ab' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Verifica' }));
    expect((await within(row).findByRole('alert')).textContent).toBe('Il codice è di 6 cifre.');
    expect(requestsTo('POST', `${LIST}/${number.id}/verify`)).toHaveLength(0);
  });
});
