import { webhookDeliveries } from '@sms/metrics';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { decide, Verdict } from './retry-policy';
import { OpenedSecrets, SecretBox, signatureHeader } from './secret-box';
import { AllowedHosts, checkWebhookTarget, Resolver, UnsafeUrlError } from './url-guard';
import { AttemptRecorder } from './attempt-recorder';
import { AttemptResult, ClaimedDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { AttemptOutcome, WebhookSender } from './webhook-sender';
import { WebhookRepository } from './webhook.repository';
import { WEBHOOK_ALLOWED_HOSTS, WEBHOOK_RESOLVER, WEBHOOK_SECRET_BOX } from './webhook.tokens';

/** What one attempt came to and what comes next. */
export interface AttemptDone {
  outcome: AttemptOutcome;
  verdict: Verdict;
}

/** Headers every delivery carries besides the signature. */
export const EVENT_ID_HEADER = 'sms-event-id';
export const SIGNATURE_HEADER = 'sms-signature';

/**
 * One attempt of one claimed delivery: check the URL again (DNS may have changed since it was
 * saved), sign with the webhook's current secret, POST to the checked address, then record the
 * outcome and what comes next (delivered, retry at…, or given up → the endpoint is failing).
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger(WebhookDelivery.name);
  readonly sender: WebhookSender;
  private readonly recorder: AttemptRecorder<AttemptResult>;
  private readonly secrets: OpenedSecrets;

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @Inject(WebhookRepository) private readonly webhooks: WebhookRepository,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOK_SECRET_BOX) box: SecretBox,
    @Inject(WEBHOOK_ALLOWED_HOSTS) private readonly allowed: AllowedHosts,
    @Inject(WEBHOOK_RESOLVER) private readonly resolve: Resolver,
  ) {
    // Keep-alive sockets per receiver host, as many as deliveries may be in flight.
    this.sender = new WebhookSender(env.WEBHOOK_TIMEOUT_MS, env.WEBHOOK_SEND_CONCURRENCY);
    this.recorder = new AttemptRecorder((results) => this.deliveries.recordAttempts(results));
    this.secrets = new OpenedSecrets(box);
  }

  /** The attempt, then its recording (see `attempt` and `settle`). Never throws. */
  async deliver(d: ClaimedDelivery): Promise<void> {
    await this.settle(d, await this.attempt(d));
  }

  /**
   * The attempt alone (URL check, signature, POST), nothing recorded yet: the worker frees the
   * delivery's sending slot once this resolves, while the result waits for its group commit
   * (the claim's lease still covers it). Never throws.
   */
  async attempt(d: ClaimedDelivery): Promise<AttemptDone> {
    if (!d.webhookActive) return { outcome: none('webhook paused'), verdict: { kind: 'give-up' } };
    return this.post(d);
  }

  /**
   * Records what the attempt came to and what comes next (delivered, retry at…, or given up → the
   * endpoint is failing). Never throws: a failure to record is logged and the lease brings the
   * delivery back.
   */
  async settle(d: ClaimedDelivery, { outcome, verdict }: AttemptDone): Promise<void> {
    try {
      // Written with the results of the other deliveries finishing meanwhile (one UPDATE for all).
      await this.recorder.record({ id: d.id, attempts: d.attempts, attempt: outcome, next: verdict });
      webhookDeliveries.inc({ outcome: verdict.kind === 'give-up' ? 'failed' : verdict.kind });
      if (verdict.kind === 'delivered' && d.webhookFailing) await this.webhooks.clearFailing(d.webhookId);
      if (verdict.kind === 'give-up' && d.webhookActive) {
        await this.webhooks.markFailing(d.webhookId);
        this.logger.warn({
          msg: 'webhook delivery given up',
          webhookId: d.webhookId,
          deliveryId: d.id,
          status: outcome.status,
          error: outcome.error,
        });
      }
    } catch (err) {
      this.logger.error({
        msg: 'webhook delivery could not be recorded; retried after its lease',
        deliveryId: d.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private async post(d: ClaimedDelivery): Promise<AttemptDone> {
    const retry = { baseMs: this.env.WEBHOOK_RETRY_BASE_MS, maxMs: this.env.WEBHOOK_RETRY_MAX_MS };
    let outcome: AttemptOutcome;
    try {
      const target = await checkWebhookTarget(d.url, this.allowed, this.resolve);
      const t = Math.floor(Date.now() / 1000);
      outcome = await this.sender.post(
        target,
        {
          [SIGNATURE_HEADER]: signatureHeader(this.secrets.open(d.webhookId, d.secretSealed), d.body, t),
          [EVENT_ID_HEADER]: d.eventId,
          'sms-event-type': d.eventType,
          'sms-delivery-id': d.id,
          'sms-delivery-attempt': String(d.attempts),
        },
        d.body,
      );
    } catch (err) {
      if (err instanceof UnsafeUrlError && err.code !== 'webhook-url-unresolvable')
        // Refused before any connection: the URL now points somewhere a webhook may not go. Final.
        return { outcome: none(err.message), verdict: { kind: 'give-up' } };
      outcome = none(err instanceof Error ? err.message : String(err));
    }
    return { outcome, verdict: decide(outcome, d.attempts, Date.now(), d.giveUpAt.getTime(), retry) };
  }
}

function none(error: string): AttemptOutcome {
  return { status: null, error, latencyMs: 0, retryAfterMs: null };
}
