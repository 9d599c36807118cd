// Webhooks in the chaos run: a local HTTP receiver (127.0.0.1, allowed through WEBHOOK_ALLOWED_HOSTS)
// registered through the API as a `message.status` webhook of every other owner, which answers after
// 50-600 ms (so deliveries are really in flight) and 503 now and then (so some are retried); and the
// fault that matters for it: `kill -9` of notifications (where the webhook worker runs) while the
// receiver holds deliveries it has not answered yet. checks/webhooks.ts then proves every status event
// of those owners (and of their sub-accounts) arrived at least once, correctly signed.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultLog } from './faults';
import { request } from './http';
import { helpers, RandomHelpers } from './random';
import type { ChaosStack } from './stack';
import type { Traffic } from './traffic';
import type { Deadline } from './traffic-end';
import { sleep, type Log, type Owner, type Rng } from './types';

/** The README's verification recipe (apps/notifications/README.md). */
export function verifySignature(rawBody: string, header: string, secret: string, toleranceSeconds = 300): boolean {
  const fields = Object.fromEntries(
    String(header)
      .split(',')
      .map((kv) => kv.trim().split('=')),
  ) as Record<string, string | undefined>;
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(fields.v1 ?? '', 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export interface Hook {
  owner: Owner;
  secret: string;
  webhookId: string;
}

export interface Received {
  path: string;
  eventId: string;
  signed: boolean;
  valid: boolean;
  json: { accountId?: string; subAccountId?: string | null; data?: { messageId?: string } } | null;
  at: number;
}

export class ChaosWebhooks {
  /** path → { owner, secret, webhookId } of a registration whose answer came back. */
  readonly hooks = new Map<string, Hook>();
  /** Every POST. */
  readonly received: Received[] = [];
  readonly stats = { requests: 0, answered503: 0, unknownPath: 0, registrations: 0, unknownOutcomes: 0 };
  inFlight = 0;
  /** kill -9 of notifications with deliveries held here: { atS, inFlight }. */
  readonly kills: { atS: number; inFlight: number }[] = [];
  port = 0;
  private attempt = 0;
  private readonly r: RandomHelpers;
  private readonly rng: Rng;
  private readonly log: Log;
  private server: http.Server | null = null;

  constructor({ rng, log }: { rng: Rng; log: Log }) {
    this.r = helpers(rng);
    this.rng = rng;
    this.log = log;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      this.inFlight++;
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        const hook = this.hooks.get(path);
        const header = req.headers['sms-signature'];
        let json: Received['json'] = null;
        try {
          json = JSON.parse(raw) as Received['json'];
        } catch {
          json = null;
        }
        this.stats.requests++;
        if (!hook) this.stats.unknownPath++;
        this.received.push({
          path,
          eventId: String(req.headers['sms-event-id'] ?? ''),
          signed: Boolean(header),
          valid: Boolean(hook && header && verifySignature(raw, String(header), hook.secret)),
          json,
          at: Date.now(),
        });
        const fail = this.rng() < 0.05;
        if (fail) this.stats.answered503++;
        setTimeout(
          () => {
            this.inFlight--;
            res.writeHead(fail ? 503 : 204).end();
          },
          50 + Math.floor(this.rng() * 550),
        );
      });
    });
    server.keepAliveTimeout = 30000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** For every app (only notifications reads them): the receiver allowed, retries and leases short. */
  appEnv(): Record<string, string> {
    return {
      WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${this.port}`,
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_RETRY_MAX_MS: '3000',
      // Lease = 2 × timeout + 10 s: a delivery held by a killed worker is tried again 16 s later.
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_POLL_MS: '500',
    };
  }

  /**
   * Until `end.until`: registers a webhook for every other owner as owners appear (a registration whose
   * answer was lost is tried again on a new path; deliveries to the lost one are counted, not checked).
   */
  async register(traffic: Traffic, apiUrl: string, end: Deadline): Promise<void> {
    const done = new Set<number>();
    while (Date.now() < end.until) {
      for (const owner of traffic.owners.filter((o) => o.n % 2 === 1 && !done.has(o.n))) {
        const path = `/hooks/${owner.n}/${++this.attempt}`;
        const res = await request(
          apiUrl,
          {
            method: 'POST',
            path: '/webhooks',
            body: { url: `http://127.0.0.1:${this.port}${path}`, events: ['message.status'] },
            token: owner.token,
          },
          { rng: this.rng, giveUpMs: 20000, unkeyed: true, onUnauthorized: () => traffic.relogin(owner) },
        );
        if (res.status === 201 && typeof res.body?.secret === 'string' && typeof res.body.id === 'string') {
          this.hooks.set(path, { owner, secret: res.body.secret, webhookId: res.body.id });
          this.stats.registrations++;
          done.add(owner.n);
        } else if (res.unknownOutcome || res.gaveUp) this.stats.unknownOutcomes++;
        else this.log(`webhook registration for owner ${owner.n}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      await sleep(1000);
    }
  }

  /**
   * Every 12-20 s until `end.until`: waits (to the end of the run if need be) for deliveries held by the
   * receiver, then `kill -9` of notifications, back after 0.2-3 s. Counted among the run's faults.
   */
  async killMidDelivery(
    end: Deadline,
    { stack, faults }: { stack: ChaosStack; faults: FaultLog & { note(kind: string): void } },
  ): Promise<void> {
    const started = Date.now();
    while (Date.now() < end.until) {
      // The first kill is a coverage goal (checks/coverage.ts): not later than needed once the traffic runs on for it.
      await sleep(
        this.kills.length === 0 && end.minUntil !== undefined && Date.now() > end.minUntil
          ? 0
          : this.r.int(12000, 20000),
      );
      // Until deliveries are in flight, however long a loaded run takes to produce them.
      while (this.inFlight === 0 && Date.now() < end.until) await sleep(20);
      // Every replica (`notifications#1`, `#2`… with --replicas): whichever holds the deliveries dies.
      const procs = [...stack.apps.values()].filter((p) => p.app === 'notifications');
      if (this.inFlight === 0 || procs.length === 0 || !procs.every((p) => p.running())) {
        await sleep(200); // not a busy loop while notifications is down
        continue;
      }
      const inFlight = this.inFlight;
      await Promise.all(procs.map((p) => p.kill9()));
      faults.note('kill9:notifications-mid-webhook');
      this.kills.push({ atS: Math.round((Date.now() - started) / 1000), inFlight });
      this.log(`webhooks: kill -9 notifications (${procs.length} process(es)) with ${inFlight} deliveries in flight`);
      await sleep(this.r.int(200, 3000));
      for (const p of procs) if (!stack.stopped && !p.running()) p.start();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
