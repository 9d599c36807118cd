import { concatUdh } from './udh';
import { isReceipt, parseReceiptText } from './receipt';
import {
  ESME_RBINDFAIL,
  ESME_RINVDSTADR,
  ESME_ROK,
  ESME_RTHROTTLED,
  smppConnect,
  SmppPdu,
  SmppSession,
} from './smpp-session';
import { SmscSimulator } from './smsc-simulator';

const until = async (cond: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('SmscSimulator over TCP (facade on both sides)', () => {
  let smsc: SmscSimulator;
  let session: SmppSession;
  const delivers: SmppPdu[] = [];

  beforeAll(async () => {
    smsc = new SmscSimulator({ systemId: 'u', password: 'p', dlrDelayMs: 5 });
    const port = await smsc.listen(0);
    session = await smppConnect('127.0.0.1', port);
    session.on('deliver_sm', (pdu, reply) => {
      delivers.push(pdu);
      reply();
    });
  });
  afterAll(async () => {
    session.destroy();
    await smsc.close();
  });

  it('refuses a wrong password with ESME_RBINDFAIL', async () => {
    const other = await smppConnect('127.0.0.1', smsc.port);
    const resp = await other.request(
      'bind_transceiver',
      { system_id: 'u', password: 'nope', interface_version: 0x34 },
      5000,
    );
    expect(resp.command_status).toBe(ESME_RBINDFAIL);
    other.destroy();
    expect(smsc.stats().bindFailures).toBe(1);
  });

  it('binds, reassembles a two-part message and sends a receipt per part', async () => {
    const bind = await session.request(
      'bind_transceiver',
      { system_id: 'u', password: 'p', interface_version: 0x34 },
      5000,
    );
    expect(bind.command_status).toBe(ESME_ROK);
    const ids: string[] = [];
    for (const [seq, part] of [
      [2, 'world'],
      [1, 'hello '],
    ] as const) {
      const resp = await session.request(
        'submit_sm',
        {
          source_addr: 'ACME',
          destination_addr: '393331234567',
          data_coding: 0,
          registered_delivery: 1,
          short_message: { udh: concatUdh(9, 2, seq), message: part },
        },
        5000,
      );
      expect(resp.command_status).toBe(ESME_ROK);
      ids.push(resp.message_id ?? '');
    }
    expect(smsc.received()).toEqual([
      expect.objectContaining({ to: '393331234567', text: 'hello world', parts: 2, reference: 9 }),
    ]);
    await until(() => delivers.length >= 2, 'two receipts');
    expect(delivers.every((d) => isReceipt(d.esm_class))).toBe(true);
    expect(delivers.map((d) => d.receipted_message_id).sort()).toEqual([...ids].sort());
    const sm = delivers[0].short_message;
    const text = typeof sm === 'object' && sm && !Buffer.isBuffer(sm) ? String(sm.message) : '';
    expect(parseReceiptText(text)?.stat).toBe('DELIVRD');
  });

  it('rejects a recipient ending in 0000 at submit', async () => {
    const resp = await session.request(
      'submit_sm',
      { destination_addr: '393330000000', short_message: { message: 'x' } },
      5000,
    );
    expect(resp.command_status).toBe(ESME_RINVDSTADR);
  });

  it('drains before a planned stop: pending MO delivered and acknowledged, new submits throttled', async () => {
    smsc.injectMo({ from: '+393331112222', to: '+393400000100', text: 'before the stop' });
    await expect(smsc.drain(10_000)).resolves.toBe(true);
    expect(delivers.some((d) => d.source_addr === '393331112222')).toBe(true);
    const resp = await session.request(
      'submit_sm',
      { destination_addr: '393331234567', short_message: { message: 'during the stop' } },
      5000,
    );
    expect(resp.command_status).toBe(ESME_RTHROTTLED);
  });
});

describe('SmscSimulator.drain without a bound client', () => {
  it('gives up after its timeout when what it owes cannot be delivered', async () => {
    const smsc = new SmscSimulator();
    smsc.injectMo({ from: '+393331112222', to: '+393400000100', text: 'nobody listens' });
    await expect(smsc.drain(200)).resolves.toBe(false);
    await smsc.close();
  });
});

describe('SmppSession with coalesceWrites', () => {
  let smsc: SmscSimulator;
  beforeAll(async () => {
    smsc = new SmscSimulator({ systemId: 'u', password: 'p', dlrDelayMs: 5 });
    await smsc.listen(0);
  });
  afterAll(() => smsc.close());

  it('answers every PDU of a session that coalesces its writes, requests and replies sent in one tick', async () => {
    const other = await smppConnect('127.0.0.1', smsc.port, { coalesceWrites: true });
    const receipts: SmppPdu[] = [];
    other.on('deliver_sm', (pdu, reply) => {
      receipts.push(pdu);
      reply();
    });
    const bind = await other.request(
      'bind_transceiver',
      { system_id: 'u', password: 'p', interface_version: 0x34 },
      5000,
    );
    expect(bind.command_status).toBe(ESME_ROK);
    const resps = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        other.request(
          'submit_sm',
          {
            source_addr: 'ACME',
            destination_addr: `3933312340${String(i).padStart(2, '0')}`,
            registered_delivery: 1,
            short_message: { message: `coalesced ${i}` },
          },
          5000,
        ),
      ),
    );
    expect(resps.map((r) => r.command_status)).toEqual(resps.map(() => ESME_ROK));
    expect(new Set(resps.map((r) => r.message_id)).size).toBe(20);
    await until(() => receipts.length === 20, 'the 20 receipts');
    other.destroy();
  });
});
