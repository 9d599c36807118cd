import { Provider } from '@nestjs/common';
import { NotificationsEnv } from '../notifications-env';
import { SecretBox } from './secret-box';
import { AllowedHosts, Resolver, sharedLookups, systemResolver } from './url-guard';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEventsConsumer } from './webhook-events.consumer';
import { WebhookFailureMailer } from './webhook-failure.mailer';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhookRepository } from './webhook.repository';
import { WebhookService } from './webhook.service';
import { WEBHOOK_ALLOWED_HOSTS, WEBHOOK_RESOLVER, WEBHOOK_SECRET_BOX } from './webhook.tokens';

export interface WebhookOptions {
  /** Host name resolution (default: the system's, /etc/hosts included). */
  resolver?: Resolver;
}

/** Webhooks: settings, the fan-out from JetStream events, and the delivery worker. */
export function webhookProviders(env: NotificationsEnv, opts: WebhookOptions = {}): Provider[] {
  return [
    // Built here so a bad or missing (production) WEBHOOK_SECRET_KEY stops the start.
    { provide: WEBHOOK_SECRET_BOX, useValue: new SecretBox(env.WEBHOOK_SECRET_KEY) },
    { provide: WEBHOOK_ALLOWED_HOSTS, useValue: new AllowedHosts(env.WEBHOOK_ALLOWED_HOSTS) },
    { provide: WEBHOOK_RESOLVER, useValue: sharedLookups(opts.resolver ?? systemResolver) },
    WebhookRepository,
    WebhookDeliveryRepository,
    WebhookService,
    WebhookFanOut,
    WebhookEventsConsumer,
    WebhookDelivery,
    WebhookFailureMailer,
    WebhookDispatcher,
  ];
}
