import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ApiKeyScope } from '@sms/contracts';

export const REQUIRED_SCOPE = 'apiKeyScope';
/** Name of the `X-Api-Key` security scheme in the OpenAPI document. */
export const API_KEY_SECURITY = 'api-key';

/**
 * The scope an API key needs to call this route. Routes without it refuse API keys (403):
 * a key reaches only what was opened to keys on purpose. Bearer tokens are unaffected.
 */
export const RequireScope = (scope: ApiKeyScope) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiSecurity(API_KEY_SECURITY),
    ApiResponse({ status: 403, description: `An API key without the ${scope} scope` }),
  );
