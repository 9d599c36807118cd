import { WAIT_FOR_BROKER } from '@sms/nats';
import { natsServers } from '@sms/config';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AnyEvent } from '@sms/contracts';
import { natsAuthOptions } from '@sms/nats-auth';
import { connect, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { EventConsumer, EventConsumerOptions } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';

export interface EventsModuleOptions {
  /** The service's schema (holds its outbox and inbox). */
  schema: string;
  service: string;
  natsUrl: string;
  /** Transport prefix (the service's NATS_PREFIX) of every subject, stream and durable name. */
  natsPrefix: string;
  relay?: Partial<
    Pick<
      OutboxRelayOptions,
      'batchSize' | 'pollIntervalMs' | 'publishTimeoutMs' | 'maxBackoffMs' | 'retainPublishedDays'
    >
  >;
}

export type ConsumerRegistration<D extends AnyEvent> = Omit<
  EventConsumerOptions<D>,
  'dataSource' | 'schema' | 'nats' | 'service' | 'natsPrefix'
>;

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
export const EVENTS_NATS = Symbol('EVENTS_NATS');

/** Consumers registered by the service (typically in onModuleInit) start with the app and drain on shutdown. */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: { start(): Promise<void>; stop(): Promise<void> }[] = [];
  private started = false;

  constructor(
    @Inject(EVENTS_OPTIONS) private readonly options: EventsModuleOptions,
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async register<D extends AnyEvent>(registration: ConsumerRegistration<D>): Promise<EventConsumer<D>> {
    const consumer = new EventConsumer<D>({
      logger: new Logger('EventConsumer'),
      ...registration,
      dataSource: this.dataSource,
      schema: this.options.schema,
      nats: this.nc,
      service: this.options.service,
      natsPrefix: this.options.natsPrefix,
    });
    this.consumers.push(consumer);
    if (this.started) await consumer.start();
    return consumer;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
    for (const c of this.consumers) await c.start();
    this.started = true;
  }

  // Before shutdown, not at it: the DataSource closes in onApplicationShutdown and in-flight work needs it.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay.stop();
    await this.nc.drain().catch(() => undefined);
    new Logger('EventConsumers').log({
      msg: 'event consumers and outbox relay stopped',
      consumers: this.consumers.length,
    });
  }
}

/** Wires the outbox relay, an EventPublisher and the consumer registry for one service. Needs DatabaseModule. */
@Module({})
export class EventsModule {
  static forService(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [
        { provide: EVENTS_OPTIONS, useValue: options },
        {
          provide: EVENTS_NATS,
          useFactory: () =>
            connect({
              servers: natsServers(options.natsUrl),
              name: `${options.service}-events`,
              ...WAIT_FOR_BROKER,
              ...natsAuthOptions(),
            }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EVENTS_NATS],
          useFactory: (dataSource: DataSource, nc: NatsConnection) =>
            new OutboxRelay({
              ...options.relay,
              dataSource,
              schema: options.schema,
              nats: nc,
              natsPrefix: options.natsPrefix,
              logger: new Logger('OutboxRelay'),
            }),
        },
        {
          provide: EventPublisher,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
            new EventPublisher(dataSource, { schema: options.schema, natsPrefix: options.natsPrefix }, relay),
        },
        EventConsumers,
      ],
      exports: [EventPublisher, EventConsumers, OutboxRelay, EVENTS_NATS],
    };
  }
}
