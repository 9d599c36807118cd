import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { ReportsPage } from './reports-page';

const group = (key: string | null, messages: number) => ({
  key,
  messages,
  segments: messages,
  creditsCharged: messages,
  creditsRefunded: 1,
  netCredits: messages - 1,
  byStatus: { delivered: messages - 1, failed: 1, expired: 0, cancelled: 0, blocked: 0 },
  deliveryRate: (messages - 1) / messages,
});
const summary = {
  from: '2026-11-01',
  to: '2026-11-30',
  groupBy: 'day',
  timeZone: 'Europe/Rome',
  items: [group('2026-11-02', 10), group('2026-11-03', 4)],
  total: group(null, 14),
};
const url = '/reports?from=2026-11-01&to=2026-11-30&groupBy=day';

afterEach(() => vi.restoreAllMocks());

describe('reports screen', () => {
  it('shows the summary of the period with its total', async () => {
    answer('GET /api/v1/reports/summary', json(200, summary));
    renderScreen(<ReportsPage />, { path: '/reports', url });
    const table = await screen.findByTestId('report');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('report-total').textContent).toBe('Totale14141411392,86%');
    const q = requestsTo('GET', '/api/v1/reports/summary')[0].query;
    expect(Object.fromEntries(q)).toEqual({ from: '2026-11-01', to: '2026-11-30', groupBy: 'day' });
  });

  it('downloads the same period as Excel', async () => {
    answer('GET /api/v1/reports/summary', json(200, summary));
    answer(
      'GET /api/v1/reports/summary.xlsx',
      new Response(new Blob(['PK']), {
        status: 200,
        headers: { 'content-disposition': 'attachment; filename="report.xlsx"' },
      }),
    );
    const created = vi.fn(() => 'blob:report');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderScreen(<ReportsPage />, { path: '/reports', url });
    fireEvent.click(await screen.findByRole('button', { name: 'Scarica Excel del report' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(Object.fromEntries(requestsTo('GET', '/api/v1/reports/summary.xlsx')[0].query)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      groupBy: 'day',
    });
  });

  it('shows the problem of a refused download', async () => {
    answer('GET /api/v1/reports/summary', json(200, summary));
    answer('GET /api/v1/reports/summary.xlsx', problem(422, 'The period is longer than a year.'));
    renderScreen(<ReportsPage />, { path: '/reports', url, lang: 'en' });
    fireEvent.click(await screen.findByRole('button', { name: 'Download the report as Excel' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The period is longer than a year.');
  });

  it('refuses a period that ends before it starts, without calling the API', async () => {
    renderScreen(<ReportsPage />, { path: '/reports', url: '/reports?from=2026-11-30&to=2026-11-01' });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Il giorno di inizio deve venire prima di quello di fine.',
    );
    expect(requestsTo('GET', '/api/v1/reports/summary')).toHaveLength(0);
  });

  it('has an empty state', async () => {
    answer('GET /api/v1/reports/summary', json(200, { ...summary, items: [], total: group(null, 0) }));
    renderScreen(<ReportsPage />, { path: '/reports', url });
    expect(await screen.findByText('Nessun dato.')).toBeTruthy();
  });
});
