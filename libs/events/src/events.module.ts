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
  relay?: Partial<
    Pick<
      OutboxRelayOptions,
      'batchSize' | 'pollIntervalMs' | 'publishTimeoutMs' | 'maxBackoffMs' | 'retainPublishedDays'
    >
  >;
}

export type ConsumerRegistration<T = unknown> = Omit<
  EventConsumerOptions<T>,
  'dataSource' | 'schema' | 'nats' | 'service'
>;

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
export const EVENTS_NATS = Symbol('EVENTS_NATS');

/** Consumers registered by the service (typically in onModuleInit) start with the app and drain on shutdown. */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: EventConsumer<never>[] = [];
  private started = false;

  constructor(
    @Inject(EVENTS_OPTIONS) private readonly options: EventsModuleOptions,
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async register<T>(registration: ConsumerRegistration<T>): Promise<EventConsumer<T>> {
    const consumer = new EventConsumer<T>({
      logger: new Logger('EventConsumer'),
      ...registration,
      dataSource: this.dataSource,
      schema: this.options.schema,
      nats: this.nc,
      service: this.options.service,
    });
    this.consumers.push(consumer as unknown as EventConsumer<never>);
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
              maxReconnectAttempts: -1,
              waitOnFirstConnect: true,
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
              logger: new Logger('OutboxRelay'),
            }),
        },
        {
          provide: EventPublisher,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
            new EventPublisher(dataSource, options.schema, relay),
        },
        EventConsumers,
      ],
      exports: [EventPublisher, EventConsumers, OutboxRelay, EVENTS_NATS],
    };
  }
}
