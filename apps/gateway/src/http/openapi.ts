import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DATE_FILTER_RULE } from '@sms/contracts';

/** OpenAPI generated from the controllers and DTOs: UI at /api/docs, JSON at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('SMS account API')
    .setDescription(
      'My account for a bulk-SMS customer: profile, wallet and sub-accounts, sending and history, purchases and invoices, balance alerts. Errors are application/problem+json (RFC 9457).\n\n' +
        DATE_FILTER_RULE,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
