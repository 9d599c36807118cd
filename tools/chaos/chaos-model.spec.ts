// The client-side model the chaos verdict rests on: balances computed from what clients were told,
// and the no-vacuous-pass minimums.
import { gaveUpBound, minimums } from './checks/coverage';
import { buildModel, Resolved, smsCharges } from './model';
import type { ApiBody, ReqBody, TrafficRecord } from './types';

const OWNER = '00000000-0000-4000-8000-000000000001';
const LIMITED = '00000000-0000-4000-8000-000000000002';
const UNLIMITED = '00000000-0000-4000-8000-000000000003';
const FAILS = '+3933312340001'; // the carrier script fails it: refunded

type Fields = Omit<Partial<TrafficRecord>, 'req'> & { req?: { body?: ReqBody } };

/** A recorded request: what the fixture says, the rest as an answered POST. */
const record = (kind: string, fields: Fields): TrafficRecord => ({
  kind,
  status: 200,
  body: null,
  repeats: [],
  statuses: [200],
  accountId: '',
  ...fields,
  req: { method: 'POST', path: '/', ...fields.req },
});

const ok = (kind: string, fields: Fields, body: ApiBody): Resolved => ({
  rec: record(kind, fields),
  outcome: 'acknowledged',
  body,
});

describe('chaos model', () => {
  it('computes every balance from the acknowledged operations and the carrier script', () => {
    const m = buildModel([
      ok('purchase', { accountId: OWNER, req: { body: { smsCount: 300 } } }, { id: 'inv-1' }),
      ok('purchase', { accountId: OWNER, req: { body: { smsCount: 50 } } }, { id: 'inv-2' }), // never paid
      ok('pay', { accountId: OWNER, invoiceId: 'inv-1' }, { id: 'inv-1' }),
      ok('sub-create', { accountId: OWNER, req: { body: { unlimited: false, credits: 20 } } }, { id: LIMITED }),
      ok('sub-create', { accountId: OWNER, req: { body: { unlimited: true } } }, { id: UNLIMITED }),
      ok(
        'credit',
        { accountId: OWNER, subId: LIMITED, req: { body: { credits: 30 } } },
        { transaction: { id: 't1', credits: 30 } },
      ),
      ok('reset', { accountId: OWNER, subId: LIMITED }, { transaction: { id: 't2', credits: 10 } }),
      // The limited sub-account sends 2 segments to 2 numbers (one repeated), one of which fails.
      ok(
        'sms',
        { accountId: LIMITED, key: 'k1', req: { body: { to: ['+393330000017', FAILS, FAILS] } } },
        { campaignId: 'c1', segments: 2, recipients: 2, creditsCharged: 4 },
      ),
      // The unlimited one spends its owner's credits.
      ok(
        'sms',
        { accountId: UNLIMITED, key: 'k2', req: { body: { to: ['+393330000027'] } } },
        { campaignId: 'c2', segments: 1, recipients: 1, creditsCharged: 1 },
      ),
      {
        rec: record('credit', { status: 'gave-up', subId: LIMITED, accountId: OWNER, req: { body: { credits: 5 } } }),
        outcome: 'not-happened',
      },
    ]);
    expect(m.problems).toEqual([]);
    expect(m.accounts.get(OWNER)?.balance).toBe(300 - 20 - 30 + 10 - 1);
    expect(m.accounts.get(LIMITED)?.balance).toBe(20 + 30 - 10 - (4 - 2));
    expect(m.accounts.get(UNLIMITED)?.balance).toBe(0);
    expect(m.invoices.get('inv-2')).toMatchObject({ paid: false, smsCount: 50 });
    expect(m.campaigns.get('c2')).toMatchObject({ debited: OWNER, charged: 1, refunded: 0 });
    expect([...m.transfers.keys()]).toEqual(['t1', 't2']);
  });

  it('names an answer that disagrees with its request', () => {
    const m = buildModel([
      ok(
        'sms',
        { accountId: OWNER, key: 'k', req: { body: { to: ['+393330000017'] } } },
        { campaignId: 'c', segments: 1, recipients: 1, creditsCharged: 3 },
      ),
    ]);
    expect(m.problems).toHaveLength(1);
    expect(smsCharges([FAILS, FAILS, '+393330000017'], 3)).toEqual({
      recipients: [FAILS, '+393330000017'],
      charged: 6,
      refunded: 3,
    });
  });

  it('requires successes of every kind, scaled to the run, and bounds the gave-up requests', () => {
    const full = minimums(75);
    expect(Object.keys(full).length).toBeGreaterThan(10);
    expect(Object.values(full).every((n) => n >= 1)).toBe(true);
    expect(Object.values(minimums(10)).every((n) => n === 1)).toBe(true);
    expect(gaveUpBound(100)).toBe(3);
    expect(gaveUpBound(1000)).toBe(20);
  });
});
