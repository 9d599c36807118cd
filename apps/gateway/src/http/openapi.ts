import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DATE_FILTER_RULE, titleFor } from '@sms/contracts';
import { API_KEY_SECURITY } from '../auth/require-scope.decorator';
import { PROBLEM_SCHEMA } from './openapi-problem';

export function buildOpenApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('SMS account API')
    .setDescription(
      [
        'My account for a bulk-SMS customer: profile, wallet and sub-accounts, sending and history, purchases and invoices, balance alerts.',
        'Errors are application/problem+json (RFC 9457): `status`, `title`, `detail`, a stable `code`, and `errors[{field, message}]` for validation failures.',
        DATE_FILTER_RULE + ' Times in bodies are ISO 8601 UTC.',
        'Lists are keyset-paginated: `?limit=` (default 50, max 500) and `?cursor=` from the previous page’s `nextCursor`.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'Operators only: the gateway’s ADMIN_TOKEN (routes under /admin)',
      },
      'admin',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Api-Key',
        description: 'A scoped API key (POST /api-keys); routes list the scope they need',
      },
      API_KEY_SECURITY,
    )
    .build();
}

/** The document served at /api/docs-json: controllers and DTOs, plus the answers every route shares. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return completeErrorResponses(SwaggerModule.createDocument(app, buildOpenApiConfig()));
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in?: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/**
 * Adds the error answers that come from global mechanisms rather than from one handler (the
 * validation pipe's 400, the auth guard's 401), and gives every 4xx/5xx the problem+json body
 * with an example, so that a client generated from the document knows every error's shape.
 */
export function completeErrorResponses(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query');
      if (takesInput) op.responses['400'] ??= { description: 'Invalid input: `errors[]` names each field' };
      if ((op.security ?? []).some((s) => 'bearer' in s)) {
        op.responses['401'] ??= { description: 'Missing, expired or revoked access token' };
      }
      for (const [code, response] of Object.entries(op.responses)) {
        const status = Number(code);
        if (status < 400 || response.content) continue;
        const detail = response.description ?? titleFor(status);
        response.content = {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            example: { status, title: titleFor(status), detail },
          },
        };
      }
    }
  }
  return doc;
}
