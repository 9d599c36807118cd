import { GSM7_BASIC, GSM7_EXTENSION, splitSegments } from '@sms/sms-text';
import { encodeGsm7, encodeText, encodeUcs2 } from './short-message';
import { concatUdh } from './udh';

// The package's own coder is the reference: a submit_sm built from a string and one built from our
// octets must be the same bytes on the wire.
interface Pdu {
  toBuffer(): Buffer;
}
const { PDU } = require('smpp') as { PDU: new (command: string, params: object) => Pdu };

const submit = (shortMessage: unknown, dataCoding: number, esmClass = 0): Buffer =>
  new PDU('submit_sm', {
    sequence_number: 7,
    source_addr: 'ACME',
    destination_addr: '393331234567',
    esm_class: esmClass,
    registered_delivery: 1,
    data_coding: dataCoding,
    short_message: shortMessage,
  }).toBuffer();

describe('short_message encoding', () => {
  it('encodes every character of the GSM-7 alphabet and its extension as the smpp package does', () => {
    const every = GSM7_BASIC + GSM7_EXTENSION;
    const ours = encodeGsm7(every);
    expect(ours.length).toBe([...GSM7_BASIC].length + 2 * [...GSM7_EXTENSION].length);
    expect(submit(ours, 0)).toEqual(submit({ message: every }, 0));
  });

  it('maps the table position across the escape code and the extension characters to ESC + code', () => {
    expect([...encodeGsm7('@Æ€\\')]).toEqual([0x00, 0x1c, 0x1b, 0x65, 0x1b, 0x2f]);
  });

  it('encodes UCS-2 big-endian as the smpp package does, surrogate pairs as two units', () => {
    const text = 'Ciao 👋 — привет';
    expect(encodeUcs2(text).length).toBe(text.length * 2);
    expect(submit(encodeUcs2(text), 8)).toEqual(submit({ message: text }, 8));
  });

  it('encodes the parts billing counted, each as the package encodes it with its UDH', () => {
    const text = 'Offerta {speciale} € '.repeat(12);
    const encoded = encodeText(text);
    const parts = splitSegments(text);
    expect(encoded.dataCoding).toBe(0);
    expect(encoded.parts).toHaveLength(parts.length);
    expect(parts.length).toBeGreaterThan(1);
    encoded.parts.forEach((octets, i) => {
      const udh = concatUdh(9, parts.length, i + 1);
      expect(submit(Buffer.concat([udh, octets]), 0, 0x40)).toEqual(submit({ udh, message: parts[i] }, 0));
    });
  });

  it('chooses UCS-2 for a text outside the alphabet', () => {
    const encoded = encodeText('Grazie, a presto ✓');
    expect(encoded.dataCoding).toBe(8);
    expect(encoded.parts).toEqual([encodeUcs2('Grazie, a presto ✓')]);
  });
});
