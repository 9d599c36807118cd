// Starts the notifications service in-process against the int tier's database and NATS,
// with a real SMTP server and fake wallet/identity/messaging, and drives it the way the
// wallet would: by publishing balance-changed events on JetStream.
import { natsAuthOptions } from '@sms/nats-auth';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { AccountSummary, Actor, BalanceChangedData, WalletEvents } from '@sms/contracts';
import { createEnvelope, eventsStreamName, eventSubject } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { JetStreamClient, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationsEnv } from '../notifications-env';
import { NotificationsModule } from '../notifications.module';
import { FakeServices } from './fake-services';
import { Resolver } from '../webhooks/url-guard';
import { eventually, SmtpCatcher, testNatsPrefix } from '@sms/testing';

export class NotificationsHarness {
  readonly smtp = new SmtpCatcher();
  readonly fakes = new FakeServices();
  app?: INestMicroservice;
  rpc!: RpcClient;
  ds!: DataSource;
  private nc!: NatsConnection;
  private js!: JetStreamClient;
  private clock = Date.now();
  private readonly published = new Set<string>();

  /** `env`: extra variables for the service (webhook settings); `resolver`: its host name resolution. */
  constructor(private readonly opts: { env?: Record<string, string>; resolver?: Resolver } = {}) {}

  /** The environment the service runs with (also for a copy started as a separate process). */
  get serviceEnv(): Record<string, string> {
    return {
      SMTP_URL: this.smtp.url,
      ALERT_RETRY_BASE_MS: '100',
      ALERT_RETRY_MAX_MS: '400',
      ALERT_POLL_MS: '100',
      ...this.opts.env,
    };
  }

  async start(): Promise<void> {
    await this.smtp.start();
    const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    await this.fakes.start(natsUrl);
    this.nc = await connectWhenReachable({ servers: natsUrl, name: 'notifications-int-test', ...natsAuthOptions() });
    this.js = this.nc.jetstream();
    this.rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'notifications-int-test' });
    await this.rpc.connect();
    await this.startApp();
  }

  async startApp(): Promise<void> {
    const env = loadEnv(NotificationsEnv, { ...process.env, ...this.serviceEnv });
    this.app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'notifications',
      module: NotificationsModule.register(env, { resolver: this.opts.resolver }),
      natsUrl: env.NATS_URL,
      logLevel: 'error',
    });
    await this.app.listen();
    this.ds = this.app.get(DataSource);
  }

  async stopApp(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  async stop(): Promise<void> {
    await this.stopApp();
    await this.rpc.close();
    // The events stream of this file's private prefix (the run's teardown only knows the run's own).
    await (await this.nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await this.nc.drain();
    await this.fakes.stop();
    await this.smtp.stop();
  }

  /** A new account known to the fake wallet and identity. */
  account(opts: {
    credits: number;
    language?: 'it' | 'en';
    name?: string;
    unlimited?: boolean;
    parentName?: string;
  }): Actor {
    const accountId = randomUUID();
    this.fakes.balances.set(accountId, { credits: opts.credits, unlimited: opts.unlimited ?? false });
    const summary: AccountSummary = {
      accountId,
      parentAccountId: opts.parentName ? randomUUID() : null,
      name: opts.name ?? `Azienda ${accountId.slice(0, 4)}`,
      parentName: opts.parentName ?? null,
      language: opts.language ?? 'it',
      email: `${accountId.slice(0, 8)}@example.com`,
    };
    this.fakes.accounts.set(accountId, summary);
    return {
      userId: randomUUID(),
      accountId,
      role: summary.parentAccountId ? 'manager' : 'owner',
      parentAccountId: summary.parentAccountId,
    };
  }

  /**
   * Publishes balance changes as the wallet would (one event per transfer, chained
   * before/after), all at once, and keeps the fake wallet's balance in step.
   */
  async changeBalance(actor: Actor, ...afters: number[]): Promise<string[]> {
    return this.publishChanges(actor, afters, false);
  }

  /** Same, but published in a random order: the wallet's events may arrive out of balance order. */
  async changeBalanceOutOfOrder(actor: Actor, ...afters: number[]): Promise<string[]> {
    return this.publishChanges(actor, afters, true);
  }

  private async publishChanges(actor: Actor, afters: number[], shuffle: boolean): Promise<string[]> {
    const wallet = this.fakes.balances.get(actor.accountId)!;
    const envelopes = afters.map((after) => {
      const data: BalanceChangedData = {
        accountId: actor.accountId,
        transferId: randomUUID(),
        kind: after < wallet.credits ? 'reserve' : 'purchase',
        cause: after < wallet.credits ? 'reserve' : 'purchase',
        before: wallet.credits,
        after,
      };
      wallet.credits = after;
      return createEnvelope(WalletEvents.balanceChanged, data, { accountId: actor.accountId, occurredAt: this.tick() });
    });
    const order = [...envelopes];
    if (shuffle) order.sort(() => Math.random() - 0.5);
    await Promise.all(order.map((e) => this.publish(e)));
    return envelopes.map((e) => e.id);
  }

  /** Strictly increasing and never behind the wall clock (a PUT stamps the wall clock). */
  private tick(): Date {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return new Date(this.clock);
  }

  async publish(envelope: { id: string; type: string }, msgId = envelope.id): Promise<void> {
    await this.js.publish(eventSubject(envelope.type, testNatsPrefix()), JSON.stringify(envelope), { msgID: msgId });
    this.published.add(envelope.id);
  }

  /** Until every published event went through the detector and no alert is left to deliver. */
  async settle(timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        const [{ applied }] = (await this.ds.query(
          `SELECT count(*)::int AS applied FROM notifications.inbox WHERE event_id = ANY($1)`,
          [[...this.published]],
        )) as { applied: number }[];
        if (applied < this.published.size) return false;
        const [{ pending }] = (await this.ds.query(
          `SELECT count(*)::int AS pending FROM notifications.alerts WHERE status = 'pending'`,
        )) as {
          pending: number;
        }[];
        return pending === 0;
      },
      timeoutMs,
      'events applied and alerts delivered',
    );
  }

  async alertRows(
    accountId: string,
  ): Promise<{ channel: string; status: string; attempts: number; recipient: string }[]> {
    return this.ds.query(
      `SELECT channel, status, attempts, recipient FROM notifications.alerts WHERE account_id = $1 ORDER BY seq`,
      [accountId],
    );
  }
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<void> {
  await eventually(what, check, timeoutMs);
}
