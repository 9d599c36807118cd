// The SMPP adapter against the SMSC simulator over real TCP (loopback), no mocks in between.
import { SmscSimulator } from '@sms/smpp';
import { countSegments } from '@sms/sms-text';
import type { DeliveryReport, OutboundSms, PendingReceipt, SubmitResult } from '../carrier.port';
import { SmppCarrier, SmppCarrierOptions } from './smpp-carrier';
import { eventually } from '@sms/testing';

let seq = 0;
const sms = (to: string, text: string, from = 'ACME'): OutboundSms => ({
  messageId: `m-${++seq}`,
  from,
  to,
  text,
  segments: countSegments(text).segments,
});

describe('SmppCarrier ⇄ SmscSimulator over TCP', () => {
  let smsc: SmscSimulator;
  const carriers: SmppCarrier[] = [];

  const carrier = (over: Partial<SmppCarrierOptions> = {}): { c: SmppCarrier; reports: DeliveryReport[] } => {
    const c = new SmppCarrier({
      endpoint: { host: '127.0.0.1', port: smsc.port, systemId: 'esme', password: 'pw' },
      binds: 1,
      window: 10,
      tps: 2000,
      enquireLinkMs: 5000,
      responseTimeoutMs: 5000,
      rebindMinMs: 50,
      rebindMaxMs: 200,
      ...over,
    });
    const reports: DeliveryReport[] = [];
    c.onDeliveryReport(async (r) => {
      reports.push(r);
    });
    carriers.push(c);
    return { c, reports };
  };

  beforeEach(async () => {
    smsc = new SmscSimulator({ systemId: 'esme', password: 'pw', dlrDelayMs: 20 });
    await smsc.listen(0);
  });
  afterEach(async () => {
    await Promise.all(carriers.splice(0).map((c) => c.close()));
    await smsc.close();
  });

  it('submits single and multipart GSM-7 and UCS-2 that the SMSC reassembles to the same text, and reports them delivered', async () => {
    const { c, reports } = carrier();
    await eventually('bound', () => c.isUp());
    const texts = [
      'Hello from ACME: your code is 1234 {ok} €5',
      'Long GSM message with extension chars [€] '.repeat(9),
      'Ciao 😀 привет',
      'Сообщение на кириллице с эмодзи 😀. '.repeat(5),
      'Second long one to check references differ. '.repeat(5),
    ];
    const sent = texts.map((t, i) => sms(`+3933312345${60 + i}`, t));
    const results = await Promise.all(sent.map((m) => c.submit(m)));
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(results).toHaveLength(5);

    const received = smsc.received();
    for (const m of sent) {
      const got = received.filter((r) => `+${r.to}` === m.to);
      expect(got).toHaveLength(1);
      expect(got[0].text).toBe(m.text);
      expect(got[0].parts).toBe(m.segments);
      expect(got[0].dataCoding).toBe(countSegments(m.text).encoding === 'GSM-7' ? 0 : 8);
      expect(got[0].from).toBe('ACME');
    }
    expect(sent.map((m) => m.segments)).toEqual([1, 3, 1, 3, 2]);
    const refs = received.filter((r) => r.parts > 1).map((r) => r.reference);
    expect(refs).toHaveLength(3);
    expect(new Set(refs).size).toBe(3);

    await eventually('5 reports', () => reports.length >= 5);
    expect(reports.map((r) => [r.messageId, r.status]).sort()).toEqual(
      sent.map((m) => [m.messageId, 'delivered']).sort(),
    );
    // The stored carrier id lists every part's id.
    const multipart = results[1] as Extract<SubmitResult, { accepted: true }>;
    expect(multipart.carrierMessageId.split(',')).toHaveLength(3);
  });

  it.each(['tlv', 'text'] as const)(
    'maps each receipt state (receipts as %s) and a submit rejection',
    async (style) => {
      smsc.configure({ receiptStyle: style });
      const { c, reports } = carrier();
      await eventually('bound', () => c.isUp());
      const ok = sms('+393331234567', 'fine');
      const failed = sms('+393330000001', 'fails');
      const expired = sms('+393330000002', 'expires '.repeat(30));
      const rejected = sms('+393330000000', 'refused');
      const results = await Promise.all([ok, failed, expired, rejected].map((m) => c.submit(m)));
      expect(results.slice(0, 3).every((r) => r.accepted)).toBe(true);
      expect(results[3]).toEqual({ accepted: false, errorCode: 'ESME_RINVDSTADR', reason: expect.any(String) });
      await eventually('3 reports', () => reports.length >= 3);
      const byId = new Map(reports.map((r) => [r.messageId, r]));
      expect(byId.get(ok.messageId)).toMatchObject({ status: 'delivered' });
      expect(byId.get(ok.messageId)?.errorCode).toBeUndefined();
      expect(byId.get(failed.messageId)).toMatchObject({ status: 'failed', errorCode: 'UNDELIV:001' });
      expect(byId.get(expired.messageId)).toMatchObject({ status: 'expired', errorCode: 'EXPIRED:002' });
      expect(byId.has(rejected.messageId)).toBe(false);
    },
  );

  it('backs off on ESME_RTHROTTLED with a window of 10: 500 messages all delivered, none duplicated', async () => {
    // The operator takes 5 outstanding submits where we keep 10, answering each after 20 ms: it
    // throttles however fast or slow this machine is (a TPS cap alone needed the client to outrun
    // it, which a loaded machine did not always do), and caps us at 150/s besides.
    smsc.configure({ tps: 150, window: 5, respDelayMs: 20 });
    const { c, reports } = carrier({ window: 10, tps: 5000 });
    await eventually('bound', () => c.isUp());
    const batch = Array.from({ length: 500 }, (_, i) => sms(`+3933${String(1_000_000 + i)}7`, `bulk message ${i}`));
    const results = await Promise.all(batch.map((m) => c.submit(m)));
    expect(results.filter((r) => r.accepted)).toHaveLength(500);
    const stats = smsc.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.duplicates).toBe(0);
    expect(smsc.received()).toHaveLength(500);
    await eventually('500 reports', () => reports.length >= 500, 60_000);
    expect(new Set(reports.map((r) => r.messageId)).size).toBe(500);
    expect(reports.every((r) => r.status === 'delivered')).toBe(true);
  });

  it('resubmits after a connection dropped mid-window: every message accepted and final, duplicates counted', async () => {
    smsc.configure({ respDelayMs: 30 });
    const { c, reports } = carrier({ window: 10 });
    await eventually('bound', () => c.isUp());
    const batch = Array.from({ length: 100 }, (_, i) => sms(`+3934${String(1_000_000 + i)}7`, `drop test ${i}`));
    const pending = Promise.all(batch.map((m) => c.submit(m)));
    await eventually('some received', () => smsc.received().length >= 20);
    expect(smsc.dropConnections()).toBe(1);
    const results = await pending;
    expect(results.filter((r) => r.accepted)).toHaveLength(100);
    await eventually('100 final reports', () => new Set(reports.map((r) => r.messageId)).size >= 100, 45_000);
    expect(reports.every((r) => r.status === 'delivered')).toBe(true);
    const handsets = new Set(smsc.received().map((r) => `${r.to}|${r.text}`));
    expect(handsets.size).toBe(100);
    // Parts in flight when the link dropped were submitted again: the SMSC may count them twice.
    expect(smsc.stats().duplicates).toBe(smsc.received().length - 100);
    expect(c.resubmitted).toBeGreaterThan(0);
    process.stdout.write(
      `drop mid-window: resubmitted ${c.resubmitted} parts, handset duplicates ${smsc.stats().duplicates}\n`,
    );
  });

  it('stays up but down-for-sending on a wrong password, and binds once the password is right', async () => {
    smsc.configure({ password: 'other' });
    const { c } = carrier();
    await eventually('a refused bind', () => smsc.stats().bindFailures >= 2);
    expect(c.isUp()).toBe(false);
    expect(c.describe()[0].lastError).toMatch(/ESME_RBINDFAIL/);
    await expect(c.submit(sms('+393331234567', 'x'))).rejects.toThrow(/down/);
    smsc.configure({ password: 'pw' });
    await eventually('bound after the fix', () => c.isUp());
    await expect(c.submit(sms('+393331234567', 'now it goes'))).resolves.toMatchObject({ accepted: true });
  });

  it('drops a link whose enquire_link goes unanswered and binds again', async () => {
    const { c } = carrier({ enquireLinkMs: 100, responseTimeoutMs: 300 });
    await eventually('bound', () => c.isUp());
    expect(smsc.stats().binds).toBe(1);
    smsc.configure({ answerEnquireLink: false });
    await eventually('a rebind', () => smsc.stats().binds >= 2);
    smsc.configure({ answerEnquireLink: true });
    await eventually('bound again', () => c.isUp());
    await expect(c.submit(sms('+393331234567', 'after the silence'))).resolves.toMatchObject({ accepted: true });
  });

  it('unbinds on close', async () => {
    const { c } = carrier();
    await eventually('bound', () => c.isUp());
    await c.close();
    await eventually('no session left', () => smsc.stats().sessions === 0);
    expect(c.isUp()).toBe(false);
    await expect(c.submit(sms('+393331234567', 'x'))).rejects.toThrow(/closed/);
  });

  it('keeps a receipt no tracked message takes until stored, acknowledges it only then, and applies it once its message is known', async () => {
    smsc.configure({ dlrDelayMs: 3000 }); // the first process is gone before they come
    const first = carrier();
    await eventually('bound', () => first.c.isUp());
    // Three parts: their receipts come to a process that no longer knows the message.
    const m = sms('+393331234599', 'Parts for a successor. '.repeat(14));
    expect(m.segments).toBe(3);
    const sent = await first.c.submit(m);
    if (!sent.accepted) throw new Error('refused');
    await first.c.close();
    expect(first.reports).toEqual([]);

    const stored: PendingReceipt[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const next = carrier();
    next.c.onPendingReceipt(async (r) => {
      await gate; // the store is slow: the SMSC must not hear OK before it commits
      stored.push(r);
    });
    await eventually(
      'three receipts at the successor',
      async () => smsc.stats().receiptsPending === 3 && next.c.isUp(),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(smsc.stats().receiptsPending).toBe(3); // unacknowledged while not stored
    release();
    await eventually('stored, then acknowledged', async () => smsc.stats().receiptsPending === 0);
    expect(stored.map((r) => r.state)).toEqual(['DELIVRD', 'DELIVRD', 'DELIVRD']);
    expect(next.reports).toEqual([]);

    // The process restarts once more: the store hands the receipts back after the restore.
    const third = carrier();
    third.c.resume([{ messageId: m.messageId, carrierMessageId: sent.carrierMessageId, to: m.to }]);
    await third.c.replayPending([...stored, ...stored]);
    expect(third.reports).toHaveLength(1);
    expect(third.reports[0]).toMatchObject({ messageId: m.messageId, status: 'delivered' });
    expect(third.reports[0].settlesReceipts).toEqual(expect.arrayContaining(stored.map((r) => r.carrierMessageId)));

    // In the same process, a parked receipt is applied as soon as the message is handed back.
    next.c.resume([{ messageId: m.messageId, carrierMessageId: sent.carrierMessageId, to: m.to }]);
    await eventually('applied from memory', async () => next.reports.length === 1);
    expect(next.reports[0]).toMatchObject({ messageId: m.messageId, status: 'delivered' });
  });
});
