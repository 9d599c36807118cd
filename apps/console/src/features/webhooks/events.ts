import type { Schemas } from '../../shared/api/client';
import type { MessageKey } from '../../shared/i18n/it';

export type WebhookEvent = Schemas['CreateWebhookBody']['events'][number];
export const EVENTS: readonly WebhookEvent[] = [
  'message.status',
  'inbound.received',
  'balance.low',
  'invoice.paid',
  'sub-account.changed',
];
export const eventLabel = (e: WebhookEvent): MessageKey => `hooks.event.${e}`;
