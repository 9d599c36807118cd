import { addressToE164, dedupeRecipients, isE164 } from './phone-number';

describe('isE164', () => {
  it.each(['+393331234567', '+14155550123', '+1234567', '+123456789012345'])('accepts %s', (n) => {
    expect(isE164(n)).toBe(true);
  });

  it.each([
    '393331234567',
    '+0393331234567',
    '+123456',
    '+1234567890123456',
    '+39 333 1234567',
    '+39-3331234567',
    '',
    '+',
    ' +393331234567',
    '+393331234567\n',
  ])('rejects %j', (n) => {
    expect(isE164(n)).toBe(false);
  });
});

describe('dedupeRecipients', () => {
  it('removes duplicates keeping first-seen order', () => {
    expect(dedupeRecipients(['+3902', '+3901', '+3902', '+3903', '+3901'])).toEqual(['+3902', '+3901', '+3903']);
  });

  it('returns a new array and handles empty input', () => {
    const input = ['+3901'];
    expect(dedupeRecipients(input)).not.toBe(input);
    expect(dedupeRecipients([])).toEqual([]);
  });
});

describe('addressToE164', () => {
  it.each([
    ['393331234567', '+393331234567'],
    ['+393331234567', '+393331234567'],
    ['00393331234567', '+393331234567'],
    [' 393331234567 ', '+393331234567'],
    ['ACME', 'ACME'],
  ])('%j → %j', (input, expected) => expect(addressToE164(input)).toBe(expected));
});
