import { renderPasswordResetMail } from './password-reset-mail.renderer';

describe('renderPasswordResetMail', () => {
  const base = { firstName: 'Anna', token: 'abc_DEF-123', resetUrl: 'https://app.example/reset' };

  it('is Italian by default and carries the token in the link and as a code', () => {
    const m = renderPasswordResetMail({ ...base, language: 'it' });
    expect(m.subject).toBe('Reimposta la tua password');
    expect(m.text).toContain('https://app.example/reset?token=abc_DEF-123');
    expect(m.text).toContain("entro un'ora");
  });

  it('is English for an English account, and keeps an existing query string', () => {
    const m = renderPasswordResetMail({ ...base, language: 'en', resetUrl: 'https://app.example/#/r?x=1' });
    expect(m.subject).toBe('Reset your password');
    expect(m.text).toContain('https://app.example/#/r?x=1&token=abc_DEF-123');
  });
});
