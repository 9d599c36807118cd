import { parseAllowList, SenderPolicy } from './sender-policy';

describe('SenderPolicy', () => {
  const policy = new SenderPolicy('+393400000100', ' ACME, Rossi Srl ,,+393331234567');

  it('admits the shared number and the allow-list, exactly as spelled', () => {
    expect(policy.alwaysAllowed('+393400000100')).toBe(true);
    expect(policy.alwaysAllowed('ACME')).toBe(true);
    expect(policy.alwaysAllowed('Rossi Srl')).toBe(true);
    expect(policy.alwaysAllowed('+393331234567')).toBe(true);
    expect(policy.alwaysAllowed('Acme')).toBe(false);
    expect(policy.alwaysAllowed('MYBANK')).toBe(false);
  });

  it('admits nothing else with an empty list', () => {
    const strict = new SenderPolicy('+393400000100', '');
    expect(strict.alwaysAllowed('ACME')).toBe(false);
    expect(strict.alwaysAllowed('')).toBe(false);
    expect(parseAllowList(' , ,')).toEqual([]);
  });
});
