import type { Schemas } from '../../shared/api/client';
import type { MessageKey } from '../../shared/i18n/it';

export type Scope = Schemas['CreateApiKeyBody']['scopes'][number];

/** Every scope the API grants (its enum), in the order the form lists them. */
export const SCOPES: readonly Scope[] = [
  'sms:send',
  'history:read',
  'reports:read',
  'balance:read',
  'sub-accounts:read',
  'sub-accounts:write',
  'invoices:read',
  'webhooks:write',
];

export const scopeLabel = (s: Scope): MessageKey => `keys.scope.${s}`;
