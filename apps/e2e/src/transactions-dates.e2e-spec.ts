import { buyCredits, signUpAndLogIn } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { createSubAccountWithManager } from './support/sub-accounts';

const http = e2eHttp();
const dayIn = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(iso));

describe('GET /transactions: a YYYY-MM-DD filter is a day in the time zone, as for /history', () => {
  it('finds a transfer on its local day and not on its UTC day when the two differ', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 50);
    await createSubAccountWithManager(owner, { unlimited: false, credits: 10 });
    const all = await http.get('/transactions', { token: owner.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(1);
    const { id, createdAt } = all.body.items[0] as { id: string; createdAt: string };

    // UTC+14 is a day ahead of UTC from 10:00 UTC on, UTC-11 a day behind until 11:00 UTC.
    const zone = new Date(createdAt).getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const localDay = dayIn(createdAt, zone);
    const utcDay = createdAt.slice(0, 10);
    expect(localDay).not.toBe(utcDay);
    const ids = async (q: string) => {
      const res = await http.get(`/transactions?${q}`, { token: owner.accessToken });
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((t) => t.id);
    };
    const tz = `timeZone=${encodeURIComponent(zone)}`;
    expect(await ids(`from=${localDay}&to=${localDay}&${tz}`)).toEqual([id]);
    expect(await ids(`from=${utcDay}&to=${utcDay}&${tz}`)).toEqual([]);
    // Without timeZone the day is Europe/Rome's, as on /history.
    const romeDay = dayIn(createdAt, 'Europe/Rome');
    expect(await ids(`from=${romeDay}&to=${romeDay}`)).toEqual([id]);
  });

  it('refuses an unknown time zone, a bad day and to before from with 400', async () => {
    const owner = await signUpAndLogIn(http);
    expectProblem(
      await http.get('/transactions?timeZone=Mars%2FOlympus', { token: owner.accessToken }),
      400,
      'timeZone',
    );
    expectProblem(await http.get('/transactions?from=2026-02-30', { token: owner.accessToken }), 400, 'from');
    expectProblem(
      await http.get('/transactions?from=2026-05-02&to=2026-05-01', { token: owner.accessToken }),
      400,
      'to',
    );
  });
});
