import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, json, problem, requestsTo } from '../../test-support/fake-api';
import { OWNER_ME, renderScreen } from '../../test-support/render';
import { changesText } from './audit-labels';
import { AuditLogPage } from './audit-page';

const entry = {
  id: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10',
  at: '2026-11-30T09:15:00.000Z',
  actor: { userId: OWNER_ME.userId, role: 'owner', accountId: OWNER_ME.accountId },
  action: 'account.billing.update',
  target: { type: 'account', id: OWNER_ME.accountId },
  subAccountId: null,
  changes: { city: { from: 'Roma', to: 'Milano' } },
  requestId: 'r1',
  ip: '203.0.113.7',
};

describe('audit log screen', () => {
  it('lists who did what, in words, with the fields changed', async () => {
    answer('GET /api/v1/audit-log', json(200, { items: [entry], nextCursor: null }));
    renderScreen(<AuditLogPage />, { path: '/audit-log' });
    const row = within(await screen.findByTestId('audit-log')).getAllByRole('row')[1];
    expect(row.textContent).toContain('tu');
    expect(row.textContent).toContain('Dati di fatturazione modificati');
    expect(row.textContent).toContain('city: Roma → Milano');
  });

  it('sends the filters of the URL', async () => {
    answer('GET /api/v1/audit-log', json(200, { items: [], nextCursor: null }));
    renderScreen(<AuditLogPage />, { path: '/audit-log', url: '/audit-log?action=invoice.pay&from=2026-11-01' });
    await screen.findByText('Nessun dato.');
    const q = requestsTo('GET', '/api/v1/audit-log')[0].query;
    expect([q.get('action'), q.get('from'), q.get('to')]).toEqual(['invoice.pay', '2026-11-01', null]);
  });

  it('verifies the chain and says whether it holds', async () => {
    answer('GET /api/v1/audit-log', json(200, { items: [entry], nextCursor: null }));
    answer('GET /api/v1/audit-log/verify', json(200, { intact: true, entries: 12345 }));
    renderScreen(<AuditLogPage />, { path: '/audit-log' });
    fireEvent.click(await screen.findByRole('button', { name: 'Verifica l’integrità del registro' }));
    expect((await screen.findByTestId('audit-verify')).textContent).toBe('Registro integro: 12.345 voci verificate.');
  });

  it('shows a broken chain as an alert naming the entry', async () => {
    answer('GET /api/v1/audit-log', json(200, { items: [entry], nextCursor: null }));
    answer('GET /api/v1/audit-log/verify', json(200, { intact: false, brokenAt: entry.id, entries: 7 }));
    renderScreen(<AuditLogPage />, { path: '/audit-log', lang: 'en' });
    fireEvent.click(await screen.findByRole('button', { name: 'Verify the log’s integrity' }));
    const result = await screen.findByTestId('audit-verify');
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.textContent).toContain(entry.id);
  });

  it('shows the problem when the list fails', async () => {
    answer('GET /api/v1/audit-log', problem(503, 'Audit log unavailable, retry shortly.'));
    renderScreen(<AuditLogPage />, { path: '/audit-log' });
    expect((await screen.findByRole('alert')).textContent).toContain('Audit log unavailable');
    expect(screen.getByRole('button', { name: 'Riprova' })).toBeTruthy();
  });

  it('has no verify button for a manager (owner only)', async () => {
    answer('GET /api/v1/audit-log', json(200, { items: [], nextCursor: null }));
    renderScreen(<AuditLogPage />, { path: '/audit-log', me: { ...OWNER_ME, role: 'manager' } });
    await screen.findByText('Nessun dato.');
    expect(screen.queryByRole('button', { name: /Verifica/ })).toBeNull();
  });

  it('writes changes as from → to', () => {
    expect(changesText({ name: { from: null, to: 'Porto' }, unlimited: { from: false, to: true } } as never)).toBe(
      'name:  → Porto; unlimited: false → true',
    );
    expect(changesText(undefined)).toBe('');
  });
});
