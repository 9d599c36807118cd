import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BackgroundLoop } from '@sms/events';
import { Client } from 'pg';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { AlertDelivery } from './alert-delivery';
import { AlertRepository } from './alert.repository';

/** How long a claimed alert belongs to this replica; longer than any SMTP or NATS timeout. */
const LEASE_MS = 30_000;

/**
 * Drains the alert queue: woken at once by NOTIFY when the detector commits new alerts, and
 * polling every ALERT_POLL_MS for retries that became due. Claims with a lease (see
 * AlertRepository.claimDue), so replicas share the work and a crash only delays an alert.
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertDispatcher.name);
  private listener?: Client;
  private readonly loop: BackgroundLoop;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertDelivery) private readonly delivery: AlertDelivery,
  ) {
    this.loop = new BackgroundLoop(() => this.fill(), { name: 'AlertDispatcher', intervalMs: env.ALERT_POLL_MS });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.loop.start();
  }

  /** Lets the alerts in hand finish (sent and marked) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.inFlight);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Wakes the loop (NOTIFY, or tests). */
  nudge(): void {
    this.loop.wake();
  }

  /**
   * Keeps up to ALERT_SEND_CONCURRENCY deliveries running and tops the pool up as each one
   * finishes (which wakes the loop), so a new alert never waits for the slowest of a batch.
   * True when it claimed all the room: more may be due right now.
   */
  private async fill(): Promise<boolean> {
    if (!this.listener) await this.listen();
    const room = this.env.ALERT_SEND_CONCURRENCY - this.inFlight.size;
    if (room <= 0) return false;
    let claimed = 0;
    try {
      const batch = await this.alerts.claimDue(room, LEASE_MS);
      claimed = batch.length;
      for (const alert of batch) {
        const p = this.delivery.deliver(alert).finally(() => {
          this.inFlight.delete(p);
          this.nudge();
        });
        this.inFlight.add(p);
      }
    } catch (err) {
      this.logger.error({
        msg: 'alert queue poll failed',
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return claimed === room;
  }

  /** LISTEN on a dedicated connection; without it, polling alone still delivers everything. */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.env.DATABASE_URL,
      application_name: 'sms-notifications-listen',
    });
    client.on('notification', () => this.nudge());
    client.on('error', (err) => {
      this.logger.warn({ msg: 'alert LISTEN connection lost; polling until it is back', error: err.message });
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await this.alerts.listenDue(client);
      this.listener = client;
    } catch (err) {
      this.logger.warn({
        msg: 'cannot LISTEN for new alerts; polling',
        error: err instanceof Error ? err.message : String(err),
      });
      await client.end().catch(() => undefined);
    }
  }
}
