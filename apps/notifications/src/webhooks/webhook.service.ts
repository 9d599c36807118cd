import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  BusinessRuleError,
  CreatedWebhook,
  CreateWebhookBody,
  decodeKeysetCursor,
  encodeKeysetCursor,
  NotFoundError,
  PageQuery,
  UpdateWebhookBody,
  ValidationFailedError,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookPage,
  WebhookView,
} from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { newWebhookSecret, SecretBox } from './secret-box';
import { AllowedHosts, checkWebhookTarget, Resolver, UnsafeUrlError } from './url-guard';
import { DeliveryRow, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookRepository, WebhookRow } from './webhook.repository';
import { WEBHOOK_ALLOWED_HOSTS, WEBHOOK_RESOLVER, WEBHOOK_SECRET_BOX } from './webhook.tokens';

/** Enough for an integration per event type and a few spares; more is a mistake or abuse. */
export const MAX_WEBHOOKS_PER_ACCOUNT = 20;

export function toWebhookView(r: WebhookRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    active: r.active,
    failing: r.failingSince !== null,
    secretPrefix: r.secretPrefix,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    latencyMs: d.latencyMs,
    error: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextRetryAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    redeliveryOf: d.redeliveryOf,
  };
}

/**
 * The webhooks of the account the caller acts as (an owner's account, or a sub-account: its
 * manager, or a key bound to it). Another account's webhook is "not found".
 */
@Injectable()
export class WebhookService {
  constructor(
    @Inject(WebhookRepository) private readonly webhooks: WebhookRepository,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
    @Inject(WEBHOOK_ALLOWED_HOSTS) private readonly allowed: AllowedHosts,
    @Inject(WEBHOOK_RESOLVER) private readonly resolve: Resolver,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  async create(actor: Actor, body: CreateWebhookBody): Promise<CreatedWebhook> {
    await this.checkUrl(body.url);
    if ((await this.webhooks.countFor(actor.accountId)) >= MAX_WEBHOOKS_PER_ACCOUNT)
      throw new BusinessRuleError('too-many-webhooks', `An account has at most ${MAX_WEBHOOKS_PER_ACCOUNT} webhooks.`);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.webhooks.insert(actor.accountId, {
      id,
      url: body.url,
      events: body.events,
      secretSealed: this.box.seal(id, secret),
      secretPrefix: secret.slice(0, 10),
    });
    return { ...toWebhookView(row), secret };
  }

  async list(actor: Actor, page: PageQuery): Promise<WebhookPage> {
    const limit = page.limit ?? 50;
    const after = page.cursor ? decodeKeysetCursor(page.cursor) : null;
    const rows = await this.webhooks.list(
      actor.accountId,
      limit + 1,
      after && { createdAt: after.submittedAt, id: after.id },
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toWebhookView),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor({ submittedAt: last.createdAt, id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<WebhookView> {
    return toWebhookView(await this.mine(actor, id));
  }

  async update(actor: Actor, id: string, body: UpdateWebhookBody): Promise<WebhookView> {
    if (body.url !== undefined) await this.checkUrl(body.url);
    const row = await this.webhooks.update(actor.accountId, id, body);
    if (!row) throw new NotFoundError('Webhook');
    return toWebhookView(row);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    if (!(await this.webhooks.delete(actor.accountId, id))) throw new NotFoundError('Webhook');
  }

  /** The old secret stops signing at once: the next attempt of every pending delivery uses the new one. */
  async rotateSecret(actor: Actor, id: string): Promise<CreatedWebhook> {
    const secret = newWebhookSecret();
    const row = await this.webhooks.rotateSecret(actor.accountId, id, this.box.seal(id, secret), secret.slice(0, 10));
    if (!row) throw new NotFoundError('Webhook');
    return { ...toWebhookView(row), secret };
  }

  async listDeliveries(actor: Actor, id: string, page: PageQuery): Promise<WebhookDeliveryPage> {
    await this.mine(actor, id);
    const limit = page.limit ?? 50;
    const before = page.cursor ? decodeSeqCursor(page.cursor) : null;
    const rows = await this.deliveries.list(id, limit + 1, before);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toDeliveryView),
      nextCursor: rows.length > limit && last ? Buffer.from(last.seq).toString('base64url') : null,
    };
  }

  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.mine(actor, id);
    const original = await this.deliveries.find(id, deliveryId);
    if (!original) throw new NotFoundError('Delivery');
    return toDeliveryView(await this.deliveries.redeliver(original, this.env.WEBHOOK_GIVE_UP_AFTER_MS));
  }

  private async mine(actor: Actor, id: string): Promise<WebhookRow> {
    const row = await this.webhooks.find(actor.accountId, id);
    if (!row) throw new NotFoundError('Webhook');
    return row;
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await checkWebhookTarget(url, this.allowed, this.resolve);
    } catch (err) {
      if (err instanceof UnsafeUrlError) throw new ValidationFailedError([{ field: 'url', message: err.message }]);
      throw err;
    }
  }
}

function decodeSeqCursor(cursor: string): string {
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,18}$/.test(seq))
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a cursor returned by this API' }]);
  return seq;
}
