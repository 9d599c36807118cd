import { formatReceiptText, isReceipt, messageIdKeys, parseReceiptText } from './receipt';
import { concatUdh, readConcat } from './udh';
import { fromSmppAddress, toSmppAddress } from './address';

describe('receipt text', () => {
  it('parses what it formats, with the err kept', () => {
    const text = formatReceiptText({ id: '65536', stat: 'UNDELIV', err: '001' }, new Date(), new Date(), 'hello');
    expect(text).toMatch(
      /^id:65536 sub:001 dlvrd:000 submit date:\d{10} done date:\d{10} stat:UNDELIV err:001 text:hello$/,
    );
    expect(parseReceiptText(text)).toEqual({ id: '65536', stat: 'UNDELIV', err: '001' });
  });

  it('refuses text that is not a receipt', () => {
    expect(parseReceiptText('hello there')).toBeNull();
    expect(parseReceiptText('id:1 stat:WHATEVER')).toBeNull();
  });

  it('recognises the receipt bit of esm_class only', () => {
    expect([isReceipt(0x04), isReceipt(0x44), isReceipt(0x00), isReceipt(0x40), isReceipt(undefined)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('indexes an id by its hex and decimal forms', () => {
    expect(messageIdKeys('1F4')).toEqual(['1f4', '500']);
    expect(messageIdKeys('500')).toEqual(['500', '1280', '1f4']);
    expect(messageIdKeys('msg-1')).toEqual(['msg-1']);
  });
});

describe('concatenation UDH', () => {
  it('round-trips through the element form the smpp package decodes to', () => {
    const udh = concatUdh(7, 3, 2);
    expect([...udh]).toEqual([5, 0, 3, 7, 3, 2]);
    expect(readConcat([udh.subarray(1)])).toEqual({ reference: 7, total: 3, sequence: 2 });
    expect(readConcat(undefined)).toBeNull();
    expect(() => readConcat([Buffer.from([0, 3, 7, 3, 4])])).toThrow(/bad part/);
    expect(() => concatUdh(256, 2, 1)).toThrow(RangeError);
  });
});

describe('addresses', () => {
  it('maps E.164 to international/ISDN and names to alphanumeric', () => {
    expect(toSmppAddress('+393331234567')).toEqual({ ton: 1, npi: 1, addr: '393331234567' });
    expect(toSmppAddress('ACME')).toEqual({ ton: 5, npi: 0, addr: 'ACME' });
    expect(fromSmppAddress('393331234567', 1)).toBe('+393331234567');
  });
});
