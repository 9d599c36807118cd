// The smsc-simulator app as a process: ports reported, control endpoint answering, clean stop.
import { startSmscProcess } from './smsc-process';

describe('startSmscProcess (compiled apps/smsc-simulator)', () => {
  it('reports its ports, answers its control endpoint and accepts an MO injection', async () => {
    const smsc = await startSmscProcess({ SMSC_PASSWORD: 'p@ss' });
    try {
      expect(smsc.smppUrl).toBe(`smpp://smsc:p%40ss@127.0.0.1:${smsc.smppPort}`);
      const stats = (await (await fetch(`${smsc.controlUrl}/stats`)).json()) as { sessions: number; submits: number };
      expect(stats).toMatchObject({ sessions: 0, submits: 0 });
      const mo = await fetch(`${smsc.controlUrl}/mo`, {
        method: 'POST',
        body: JSON.stringify({ from: '+393331234567', to: '+3902', text: 'STOP' }),
      });
      expect(mo.status).toBe(202);
      const bad = await fetch(`${smsc.controlUrl}/config`, { method: 'POST', body: JSON.stringify({ tps: 'fast' }) });
      expect(bad.status).toBe(400);
    } finally {
      await smsc.stop();
    }
  });
});
