import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ProfileController } from './account/profile.controller';
import { SendersController } from './account/senders.controller';
import { AdminSendersController } from './admin/admin-senders.controller';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { AuthController } from './auth/auth.controller';
import { InvoicesController } from './billing/invoices.controller';
import { InvoicePdfCache } from './billing/invoice-pdf.cache';
import { PricingController } from './billing/pricing.controller';
import { PaymentsWebhookController } from './billing/payments-webhook.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { RateLimitGuard, RateLimitOutcomeInterceptor } from './auth/rate-limit.guard';
import { rateLimitStoreProvider } from './rate-limit/rate-limit-store.provider';
import { RateLimits } from './rate-limit/rate-limits.service';
import { GATEWAY_ENV, GatewayEnv } from './gateway-env';
import { HealthController } from './health/health.controller';
import { HttpDrain } from './http/http-drain';
import { MetricsController } from './health/metrics.controller';
import { RpcModule } from '@sms/nats';
import { RevokedSessionsCache } from './auth/revoked-sessions.cache';
import { JwksCache } from './auth/jwks.cache';
import { SubAccountsController } from './wallet/sub-accounts.controller';
import { WalletController } from './wallet/wallet.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { SmsController } from './messaging/sms.controller';
import { ExportStreamsClient } from './reporting/export-streams.client';
import { HistoryController } from './reporting/history.controller';
import { ReceiptsController } from './reporting/receipts.controller';
import { CampaignsController } from './messaging/campaigns.controller';
import { InboxController } from './messaging/inbox.controller';
import { OptOutsController } from './messaging/opt-outs.controller';
import { ReportsController } from './reporting/reports.controller';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditPublisher } from './audit/audit.publisher';
import { PasswordResetController } from './auth/password-reset.controller';
import { ManagerPasswordController } from './wallet/manager-password.controller';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { WebhooksController } from './notifications/webhooks.controller';
import { ApiKeyCache } from './auth/api-key.cache';
import { ApiKeyRateLimiter } from './auth/api-key-rate-limiter';
import { ApiKeyUsageRecorder } from './auth/api-key-usage.recorder';

/** HTTP edge: authenticates, validates, and forwards each use case to its service over NATS. */
@Module({})
export class GatewayModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      global: true,
      imports: [RpcModule.forService('gateway', env)],
      controllers: [
        AuthController,
        ProfileController,
        SendersController,
        AdminSendersController,
        HealthController,
        PricingController,
        InvoicesController,
        PaymentsWebhookController,
        SmsController,
        // Before the sub-account operations: the authz matrix runs in document order, and the
        // target's deactivation there revokes the manager token these checks use.
        CampaignsController,
        InboxController,
        OptOutsController,
        HistoryController,
        ReceiptsController,
        NotificationsController,
        WalletController,
        SubAccountsController,
        MetricsController,
        ReportsController,
        AuditLogController,
        PasswordResetController,
        ManagerPasswordController,
        ApiKeysController,
        WebhooksController,
      ],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        HttpDrain,
        AdminTokenGuard,
        AccessTokenVerifier,
        RevokedSessionsCache,
        JwksCache,
        RateLimitGuard,
        RateLimitOutcomeInterceptor,
        RateLimits,
        rateLimitStoreProvider,
        ExportStreamsClient,
        { provide: InvoicePdfCache, useFactory: () => new InvoicePdfCache() },
        AuditPublisher,
        AuditInterceptor,
        ApiKeyCache,
        ApiKeyRateLimiter,
        ApiKeyUsageRecorder,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [GATEWAY_ENV],
    };
  }
}
