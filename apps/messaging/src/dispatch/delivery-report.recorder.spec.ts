import type { EventPublisher } from '@sms/events';
import type { DataSource } from 'typeorm';
import type { CarrierPort, DeliveryReport } from '../carriers/carrier.port';
import { DeliveryReportRecorder } from './delivery-report.recorder';
import type { PendingReceiptRepository } from './pending-receipt.repository';

// The batching policy with a fake database: each transaction records the message ids its UPDATE got.
function recorderWithFakeDb(): { recorder: DeliveryReportRecorder; batches: string[][] } {
  const batches: string[][] = [];
  const em = {
    query: (sql: string, params: unknown[]) => {
      // The ids go as one array literal, `{a,b,c}`.
      if (sql.includes('UPDATE messaging.messages')) batches.push((params[0] as string).slice(1, -1).split(','));
      return Promise.resolve([[], 0]);
    },
  };
  const ds = { transaction: (work: (e: typeof em) => Promise<unknown>) => work(em) } as unknown as DataSource;
  const events = { notifyCommitted: () => undefined } as unknown as EventPublisher;
  const pending = { settle: () => Promise.resolve() } as unknown as PendingReceiptRepository;
  const recorder = new DeliveryReportRecorder(ds, {} as CarrierPort, events, pending);
  return { recorder, batches };
}

const report = (id: string): DeliveryReport => ({
  messageId: id,
  carrierMessageId: `c-${id}`,
  status: 'delivered',
  at: new Date(),
});

describe('DeliveryReportRecorder batching', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes a burst once the receipts pause for 5 ms, as one transaction', async () => {
    const { recorder, batches } = recorderWithFakeDb();
    const written = ['a', 'b', 'c'].map((id) => recorder.record(report(id)));
    await jest.advanceTimersByTimeAsync(4);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(2);
    await Promise.all(written);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('under a steady flow writes every 50 ms rather than waiting for a pause that never comes', async () => {
    const { recorder, batches } = recorderWithFakeDb();
    const written: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      written.push(recorder.record(report(`m${i}`))); // one report every 2 ms for 120 ms
      await jest.advanceTimersByTimeAsync(2);
    }
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all(written);
    expect(batches.flat()).toEqual(Array.from({ length: 60 }, (_, i) => `m${i}`));
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(batches[0].length).toBeGreaterThanOrEqual(24); // ~50 ms of reports at one per 2 ms
  });

  it('drain() writes what it holds at once (shutdown, carrier closed)', async () => {
    const { recorder, batches } = recorderWithFakeDb();
    const written = recorder.record(report('last'));
    await recorder.drain();
    expect(batches).toEqual([['last']]);
    await written;
  });
});
