import { smsAccepted } from '@sms/metrics';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  RemoteProblemError,
  SendSmsCommand,
  SendSmsResult,
  ValidationFailedError,
} from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { EventPublisher } from '@sms/events';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SendingBlockRepository } from '../campaigns/sending-block.repository';
import { Dispatcher } from '../dispatch/dispatcher';
import { dedupeRecipients } from '../domain/phone-number';
import { countSegments } from '@sms/sms-text';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { WalletClient } from '../payments/wallet.client';
import { abortRefundId, campaignIdForKey } from '../shared/derived-id';
import { OptOutRepository } from '../inbound/opt-out.repository';
import { CampaignRepository, NewCampaign } from './campaign.repository';
import { campaignCancelled, CampaignStore } from './campaign-store';
import { ReservationIntentRepository } from './reservation-intent.repository';
import { SenderResolver } from './sender-resolver';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long the wallet may take to apply a reserve; later, it refuses (see ReservationSweeper). */
const RESERVE_DEADLINE_MS = 10_000;

/** A wallet answer that says the reserve did not and will not apply (unlike a timeout). */
function refusedByWallet(err: unknown): boolean {
  return (
    err instanceof RemoteProblemError &&
    err.problem.status >= 400 &&
    err.problem.status < 500 &&
    err.problem.status !== 408
  );
}

/**
 * POST /sms: count, pay (one wallet reservation per campaign), then store the campaign, its
 * messages and their events in one transaction. The dispatcher takes it from there.
 */
@Injectable()
export class SendSmsService {
  private readonly logger = new Logger(SendSmsService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
    private readonly campaigns: CampaignRepository,
    private readonly store: CampaignStore,
    private readonly intents: ReservationIntentRepository,
    private readonly wallet: WalletClient,
    private readonly senders: SenderResolver,
    private readonly events: EventPublisher,
    private readonly dispatcher: Dispatcher,
    private readonly blocks: SendingBlockRepository,
    private readonly optOuts: OptOutRepository,
  ) {}

  async send(cmd: SendSmsCommand): Promise<SendSmsResult> {
    const { actor, sms, idempotency } = cmd;
    const scheduledAt = this.scheduleTime(sms.scheduledAt);
    const recipients = dedupeRecipients(sms.to);
    const { segments } = countSegments(sms.text);
    // Recipients on the account's opt-out list are stored `blocked` and not charged (one opted
    // out after this is caught by the dispatcher and refunded).
    const blocked = await this.optOuts.amongBatched(actor.accountId, recipients);
    const charged = recipients.length - blocked.size;
    const credits = segments * charged;

    // A retry of a finished request answers from the stored response without touching the wallet.
    if (idempotency) {
      const prior = await this.campaigns.findKey(actor.accountId, idempotency.key);
      if (prior && prior.requestHash !== idempotency.requestHash) {
        throw new ConflictError(
          'idempotency-key-reused',
          'This Idempotency-Key was already used with a different request.',
        );
      }
      if (prior?.response) return prior.response;
    }
    // With a key the campaign id (= reservation id) is derived from it, so a retry after a
    // crash between reserve and commit reaches the wallet with the same reservation.
    const campaignId = idempotency ? campaignIdForKey(actor.accountId, idempotency.key) : randomUUID();
    const sender = await this.senders.resolve(actor, sms.sender);
    const campaign: NewCampaign = {
      id: campaignId,
      accountId: actor.accountId,
      parentAccountId: actor.parentAccountId ?? null,
      sender,
      text: sms.text,
      segments,
      recipients,
      scheduledAt,
      blocked,
    };
    if (charged === 0) return this.storeUncharged(cmd, campaign);
    // The intent is written before the wallet is asked, so credits reserved for a campaign
    // that never gets stored (lost reply, crash) are found and given back by the sweeper.
    const intent = { campaignId, accountId: actor.accountId, credits, messages: charged };
    const notAfter = new Date(Date.now() + RESERVE_DEADLINE_MS);
    // Without a key the id is fresh: the intents of concurrent requests share one insert.
    const opened = idempotency
      ? await this.intents.open(intent, notAfter)
      : await this.intents.openBatched(intent, notAfter);
    if (opened === 'cancelled') throw campaignCancelled();
    try {
      await this.wallet.reserve({
        reservationId: campaignId,
        accountId: actor.accountId,
        credits,
        messages: charged,
        reason: `SMS campaign ${campaignId}`,
        notAfter: notAfter.toISOString(),
      });
    } catch (err) {
      if (refusedByWallet(err)) await this.intents.forget(campaignId);
      throw err;
    }

    try {
      // Stored by CampaignStore: without a key, together with the campaigns of concurrent requests.
      const result = await this.store.store({
        campaign,
        idempotency,
        result: { campaignId, recipients: recipients.length, segments, creditsCharged: credits },
      });
      this.events.notifyCommitted();
      if (!scheduledAt) this.dispatcher.wake();
      smsAccepted.inc(charged);
      return result;
    } catch (err) {
      await this.undoReservation(actor.accountId, campaignId, credits, charged, err);
      throw err;
    }
  }

  /** Every recipient opted out: nothing to reserve, so no wallet call; the campaign is born settled. */
  private async storeUncharged(cmd: SendSmsCommand, campaign: NewCampaign): Promise<SendSmsResult> {
    const { actor, idempotency } = cmd;
    const result = await this.ds.transaction((em) =>
      onceForKey(em, 'messaging', actor.accountId, idempotency, async () => {
        await this.blocks.assertMaySend(em, actor.accountId);
        await this.campaigns.insert(em, campaign);
        return {
          campaignId: campaign.id,
          recipients: campaign.recipients.length,
          segments: campaign.segments,
          creditsCharged: 0,
        };
      }),
    );
    this.events.notifyCommitted();
    return result;
  }

  /** Null for "now"; a past time sends now; too far ahead is refused. */
  private scheduleTime(raw: string | undefined): Date | null {
    if (!raw) return null;
    const at = new Date(raw);
    const now = Date.now();
    if (at.getTime() > now + this.env.MAX_SCHEDULE_DAYS * DAY_MS) {
      throw new ValidationFailedError([
        { field: 'sms.scheduledAt', message: `scheduledAt must be within ${this.env.MAX_SCHEDULE_DAYS} days` },
      ]);
    }
    return at.getTime() > now ? at : null;
  }

  /**
   * The reservation succeeded but nothing was stored: give the credits back, unless the
   * campaign exists after all (a concurrent retry with the same key committed it).
   */
  private async undoReservation(
    accountId: string,
    campaignId: string,
    credits: number,
    messages: number,
    cause: unknown,
  ) {
    if (cause instanceof ConflictError && cause.code !== 'campaign-cancelled') return;
    try {
      if (await this.campaigns.exists(accountId, campaignId)) return;
      await this.wallet.refund({ refundId: abortRefundId(campaignId), reservationId: campaignId, credits, messages });
      await this.ds.transaction((em) => this.intents.mark(em, campaignId, 'cancelled'));
    } catch (err) {
      const problem = err instanceof RemoteProblemError ? err.problem.detail : String(err);
      this.logger.error({
        msg: 'could not undo the reservation of an unstored campaign',
        campaignId,
        credits,
        error: problem,
      });
    }
  }
}
