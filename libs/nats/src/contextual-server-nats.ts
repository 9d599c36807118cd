import { ServerNats } from '@nestjs/microservices';
import { REQUEST_ID_HEADER, requestContext } from '@sms/logging';
import type { Msg } from 'nats';
import { randomUUID } from 'node:crypto';

/**
 * Nest's NATS transport, with each message handled inside the caller's request context
 * (its id arrives in a NATS header), so every log line of the handler carries it. Doing
 * this here rather than in an interceptor spares every request Nest's interceptor chain.
 */
export class ContextualServerNats extends ServerNats {
  override handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const requestId = natsMsg.headers?.get(REQUEST_ID_HEADER) || randomUUID();
    return requestContext.run({ requestId }, () => super.handleMessage(channel, natsMsg));
  }
}
