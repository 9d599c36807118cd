import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /**
   * The gateway may send this request's NATS calls again when the first attempt found no
   * responder or lost it (a read, or a write carrying an Idempotency-Key). Never set by services.
   */
  repeatable?: boolean;
}

/** Carries the request id from the HTTP edge through NATS headers into every log line. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
