import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ActorEnvelope, AuditAction, AuditTargetType, RpcOperation, SubAccountQuery } from '@sms/contracts';
import { AuditInterceptor } from './audit.interceptor';

export const AUDIT_SPEC = Symbol('audit-spec');

/** The read of the audited target: `{actor}` for the account, `{actor, subAccountId}` for a sub-account. */
export type AuditBeforeView = RpcOperation<ActorEnvelope, object> | RpcOperation<SubAccountQuery, object>;

export interface AuditSpec {
  action: AuditAction;
  /** What the action is about: the caller's account, or the `:id` (else the response's `id`). */
  target: AuditTargetType;
  /**
   * How to tell what changed: `{ before: operation }` reads the view with this operation before the
   * handler and diffs it against the response (edits); `'body'` records the request's fields
   * (creations, credits), `'query'` its query string's (a removal named there); absent, nothing
   * beyond the action.
   */
  changes?: { before: AuditBeforeView } | 'body' | 'query';
}

/**
 * Records the route's successful calls in the audit log, once each, before answering.
 * One line per route: `@Audited({ action: 'sub-account.credit', target: 'sub-account', changes: 'body' })`.
 */
export const Audited = (spec: AuditSpec) =>
  applyDecorators(SetMetadata(AUDIT_SPEC, spec), UseInterceptors(AuditInterceptor));
