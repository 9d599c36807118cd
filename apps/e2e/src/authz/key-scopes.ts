import { ApiKeyScope } from '@sms/contracts';

/**
 * The scope an API key needs for each operation, written out here independently of the
 * gateway's @RequireScope so that a change on either side shows up. Every secured operation
 * not listed must refuse keys with 403.
 */
export const KEY_SCOPES: Record<string, ApiKeyScope> = {
  'POST /sms': 'sms:send',
  'GET /history': 'history:read',
  'GET /sub-accounts/{id}/history': 'history:read',
  'GET /delivery-receipts.xlsx': 'reports:read',
  'GET /sub-accounts/{id}/delivery-receipts.xlsx': 'reports:read',
  'GET /account/balance': 'balance:read',
  'GET /transactions': 'balance:read',
  'GET /sub-accounts': 'sub-accounts:read',
  'GET /sub-accounts/{id}': 'sub-accounts:read',
  'POST /sub-accounts': 'sub-accounts:write',
  'PATCH /sub-accounts/{id}': 'sub-accounts:write',
  'POST /sub-accounts/{id}/credit': 'sub-accounts:write',
  'POST /sub-accounts/{id}/reset': 'sub-accounts:write',
  'POST /sub-accounts/{id}/deactivate': 'sub-accounts:write',
  'POST /sub-accounts/{id}/activate': 'sub-accounts:write',
  'GET /invoices': 'invoices:read',
  'GET /invoices/{id}': 'invoices:read',
  'GET /invoices/{id}/pdf': 'invoices:read',
  'GET /campaigns': 'history:read',
  'GET /campaigns/{id}': 'history:read',
  'DELETE /campaigns/{id}': 'sms:send',
  'GET /inbox': 'history:read',
  'GET /account/opt-outs': 'history:read',
  'POST /account/opt-outs': 'sms:send',
  'DELETE /account/opt-outs': 'sms:send',
  'GET /reports/summary': 'reports:read',
  'GET /reports/summary.xlsx': 'reports:read',
  'POST /webhooks': 'webhooks:write',
  'GET /webhooks': 'webhooks:write',
  'GET /webhooks/{id}': 'webhooks:write',
  'PATCH /webhooks/{id}': 'webhooks:write',
  'POST /webhooks/{id}/rotate-secret': 'webhooks:write',
  'GET /webhooks/{id}/deliveries': 'webhooks:write',
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': 'webhooks:write',
  'DELETE /webhooks/{id}': 'webhooks:write',
};
