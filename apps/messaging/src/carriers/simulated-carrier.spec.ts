import { eventually } from '@sms/testing';
import type { DeliveryReport, OutboundSms } from './carrier.port';
import { SimulatedCarrier } from './simulated-carrier';

const sms = (to: string, messageId = 'm-1'): OutboundSms => ({ messageId, from: 'ACME', to, text: 'hi', segments: 1 });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('SimulatedCarrier', () => {
  let carrier: SimulatedCarrier;
  let reports: DeliveryReport[];

  beforeEach(() => {
    carrier = new SimulatedCarrier({ dlrDelayMs: 5 });
    reports = [];
    carrier.onDeliveryReport(async (r) => {
      reports.push(r);
    });
  });
  afterEach(() => carrier.close());

  const nextReport = (): Promise<DeliveryReport> => eventually('a delivery report', () => reports[0], 10_000, 5);

  it('is named and rejects an invalid delay', () => {
    expect(carrier.name).toBe('simulated');
    expect(() => new SimulatedCarrier({ dlrDelayMs: -1 })).toThrow(RangeError);
  });

  it('delivers normal recipients after the delay', async () => {
    const before = Date.now();
    const res = await carrier.submit(sms('+393331234567'));
    expect(res).toEqual({ accepted: true, carrierMessageId: expect.stringMatching(/^sim-/) });
    expect(reports).toHaveLength(0);
    const r = await nextReport();
    expect(r).toEqual({
      messageId: 'm-1',
      carrierMessageId: res.accepted ? res.carrierMessageId : '',
      status: 'delivered',
      at: expect.any(Date),
    });
    expect(r.errorCode).toBeUndefined();
    expect(r.at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('rejects recipients ending in 0000 at submission, with no report', async () => {
    const res = await carrier.submit(sms('+393330000000'));
    expect(res).toEqual({ accepted: false, errorCode: 'SIM-REJECTED', reason: expect.any(String) });
    await sleep(20);
    expect(reports).toHaveLength(0);
  });

  it('accepts then fails recipients ending in 0001', async () => {
    const res = await carrier.submit(sms('+393330000001'));
    expect(res.accepted).toBe(true);
    expect(await nextReport()).toMatchObject({ status: 'failed', errorCode: 'SIM-FAILED' });
  });

  it('accepts then expires recipients ending in 0002', async () => {
    const res = await carrier.submit(sms('+393330000002'));
    expect(res.accepted).toBe(true);
    expect(await nextReport()).toMatchObject({ status: 'expired', errorCode: 'SIM-EXPIRED' });
  });

  it('gives each accepted message its own carrier id and echoes our message id', async () => {
    const a = await carrier.submit(sms('+393331111111', 'a'));
    const b = await carrier.submit(sms('+393332222222', 'b'));
    expect(a.accepted && b.accepted && a.carrierMessageId !== b.carrierMessageId).toBe(true);
    for (let i = 0; i < 200 && reports.length < 2; i++) await sleep(5);
    expect(reports.map((r) => r.messageId).sort()).toEqual(['a', 'b']);
  });

  it('isolates a throwing handler and still calls the others', async () => {
    const errors: unknown[] = [];
    const c = new SimulatedCarrier({ dlrDelayMs: 1, onHandlerError: (e) => errors.push(e) });
    const seen: string[] = [];
    c.onDeliveryReport(async () => {
      throw new Error('boom');
    });
    c.onDeliveryReport(async (r) => {
      seen.push(r.status);
    });
    await c.submit(sms('+393331234567'));
    for (let i = 0; i < 200 && seen.length === 0; i++) await sleep(5);
    expect(seen).toEqual(['delivered']);
    expect(errors).toHaveLength(1);
    await c.close();
  });

  it('close() cancels pending reports and refuses new submits', async () => {
    const slow = new SimulatedCarrier({ dlrDelayMs: 10 });
    const seen: DeliveryReport[] = [];
    slow.onDeliveryReport(async (r) => {
      seen.push(r);
    });
    await slow.submit(sms('+393331234567'));
    await slow.close();
    await sleep(30);
    expect(seen).toHaveLength(0);
    await expect(slow.submit(sms('+393331234567'))).rejects.toThrow(/closed/);
  });

  it('schedules again, from the recipient, the reports of messages handed back by resume()', async () => {
    const carrier = new SimulatedCarrier({ dlrDelayMs: 5 });
    const reports: DeliveryReport[] = [];
    carrier.onDeliveryReport(async (r) => {
      reports.push(r);
    });
    carrier.resume([
      { messageId: 'm1', carrierMessageId: 'sim-1', to: '+393331234567' },
      { messageId: 'm2', carrierMessageId: 'sim-2', to: '+393330000002' },
    ]);
    await eventually('both reports', () => reports.length === 2);
    await carrier.close();
    expect(reports.map((r) => [r.messageId, r.carrierMessageId, r.status]).sort()).toEqual([
      ['m1', 'sim-1', 'delivered'],
      ['m2', 'sim-2', 'expired'],
    ]);
  });
});
