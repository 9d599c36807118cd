import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookFailureMailer } from './webhook-failure.mailer';

const WAKE_GATHER_MS = 5;

/** A claimed delivery belongs to this replica this long: well beyond WEBHOOK_TIMEOUT_MS plus recording. */
const leaseMs = (env: NotificationsEnv) => env.WEBHOOK_TIMEOUT_MS * 2 + 10_000;

/**
 * Claimed deliveries a replica holds at most, per sending slot: the ones being sent plus those sent
 * and waiting for their result's group commit. Bounds memory and the work a crash hands back to
 * the leases, and slows claiming down when recording falls behind.
 */
const HELD_PER_SLOT = 2;

/**
 * The webhook worker: keeps up to WEBHOOK_SEND_CONCURRENCY attempts in flight, woken at once by
 * NOTIFY when a consumer commits new deliveries and polling every WEBHOOK_POLL_MS for retries.
 * A slot is free again as soon as its POST is over; the result is recorded by group commit
 * meanwhile (AttemptRecorder), still under the claim's lease. Claims carry a lease
 * (WebhookDeliveryRepository.claimDue): a worker killed mid-delivery, or before its results were
 * written, loses nothing, the delivery is attempted again (same event id) once the lease ran out.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private listener?: Client;
  private loop?: Promise<void>;
  private stopped = false;
  private wake?: () => void;
  private woken = false;
  private lastMailSweep = 0;
  private mailSweep?: Promise<void>;

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WebhookDelivery) private readonly delivery: WebhookDelivery,
    @Inject(WebhookFailureMailer) private readonly mailer: WebhookFailureMailer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.loop = this.run();
  }

  /** Lets the deliveries in hand finish (and be recorded) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    this.delivery.sender.close();
  }

  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const slots = this.env.WEBHOOK_SEND_CONCURRENCY;
    let sending = 0;
    /** Claimed and not recorded yet (being sent, or sent and waiting for the group commit). */
    const held = new Set<Promise<void>>();
    while (!this.stopped) {
      const room = Math.min(slots - sending, slots * HELD_PER_SLOT - held.size);
      let claimed = 0;
      if (room > 0) {
        try {
          const batch = await this.deliveries.claimDue(room, leaseMs(this.env));
          claimed = batch.length;
          for (const d of batch) {
            sending++;
            const p = this.delivery
              .attempt(d)
              .then((done) => {
                sending--;
                this.nudge();
                return this.delivery.settle(d, done);
              })
              .finally(() => {
                held.delete(p);
                this.nudge();
              });
            held.add(p);
          }
        } catch (err) {
          this.logger.error({
            msg: 'webhook queue poll failed',
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      this.sweepMails();
      if ((room <= 0 || claimed < room) && !this.stopped) await this.idle();
    }
    await Promise.all(held);
    await this.mailSweep;
  }

  /** Every WEBHOOK_POLL_MS, beside the claims (its SMTP and database trips never hold them up). */
  private sweepMails(): void {
    if (this.mailSweep || Date.now() - this.lastMailSweep < this.env.WEBHOOK_POLL_MS) return;
    this.lastMailSweep = Date.now();
    this.mailSweep = this.mailer.sweep().finally(() => (this.mailSweep = undefined));
  }

  private async idle(): Promise<void> {
    if (!this.listener) await this.listen();
    if (this.woken) {
      this.woken = false;
      // Wake-ups come per committed event and per finished delivery; gathering them for a few ms
      // turns hundreds of one-row claims a second into a few batched ones.
      await new Promise((r) => setTimeout(r, WAKE_GATHER_MS));
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.env.WEBHOOK_POLL_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    this.woken = false;
  }

  /** LISTEN on a dedicated connection; without it, polling alone still delivers everything. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'sms-webhooks-listen' });
    client.on('notification', () => this.nudge());
    client.on('error', (err) => {
      this.logger.warn({ msg: 'webhook LISTEN connection lost; polling until it is back', error: err.message });
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await this.deliveries.listenDue(client);
      this.listener = client;
    } catch (err) {
      this.logger.warn({
        msg: 'cannot LISTEN for webhook deliveries; polling',
        error: err instanceof Error ? err.message : String(err),
      });
      await client.end().catch(() => undefined);
    }
  }
}
