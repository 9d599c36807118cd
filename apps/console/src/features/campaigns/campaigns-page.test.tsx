import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answer, json, noContent, problem, requestsTo } from '../../test-support/fake-api';
import { renderScreen } from '../../test-support/render';
import { CampaignDetailPage } from './campaign-detail-page';
import { CampaignsPage } from './campaigns-page';

const queued = {
  id: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10',
  accountId: 'a1',
  submittedAt: '2026-11-30T09:00:00Z',
  scheduledAt: '2099-01-01T08:00:00Z',
  sender: 'ACME',
  recipients: 2,
  segments: 1,
  creditsCharged: 2,
  counts: { queued: 2 },
};
const done = {
  ...queued,
  id: '1b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10',
  scheduledAt: null,
  counts: { delivered: 117, failed: 2 },
};

afterEach(() => vi.restoreAllMocks());

describe('campaigns screen', () => {
  it('lists campaigns with their state and counts; cancel only where the API allows, after asking', async () => {
    answer('GET /api/v1/campaigns', json(200, { items: [queued, done], nextCursor: null }));
    answer(`DELETE /api/v1/campaigns/${queued.id}`, noContent());
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderScreen(<CampaignsPage />, { path: '/campaigns' });

    const rowQueued = await screen.findByTestId(`campaign-${queued.id}`);
    const rowDone = screen.getByTestId(`campaign-${done.id}`);
    expect(within(rowQueued).getByTestId('campaign-state').textContent).toBe('Programmata');
    expect(within(rowDone).getByTestId('campaign-state').textContent).toBe('Completata');
    expect(within(rowDone).getByTestId('campaign-counts').textContent).toBe('117 consegnati · 2 non consegnati');
    expect(within(rowDone).queryByRole('button', { name: /Annulla la campagna/ })).toBeNull();

    fireEvent.click(within(rowQueued).getByRole('button', { name: /Annulla la campagna/ }));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('I 2 crediti tornano sul saldo'));
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      expect.stringContaining('Campagna annullata'),
    );
    expect(requestsTo('DELETE', `/api/v1/campaigns/${queued.id}`)).toHaveLength(1);
  });

  it('does not cancel when the person says no', async () => {
    answer('GET /api/v1/campaigns', json(200, { items: [queued], nextCursor: null }));
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    renderScreen(<CampaignsPage />, { path: '/campaigns' });
    fireEvent.click(await screen.findByRole('button', { name: /Annulla la campagna/ }));
    expect(requestsTo('DELETE', `/api/v1/campaigns/${queued.id}`)).toHaveLength(0);
  });

  it('shows the problem detail when the API refuses the cancel', async () => {
    answer('GET /api/v1/campaigns', json(200, { items: [queued], nextCursor: null }));
    answer(`DELETE /api/v1/campaigns/${queued.id}`, problem(409, 'The campaign has started sending.'));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderScreen(<CampaignsPage />, { path: '/campaigns' });
    fireEvent.click(await screen.findByRole('button', { name: /Annulla la campagna/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('The campaign has started sending.');
  });

  it('has an empty state and an error state with the problem detail', async () => {
    answer('GET /api/v1/campaigns', json(200, { items: [], nextCursor: null }));
    const { unmount } = renderScreen(<CampaignsPage />, { path: '/campaigns', lang: 'en' });
    expect(await screen.findByText('Nothing yet.')).toBeTruthy();
    unmount();
    answer('GET /api/v1/campaigns', problem(400, 'from must be a day or an instant'));
    renderScreen(<CampaignsPage />, { path: '/campaigns', lang: 'en' });
    expect((await screen.findByRole('alert')).textContent).toContain('from must be a day or an instant');
  });

  it('sends the filters from the URL to the API', async () => {
    answer('GET /api/v1/campaigns', json(200, { items: [], nextCursor: null }));
    renderScreen(<CampaignsPage />, { path: '/campaigns', url: '/campaigns?from=2026-11-01&to=2026-11-30' });
    await screen.findByText('Nessun dato.');
    const q = requestsTo('GET', '/api/v1/campaigns')[0].query;
    expect([q.get('from'), q.get('to'), q.get('timeZone')]).toEqual(['2026-11-01', '2026-11-30', 'Europe/Rome']);
  });

  it('shows one campaign in detail, with cancel', async () => {
    answer(`GET /api/v1/campaigns/${queued.id}`, json(200, queued));
    renderScreen(<CampaignDetailPage />, { path: '/campaigns/:id', url: `/campaigns/${queued.id}` });
    expect((await screen.findByTestId('campaign')).textContent).toContain(queued.id);
    expect(screen.getByRole('button', { name: 'Annulla campagna' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/^Campagna del /));
  });
});
