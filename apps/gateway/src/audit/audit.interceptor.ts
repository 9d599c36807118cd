import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, ActorEnvelope, AuditChange, AuditRecordedData, RpcOperation, SubAccountQuery } from '@sms/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { concatMap, from, Observable, switchMap } from 'rxjs';
import { AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { RpcClient } from '@sms/nats';
import { bodyFields, diffViews } from './audit-changes';
import { AUDIT_SPEC, AuditSpec } from './audited.decorator';
import { AuditPublisher } from './audit.publisher';

type Request = AuthenticatedRequest & { params?: Record<string, string> };

/**
 * The entry id: derived from the Idempotency-Key (so a retry that replays the first response
 * records nothing new), else fresh (the client-sent request id is not trusted to be unique).
 */
export function auditEntryId(actor: Actor, spec: AuditSpec, req: Request): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0) return randomUUID();
  const h = createHash('sha256')
    .update(`${actor.accountId}|${actor.userId}|${spec.action}|${req.method} ${req.url.split('?')[0]}|${key}`)
    .digest('hex');
  // RFC 4122 layout, version 5-style nibble and variant bits.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Applied by @Audited only (not globally): other routes pay nothing for it. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly services: RpcClient,
    private readonly publisher: AuditPublisher,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC, ctx.getHandler());
    const req = ctx.switchToHttp().getRequest<Request>();
    const actor = req.auth?.actor;
    if (!spec || !actor) return next.handle();
    return from(this.before(spec, actor, req)).pipe(
      switchMap((before) =>
        next.handle().pipe(
          concatMap(async (result: unknown) => {
            await this.record(spec, actor, req, before, result);
            return result;
          }),
        ),
      ),
    );
  }

  /** The view before an edit; a failure (e.g. not the caller's) leaves the handler to answer. */
  private async before(spec: AuditSpec, actor: Actor, req: Request): Promise<unknown> {
    if (typeof spec.changes !== 'object') return undefined;
    const view = spec.changes.before;
    const read =
      spec.target === 'sub-account'
        ? this.services.send(view as RpcOperation<SubAccountQuery, object>, {
            actor,
            subAccountId: req.params?.id as string,
          })
        : this.services.send(view as RpcOperation<ActorEnvelope, object>, { actor });
    return read.catch(() => undefined);
  }

  private async record(spec: AuditSpec, actor: Actor, req: Request, before: unknown, result: unknown): Promise<void> {
    const resultId = (result as { id?: unknown } | undefined)?.id;
    const targetId =
      spec.target === 'account' ? actor.accountId : (req.params?.id ?? (typeof resultId === 'string' ? resultId : ''));
    let changes: Record<string, AuditChange> | undefined;
    if (spec.changes === 'body') changes = bodyFields(req.body);
    else if (spec.changes === 'query') changes = bodyFields(req.query);
    else if (spec.changes && before !== undefined) changes = diffViews(before, result);
    const data: AuditRecordedData = {
      accountId: actor.role === 'owner' ? actor.accountId : (actor.parentAccountId ?? actor.accountId),
      subAccountId: spec.target === 'sub-account' ? targetId : actor.role === 'manager' ? actor.accountId : null,
      at: new Date().toISOString(),
      actor: { userId: actor.userId, role: actor.role, accountId: actor.accountId },
      action: spec.action,
      target: { type: spec.target, id: targetId },
      requestId: String(req.id),
      ip: req.ip,
    };
    if (changes && Object.keys(changes).length > 0) data.changes = changes;
    await this.publisher.publish(auditEntryId(actor, spec, req), data);
  }
}
