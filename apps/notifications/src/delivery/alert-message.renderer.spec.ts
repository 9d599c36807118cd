import { renderBalanceAlert } from './alert-message.renderer';

const base = {
  accountName: 'Rossi S.r.l.',
  parentName: null,
  balance: 1200,
  threshold: 1500,
  purchaseUrl: 'https://x.example/buy',
};

describe('renderBalanceAlert', () => {
  it('writes Italian by default, naming the account, the balance, the threshold and how to buy', () => {
    const m = renderBalanceAlert({ ...base, language: 'it' });
    expect(m.subject).toBe('Credito SMS in esaurimento: 1.200 crediti rimasti su "Rossi S.r.l."');
    expect(m.text).toContain('è sceso a 1.200 crediti');
    expect(m.text).toContain('soglia di avviso di 1.500 crediti');
    expect(m.text).toContain('https://x.example/buy');
    expect(m.sms).toContain('1.200 crediti (soglia 1.500)');
  });

  it('writes English for accounts that chose it', () => {
    const m = renderBalanceAlert({ ...base, language: 'en' });
    expect(m.subject).toBe('Low SMS balance: 1,200 credits left on "Rossi S.r.l."');
    expect(m.text).toContain('has fallen to 1,200 credits');
    expect(m.text).toContain('threshold of 1,500 credits');
    expect(m.text).toContain('To buy more credits, open https://x.example/buy');
  });

  it('tells a sub-account to ask its parent for credits instead of buying', () => {
    const m = renderBalanceAlert({ ...base, language: 'en', accountName: 'Milan office', parentName: 'Rossi S.r.l.' });
    expect(m.text).toContain('the account "Milan office" (sub-account of "Rossi S.r.l.") has fallen');
    expect(m.text).toContain('ask the owner of "Rossi S.r.l." to credit this sub-account');
    expect(m.text).not.toContain('https://x.example/buy');
  });

  it('keeps the SMS within two GSM segments', () => {
    const m = renderBalanceAlert({ ...base, language: 'it', accountName: 'A'.repeat(60) });
    expect(m.sms.length).toBeLessThanOrEqual(306);
  });
});
