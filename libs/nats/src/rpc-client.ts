import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { isProblem, Problem, RemoteProblemError } from '@sms/contracts';
import { currentRequestId, REQUEST_ID_HEADER } from '@sms/logging';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

export interface RpcClientOptions {
  natsUrl: string;
  timeoutMs: number;
  name: string;
}

/**
 * Request/reply over NATS with the Nest packet format. Every call has a timeout, carries
 * the request id in a header, and fails with a RemoteProblemError holding a Problem.
 */
export class RpcClient {
  private readonly client: ClientNats;

  constructor(private readonly options: RpcClientOptions) {
    this.client = new ClientNats({ servers: [options.natsUrl], name: options.name, maxReconnectAttempts: -1 });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async send<TResult>(subject: string, payload: object, timeoutMs = this.options.timeoutMs): Promise<TResult> {
    const h = natsHeaders();
    const requestId = currentRequestId();
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    const record = new NatsRecordBuilder(payload).setHeaders(h).build();
    try {
      return await firstValueFrom(this.client.send<TResult>(subject, record).pipe(timeout(timeoutMs)));
    } catch (err) {
      throw new RemoteProblemError(toProblem(err, subject));
    }
  }
}

function toProblem(err: unknown, subject: string): Problem {
  if (isProblem(err)) return err;
  if (err instanceof TimeoutError) {
    return {
      status: 503,
      title: 'Service Unavailable',
      detail: 'A service did not answer in time.',
      code: 'upstream-timeout',
    };
  }
  const detail = `The request to ${subject.split('.').slice(-4, -3)[0] ?? 'a service'} failed.`;
  return { status: 502, title: 'Bad Gateway', detail, code: 'upstream-error' };
}
