import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, json, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { ForgotPasswordPage } from './forgot-password-page';
import { ResetPasswordPage } from './reset-password-page';

describe('forgotten password', () => {
  it('asks for the mail and says the same whatever the address (the API reveals no accounts)', async () => {
    answer('POST /api/v1/auth/password-reset', json(202, {}));
    renderScreen(<ForgotPasswordPage />, { path: '/forgot-password', me: null });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'anna@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invia il link' }));
    expect((await screen.findByTestId('reset-requested')).textContent).toContain('Se l’indirizzo ha un accesso');
    expect(requestsTo('POST', '/api/v1/auth/password-reset')[0].body).toEqual({ email: 'anna@example.com' });
  });

  it('shows a refused e-mail next to its field', async () => {
    answer(
      'POST /api/v1/auth/password-reset',
      problem(400, 'Validation failed', [{ field: 'email', message: 'must be an email' }]),
    );
    renderScreen(<ForgotPasswordPage />, { path: '/forgot-password', me: null, lang: 'en' });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
    expect((await screen.findByText('must be an email')).className).toBe('field-error');
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('reset password (the page the mail links to)', () => {
  it('sets the new password with the token of the link', async () => {
    answer('POST /api/v1/auth/password-reset/confirm', new Response(null, { status: 204 }));
    renderScreen(<ResetPasswordPage />, {
      path: '/password-reset',
      url: '/password-reset?token=abc_DEF-123',
      me: null,
    });
    fireEvent.change(screen.getByLabelText('Nuova password'), { target: { value: 'a new long secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Imposta la password' }));
    expect((await screen.findByTestId('reset-done')).textContent).toContain('Password impostata');
    expect(requestsTo('POST', '/api/v1/auth/password-reset/confirm')[0].body).toEqual({
      token: 'abc_DEF-123',
      newPassword: 'a new long secret',
    });
  });

  it('shows the API’s detail for a used or expired token, and offers a new link', async () => {
    answer(
      'POST /api/v1/auth/password-reset/confirm',
      problem(400, 'This password-reset link is not valid any more; ask for a new one.'),
    );
    renderScreen(<ResetPasswordPage />, { path: '/password-reset', url: '/password-reset?token=used', me: null });
    fireEvent.change(screen.getByLabelText('Nuova password'), { target: { value: 'a new long secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Imposta la password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not valid any more');
    expect(screen.getByRole('link', { name: 'Chiedi un nuovo link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('says what to do when the link has no token', () => {
    renderScreen(<ResetPasswordPage />, { path: '/password-reset', me: null });
    expect(screen.getByRole('alert').textContent).toContain('non contiene il codice');
    expect(screen.queryByLabelText('Nuova password')).toBeNull();
  });
});
