import { WAIT_FOR_BROKER } from '@sms/nats';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { EXPORT_STREAM_PREFIX, natsAuthOptions } from '@sms/nats-auth';
import { EXPORT_HEADERS, ExportAck } from '@sms/contracts';
import { connect, createInbox, NatsConnection, Subscription } from 'nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

/** No chunk for this long while the client is reading: reporting is gone, end the response. */
const CHUNK_TIMEOUT_MS = 60_000;

export interface IncomingExport {
  subject: string;
  /** Bytes of the workbook, in order; throws if the stream broke (gap, error, timeout). */
  chunks(): AsyncGenerator<Uint8Array>;
  ack(ackSubject: string, seq: number): void;
  cancel(ackSubject: string): void;
  close(): void;
}

/** The gateway's NATS connection for receiving export streams (see export.payloads.ts). */
@Injectable()
export class ExportStreamsClient implements OnModuleInit, OnApplicationShutdown {
  private nc?: NatsConnection;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connect({
      servers: natsServers(this.env.NATS_URL),
      name: 'gateway-exports',
      ...WAIT_FOR_BROKER,
      ...natsAuthOptions(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc?.drain();
  }

  /** Subscribes before the export is requested, so no chunk can arrive unheard. */
  open(): IncomingExport {
    const nc = this.nc;
    if (!nc) throw new Error('export streams are not connected');
    const subject = createInbox(EXPORT_STREAM_PREFIX);
    const sub: Subscription = nc.subscribe(subject);
    const publishAck = (ackSubject: string, ack: ExportAck) =>
      nc.publish(ackSubject, new TextEncoder().encode(JSON.stringify(ack)));
    return {
      subject,
      chunks: () => readChunks(sub),
      ack: (ackSubject, seq) => publishAck(ackSubject, { seq }),
      cancel: (ackSubject) => publishAck(ackSubject, { cancel: true }),
      close: () => sub.unsubscribe(),
    };
  }
}

async function* readChunks(sub: Subscription): AsyncGenerator<Uint8Array> {
  let expected = 1;
  const iterator = sub[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('export stream timed out')), CHUNK_TIMEOUT_MS);
    });
    const next = await Promise.race([iterator.next(), timeout]).finally(() => clearTimeout(timer));
    if (next.done) throw new Error('export stream closed early');
    const msg = next.value;
    const seq = Number(msg.headers?.get(EXPORT_HEADERS.seq));
    if (seq !== expected) throw new Error(`export stream lost a chunk (expected ${expected}, got ${seq})`);
    expected++;
    const end = msg.headers?.get(EXPORT_HEADERS.end);
    if (end === 'ok') return;
    if (end) throw new Error('reporting failed while writing the export');
    yield msg.data;
  }
}
