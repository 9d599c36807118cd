import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { decodePdu, LEAN_PDU_FIELDS, LeanPdu, leanRequest, type PackagePdu } from './lean-pdu';
import { LeanSession } from './lean-session';
import { encodeGsm7, encodeUcs2 } from './short-message';
import { concatUdh } from './udh';

// The package is the reference: what the lean codec writes must be its bytes, what it reads its fields.
const { PDU } = require('smpp') as { PDU: new (command: string | Buffer, params?: object) => PackagePdu };

const READ_FIELDS = ['command', 'command_status', 'sequence_number', ...LEAN_PDU_FIELDS];
const fieldsOf = (pdu: PackagePdu): Record<string, unknown> =>
  Object.fromEntries(READ_FIELDS.map((k) => [k, (pdu as unknown as Record<string, unknown>)[k]]));

const submits: Record<string, object> = {
  'single GSM-7, alphanumeric sender': {
    service_type: '',
    source_addr_ton: 5,
    source_addr_npi: 0,
    source_addr: 'ACME',
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: '393331234567',
    esm_class: 0,
    registered_delivery: 1,
    data_coding: 0,
    short_message: encodeGsm7('Ciao {Mario} € 10'),
  },
  'UCS-2 from a number': {
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: '393400000000',
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: '447700900123',
    registered_delivery: 1,
    data_coding: 8,
    short_message: encodeUcs2('Привет 👋'),
  },
  'a part with its UDH': {
    service_type: '',
    source_addr: 'SHOP',
    source_addr_ton: 5,
    destination_addr: '393331234567',
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    esm_class: 0x40,
    registered_delivery: 1,
    data_coding: 0,
    short_message: Buffer.concat([concatUdh(200, 3, 2), encodeGsm7('x'.repeat(153))]),
  },
};

describe('lean PDU codec against the smpp package', () => {
  it.each(Object.entries(submits))('encodes submit_sm (%s) to the same bytes', (_name, params) => {
    const lean = leanRequest('submit_sm', params as never);
    expect(lean).toBeInstanceOf(LeanPdu);
    (lean as { sequence_number: number }).sequence_number = 4242;
    expect(lean.toBuffer()).toEqual(new PDU('submit_sm', { ...params, sequence_number: 4242 }).toBuffer());
  });

  it('encodes enquire_link and the responses to deliver_sm and enquire_link as the package does', () => {
    const deliver = new PDU('deliver_sm', { sequence_number: 9, short_message: 'x' });
    const leanDeliver = decodePdu(deliver.toBuffer());
    for (const status of [undefined, 0, 0x64]) {
      const options = status === undefined ? undefined : { command_status: status };
      expect(leanDeliver.response(options).toBuffer()).toEqual(deliver.response(options).toBuffer());
    }
    const enquire = new PDU('enquire_link', { sequence_number: 77 });
    expect(decodePdu(enquire.toBuffer()).response().toBuffer()).toEqual(enquire.response().toBuffer());
    const ours = leanRequest('enquire_link', {});
    (ours as { sequence_number: number }).sequence_number = 77;
    expect(ours.toBuffer()).toEqual(enquire.toBuffer());
  });

  it('reads submit_sm_resp, with and without a message_id, as the package does', () => {
    for (const params of [{ message_id: 'a1b2c3' }, { command_status: 0x58 }]) {
      const wire = new PDU('submit_sm_resp', { sequence_number: 5, ...params }).toBuffer();
      expect(decodePdu(wire)).toBeInstanceOf(LeanPdu);
      expect(fieldsOf(decodePdu(wire))).toEqual(fieldsOf(new PDU(wire)));
    }
  });

  it('reads a receipt with its TLVs and a reply in GSM-7 as the package does', () => {
    const receipt = new PDU('deliver_sm', {
      sequence_number: 12,
      source_addr: '393331234567',
      destination_addr: 'ACME',
      esm_class: 0x04,
      data_coding: 0,
      short_message:
        'id:0A1B2C sub:001 dlvrd:001 submit date:2612011200 done date:2612011200 stat:DELIVRD err:000 text:Ciao_$@',
      receipted_message_id: '0A1B2C',
      message_state: 2,
    }).toBuffer();
    const reply = new PDU('deliver_sm', {
      sequence_number: 13,
      source_addr_ton: 1,
      source_addr: '393331234567',
      destination_addr: '393400000000',
      data_coding: 0,
      short_message: encodeGsm7('STOP {} [€] ^~ | \\ èé ÆÅ'),
    }).toBuffer();
    for (const wire of [receipt, reply]) {
      expect(decodePdu(wire)).toBeInstanceOf(LeanPdu);
      expect(fieldsOf(decodePdu(wire))).toEqual(fieldsOf(new PDU(wire)));
    }
  });

  it('decodes every default-alphabet octet, alone and after an escape, as the package does', () => {
    const octets = [...Array(128).keys()];
    const samples = [
      Buffer.from(octets),
      ...octets.map((o) => Buffer.from([0x1b, o, 0x41])),
      Buffer.from([0x41, 0x1b]),
      Buffer.from([0x1b, 0x1b, 0x28]),
    ];
    for (const sm of samples) {
      const wire = new PDU('deliver_sm', { sequence_number: 1, data_coding: 0, short_message: sm }).toBuffer();
      expect(decodePdu(wire)).toBeInstanceOf(LeanPdu);
      expect(fieldsOf(decodePdu(wire))).toEqual(fieldsOf(new PDU(wire)));
    }
  });

  it('leaves to the package what it does not read exactly (UCS-2, UDH, octets ≥ 0x80, other TLVs)', () => {
    const cases = [
      { data_coding: 8, short_message: encodeUcs2('Grazie 🙏') },
      { esm_class: 0x40, data_coding: 0, short_message: Buffer.concat([concatUdh(1, 2, 1), encodeGsm7('abc')]) },
      { data_coding: 0, short_message: Buffer.from([0x41, 0x80]) },
      { data_coding: 0, short_message: 'id:1 stat:UNDELIV err:001', network_error_code: Buffer.from([3, 0, 1]) },
    ];
    for (const params of cases) {
      const wire = new PDU('deliver_sm', { sequence_number: 3, ...params }).toBuffer();
      expect(decodePdu(wire)).not.toBeInstanceOf(LeanPdu);
      expect(fieldsOf(decodePdu(wire))).toEqual(fieldsOf(new PDU(wire)));
    }
  });
});

describe('LeanSession framing', () => {
  it('reads PDUs split across and packed into TCP chunks, in order, and answers requests by sequence', async () => {
    const wire = Buffer.concat([
      new PDU('submit_sm_resp', { sequence_number: 1, message_id: 'first' }).toBuffer(),
      new PDU('deliver_sm', { sequence_number: 90, short_message: 'hello' }).toBuffer(),
      new PDU('submit_sm_resp', { sequence_number: 2, message_id: 'second' }).toBuffer(),
    ]);
    const firstLength = wire.readUInt32BE(0);
    const server = createServer((socket) => {
      socket.once('data', () => {
        // The first PDU one octet per write (reassembled), the other two in one write (split apart).
        void (async () => {
          for (const octet of wire.subarray(0, firstLength)) {
            socket.write(Buffer.from([octet]));
            await new Promise((r) => setImmediate(r));
          }
          socket.write(wire.subarray(firstLength));
        })();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const session = LeanSession.connect('127.0.0.1', (server.address() as AddressInfo).port);
    session.socket.setNoDelay(true);
    await once(session, 'connect');
    const seen: string[] = [];
    session.on('pdu', (pdu: PackagePdu) => seen.push(`${pdu.command}:${pdu.sequence_number}`));
    const answers = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<string | undefined>((resolve) =>
            session.send(leanRequest('submit_sm', submits['single GSM-7, alphanumeric sender'] as never), (resp) =>
              resolve(resp.message_id),
            ),
          ),
      ),
    );
    expect(answers).toEqual(['first', 'second']);
    expect(seen).toEqual(['submit_sm_resp:1', 'deliver_sm:90', 'submit_sm_resp:2']);
    session.destroy();
    await new Promise((r) => server.close(r));
  });
});
