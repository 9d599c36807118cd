import { renderBalanceAlert } from './alert-message.renderer';

const base = {
  subAccount: false,
  balance: 1200,
  threshold: 1500,
  purchaseUrl: 'https://x.example/buy',
};

describe('renderBalanceAlert', () => {
  it('writes Italian by default: the balance, the threshold and how to buy', () => {
    const m = renderBalanceAlert({ ...base, language: 'it' });
    expect(m.subject).toBe('Credito SMS in esaurimento: 1.200 crediti rimasti');
    expect(m.text).toContain('è sceso a 1.200 crediti');
    expect(m.text).toContain('soglia di avviso di 1.500 crediti');
    expect(m.text).toContain('https://x.example/buy');
    expect(m.sms).toContain('1.200 crediti (soglia 1.500)');
  });

  it('writes English for accounts that chose it', () => {
    const m = renderBalanceAlert({ ...base, language: 'en' });
    expect(m.subject).toBe('Low SMS balance: 1,200 credits left');
    expect(m.text).toContain('has fallen to 1,200 credits');
    expect(m.text).toContain('threshold of 1,500 credits');
    expect(m.text).toContain('To buy more credits, open https://x.example/buy');
  });

  it('tells a sub-account to ask its parent for credits instead of buying', () => {
    const m = renderBalanceAlert({ ...base, language: 'en', subAccount: true });
    expect(m.text).toContain('the balance of your SMS sub-account has fallen');
    expect(m.text).toContain('ask its owner to credit this sub-account');
    expect(m.text).not.toContain('https://x.example/buy');
  });

  it('keeps the SMS within two GSM segments', () => {
    for (const language of ['it', 'en'] as const) {
      for (const subAccount of [false, true]) {
        const m = renderBalanceAlert({ ...base, language, subAccount, balance: 999_999_999, threshold: 999_999_999 });
        expect(m.sms.length).toBeLessThanOrEqual(306);
      }
    }
  });
});
