import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { REQUEST_ID_HEADER, requestContext } from '@sms/logging';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';

/** Restores the caller's request id (sent in a NATS header) around each handler, for the logs. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.switchToRpc().getContext<NatsContext>();
    const requestId = ctx?.getHeaders?.()?.get(REQUEST_ID_HEADER) || randomUUID();
    return new Observable((subscriber) => requestContext.run({ requestId }, () => next.handle().subscribe(subscriber)));
  }
}
