// The chaos suite's own client rules, which its verdicts rest on: the carrier script it expects,
// and when a request may be retried (same key; without a key only when it surely was not processed).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

import { request } from './http';
import { expectedFinalStatus, normalNumber, seededRng } from './random';

type Answer = { status: number; body?: object; delayMs?: number };

/** A local server answering the scripted statuses in turn; records each request's Idempotency-Key. */
async function scripted(answers: Answer[]) {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers['idempotency-key'] as string | undefined);
    const a = answers[Math.min(seen.length - 1, answers.length - 1)];
    setTimeout(() => {
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body ?? {}));
    }, a.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

const noLuck = () => 0.99; // never cut short, never repeat, never race
/** A random source that answers the given values in turn, then 0.99. */
const sequence = (values: number[]) => () => values.shift() ?? 0.99;
const timeout503 = { status: 503, body: { code: 'upstream-timeout' } };
const notRunning503 = { status: 503, body: { code: 'upstream-unavailable' } };

describe('chaos client', () => {
  it('expects the simulated carrier script for magic numbers, delivery otherwise', () => {
    expect(expectedFinalStatus('+3933312340000')).toBe('failed');
    expect(expectedFinalStatus('+3933312340001')).toBe('failed');
    expect(expectedFinalStatus('+3933312340002')).toBe('expired');
    const rng = seededRng(7);
    for (let i = 0; i < 5000; i++) expect(expectedFinalStatus(normalNumber(rng))).toBe('delivered');
  });

  it('retries a keyed request with the same key until a definitive answer', async () => {
    const s = await scripted([timeout503, { status: 502 }, { status: 201, body: { id: 'x' } }]);
    try {
      const res = await request(s.url, { method: 'POST', path: '/', body: {}, key: 'k1' }, { rng: noLuck });
      expect(res.status).toBe(201);
      expect(s.seen).toEqual(['k1', 'k1', 'k1']);
    } finally {
      await s.close();
    }
  });

  it('after cutting the first attempt short, retries it with the same key', async () => {
    const s = await scripted([{ status: 201, delayMs: 600 }, { status: 201 }]);
    try {
      const res = await request(
        s.url,
        { method: 'POST', path: '/', body: {}, key: 'k2' },
        // Cut short after 5 + 0.99 × 400 ≈ 400 ms: late enough that the server surely saw it
        // (5 ms raced the request under load), early enough to beat its 600 ms answer.
        { rng: sequence([0, 0.99]), cutShort: 1 },
      );
      expect(res.statuses[0]).toBe('client-timeout');
      expect(res.status).toBe(201);
      expect(s.seen).toEqual(['k2', 'k2']);
    } finally {
      await s.close();
    }
  });

  it('without a key, never retries an answer that may hide an effect, only "not running"', async () => {
    const s = await scripted([notRunning503, timeout503, { status: 202 }]);
    try {
      const res = await request(s.url, { method: 'POST', path: '/', body: {} }, { rng: noLuck, unkeyed: true });
      expect(res).toMatchObject({ status: 503, gaveUp: true, unknownOutcome: true });
      expect(s.seen).toHaveLength(2);
    } finally {
      await s.close();
    }
  });
});
