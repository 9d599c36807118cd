import { bodyFields, diffViews } from './audit-changes';

describe('audit changes', () => {
  it('lists only the fields that changed, nested ones by dotted path', () => {
    expect(
      diffViews(
        { city: 'Roma', company: 'ACME', manager: { email: 'a@x.it', firstName: 'A' } },
        { city: 'Milano', company: 'ACME', manager: { email: 'b@x.it', firstName: 'A' } },
      ),
    ).toEqual({ city: { from: 'Roma', to: 'Milano' }, 'manager.email': { from: 'a@x.it', to: 'b@x.it' } });
  });

  it('treats a field that appears or disappears as a change from or to null', () => {
    expect(diffViews({ vatNumber: 'IT1' }, {})).toEqual({ vatNumber: { from: 'IT1', to: null } });
    expect(diffViews({ defaultSender: null }, { defaultSender: 'ACME' })).toEqual({
      defaultSender: { from: null, to: 'ACME' },
    });
  });

  it('never records a password, token or secret', () => {
    const fields = bodyFields({
      name: 'Branch',
      password: 'hunter22',
      manager: { email: 'm@x.it', newPassword: 'x' },
      refreshToken: 't',
      secret: 's',
      apiKey: 'k',
    });
    expect(fields).toEqual({ name: { from: null, to: 'Branch' }, 'manager.email': { from: null, to: 'm@x.it' } });
    expect(JSON.stringify(fields)).not.toMatch(/hunter22|"t"|"s"|"k"/);
  });
});
