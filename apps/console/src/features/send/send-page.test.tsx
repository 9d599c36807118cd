import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, requestsTo } from '../../test-support/fake-api';
import { I18nProvider } from '../../shared/i18n/i18n';
import { SendPage } from './send-page';

function renderPage(lang: 'it' | 'en' = 'it') {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider initial={lang}>
        <MemoryRouter>
          <SendPage />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

describe('send screen', () => {
  it('updates the counter as the text and recipients change, before anything is sent', () => {
    renderPage();
    fireEvent.change(screen.getByLabelText('Destinatari (uno per riga, formato +39…)'), {
      target: { value: '+393331234567\n+393331234568\n+393331234567' },
    });
    fireEvent.change(screen.getByLabelText('Testo del messaggio'), { target: { value: 'x'.repeat(161) } });
    expect(screen.getByTestId('counter').textContent).toBe(
      '161 caratteri · 2 segmenti (GSM-7) · 2 destinatari · 4 crediti',
    );
    fireEvent.change(screen.getByLabelText('Testo del messaggio'), { target: { value: 'Sconto del 10% è qui 😀' } });
    expect(screen.getByTestId('counter').textContent).toBe(
      '22 caratteri · 1 segmenti (UCS-2) · 2 destinatari · 2 crediti',
    );
  });

  it('labels every control and ties the counter to the text box', () => {
    renderPage('en');
    const text = screen.getByLabelText('Message text');
    expect(text.getAttribute('aria-describedby')).toContain(
      screen.getByTestId('counter').parentElement?.id ?? 'missing',
    );
    const controls = [...document.querySelectorAll('input, textarea, select')];
    expect(controls.length).toBeGreaterThan(0);
    for (const c of controls) expect(document.querySelector(`label[for="${c.id}"]`)).not.toBeNull();
  });

  it('schedules a campaign at a wall-clock time of Rome, sent as the instant it is', async () => {
    answer('POST /api/v1/sms', json(201, { campaignId: 'c1', recipients: 1, segments: 1, creditsCharged: 1 }));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderPage();
    fireEvent.change(screen.getByLabelText('Destinatari (uno per riga, formato +39…)'), {
      target: { value: '+393331234567' },
    });
    fireEvent.change(screen.getByLabelText('Testo del messaggio'), { target: { value: 'Saldi' } });
    fireEvent.change(screen.getByLabelText('Programma per (facoltativo)'), { target: { value: '2026-12-24T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invia' }));
    expect(await screen.findByTestId('sent-credits')).toBeTruthy();
    expect(requestsTo('POST', '/api/v1/sms')[0].body).toEqual({
      to: ['+393331234567'],
      text: 'Saldi',
      scheduledAt: '2026-12-24T08:00:00.000Z',
    });
  });
});

afterEach(() => vi.restoreAllMocks());
