import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AuditAction, AuditTargetType } from '@sms/contracts';
import { AuditInterceptor } from './audit.interceptor';

export const AUDIT_SPEC = Symbol('audit-spec');

export interface AuditSpec {
  action: AuditAction;
  /** What the action is about: the caller's account, or the `:id` (else the response's `id`). */
  target: AuditTargetType;
  /**
   * How to tell what changed: `{ before: subject }` reads the view with this subject before the
   * handler and diffs it against the response (edits); `'body'` records the request's fields
   * (creations, credits); absent, nothing beyond the action.
   */
  changes?: { before: string } | 'body';
}

/**
 * Records the route's successful calls in the audit log, once each, before answering.
 * One line per route: `@Audited({ action: 'sub-account.credit', target: 'sub-account', changes: 'body' })`.
 */
export const Audited = (spec: AuditSpec) =>
  applyDecorators(SetMetadata(AUDIT_SPEC, spec), UseInterceptors(AuditInterceptor));
