import { describe, expect, it } from 'vitest';
import { patchOf, toForm } from './edit-patch';

const sub = {
  id: 's1',
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

describe('sub-account patch', () => {
  it('is null when nothing changed (spaces around do not count)', () => {
    const f = toForm(sub);
    expect(patchOf(sub, f)).toBeNull();
    expect(patchOf(sub, { ...f, name: ' Negozio Centro ' })).toBeNull();
  });

  it('carries only the changed fields, the manager’s ones nested', () => {
    const f = toForm(sub);
    expect(
      patchOf(sub, {
        ...f,
        name: 'Negozio Porto',
        manager: { ...f.manager, email: 'porto@example.com' },
        unlimited: true,
      }),
    ).toEqual({ name: 'Negozio Porto', manager: { email: 'porto@example.com' }, unlimited: true });
  });
});
