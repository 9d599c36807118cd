import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
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
});
