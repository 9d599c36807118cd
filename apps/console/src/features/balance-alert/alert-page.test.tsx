import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, json, problem, requestsTo, sent } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { AlertPage } from './alert-page';

const VIEW = '/api/v1/account/balance-alert';
const VERIFY = '/api/v1/account/alerts/verify';
const RESEND = '/api/v1/account/alerts/verify/resend';

const unverified = {
  threshold: 100,
  email: { address: 'alerts@example.com', active: true, verified: false },
  sms: { phone: '+393331234567', active: false, verified: true },
};
const verified = { ...unverified, email: { ...unverified.email, verified: true } };

function open(view: object = unverified, lang: 'it' | 'en' = 'it') {
  answer(`GET ${VIEW}`, json(200, view));
  return renderScreen(<AlertPage />, { path: '/alert', lang });
}

describe('balance alert: verified channels', () => {
  it('shows per channel whether it is verified, with a code field only where it is not', async () => {
    open();
    const email = await screen.findByTestId('alert-email');
    expect(within(email).getByTestId('alert-email-state').textContent).toContain('Non verificato');
    expect(within(email).getByLabelText('Codice di verifica (6 cifre)')).toBeTruthy();
    expect(within(email).getByRole('button', { name: 'Verifica' })).toBeTruthy();
    expect(within(email).getByRole('button', { name: 'Invia di nuovo il codice' })).toBeTruthy();
    const sms = screen.getByTestId('alert-sms');
    expect(within(sms).getByTestId('alert-sms-state').textContent).toContain('Verificato');
    expect(within(sms).queryByRole('button', { name: 'Verifica' })).toBeNull();
  });

  it('sends the code, refreshes the alert view and moves focus to the verified channel', async () => {
    let views = 0;
    answer(`GET ${VIEW}`, () => json(200, views++ === 0 ? unverified : verified));
    answer(`POST ${VERIFY}`, json(200, verified));
    renderScreen(<AlertPage />, { path: '/alert' });
    const email = await screen.findByTestId('alert-email');
    fireEvent.change(within(email).getByLabelText('Codice di verifica (6 cifre)'), { target: { value: ' 482913 ' } });
    fireEvent.click(within(email).getByRole('button', { name: 'Verifica' }));
    await waitFor(() => expect(within(email).getByTestId('alert-email-state').textContent).toContain('Verificato'));
    expect(requestsTo('POST', VERIFY).map((r) => r.body)).toEqual([{ channel: 'email', code: '482913' }]);
    await waitFor(() => expect(requestsTo('GET', VIEW)).toHaveLength(2));
    expect(
      sent
        .filter((r) => r.path !== '/api/v1/me' && r.path !== '/api/v1/sub-accounts')
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`GET ${VIEW}`, `POST ${VERIFY}`, `GET ${VIEW}`]);
    expect(within(email).queryByLabelText('Codice di verifica (6 cifre)')).toBeNull();
    expect(within(email).getByRole('status').textContent).toBe('Verificato.');
    await waitFor(() => expect(document.activeElement).toBe(within(email).getByRole('heading')));
  });

  it('shows the problem of a wrong code and puts focus back on the code field', async () => {
    answer(`POST ${VERIFY}`, problem(422, 'Wrong, expired or exhausted code'));
    open();
    const email = await screen.findByTestId('alert-email');
    const field = within(email).getByLabelText('Codice di verifica (6 cifre)');
    fireEvent.change(field, { target: { value: '000000' } });
    fireEvent.click(within(email).getByRole('button', { name: 'Verifica' }));
    expect((await within(email).findByRole('alert')).textContent).toContain('Wrong, expired or exhausted code');
    expect(document.activeElement).toBe(field);
    expect(requestsTo('GET', VIEW)).toHaveLength(1);
  });

  it('sends nothing for a code that is not 6 digits', async () => {
    open();
    const email = await screen.findByTestId('alert-email');
    fireEvent.change(within(email).getByLabelText('Codice di verifica (6 cifre)'), { target: { value: '12ab' } });
    fireEvent.click(within(email).getByRole('button', { name: 'Verifica' }));
    expect((await within(email).findByRole('alert')).textContent).toBe('Il codice è di 6 cifre.');
    expect(requestsTo('POST', VERIFY)).toHaveLength(0);
  });

  it('asks for a new code, says where it went and focuses the code field', async () => {
    answer(`POST ${RESEND}`, json(202, { channel: 'email', expiresAt: '2026-11-30T06:30:00.000Z' }));
    open();
    const email = await screen.findByTestId('alert-email');
    fireEvent.click(within(email).getByRole('button', { name: 'Invia di nuovo il codice' }));
    expect((await within(email).findByRole('status')).textContent).toBe('Nuovo codice inviato a alerts@example.com.');
    expect(requestsTo('POST', RESEND).map((r) => r.body)).toEqual([{ channel: 'email' }]);
    expect(document.activeElement).toBe(within(email).getByLabelText('Codice di verifica (6 cifre)'));
  });

  it('shows the problem when too many codes were sent (429), in English too', async () => {
    answer(`POST ${RESEND}`, problem(429, 'Too many codes sent for this account today'));
    open(unverified, 'en');
    const email = await screen.findByTestId('alert-email');
    expect(within(email).getByTestId('alert-email-state').textContent).toContain('Not verified');
    fireEvent.click(within(email).getByRole('button', { name: 'Send the code again' }));
    expect((await within(email).findByRole('alert')).textContent).toContain('Too many codes sent');
    expect(within(email).getByRole('button', { name: 'Verify' })).toBeTruthy();
  });
});
