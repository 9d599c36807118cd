import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MessagingEvents } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CarrierPort, InboundSms } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { addressToE164 } from '../domain/phone-number';
import { InboundRepository } from './inbound.repository';
import { OptOutRepository } from './opt-out.repository';
import { isStopKeyword } from './stop-keyword';
import { storableText } from './storable-text';

/**
 * Replies from handsets. Each is stored, routed to the account that last sent to that handset
 * from the number it answered (within the reply window) or kept unrouted; a STOP keyword puts
 * the handset on that account's opt-out list; a routed reply is published as
 * `messaging.inbound.received.v1`. All in one transaction, before the carrier is acknowledged.
 */
@Injectable()
export class InboundReceiver implements OnModuleInit {
  private readonly logger = new Logger(InboundReceiver.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    private readonly inbound: InboundRepository,
    private readonly optOuts: OptOutRepository,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.carrier.onInbound?.((sms) => this.receive(sms));
  }

  async receive(received: InboundSms): Promise<void> {
    const sms = { ...received, text: storableText(received.text) };
    const from = addressToE164(sms.from);
    const to = addressToE164(sms.to);
    const stop = isStopKeyword(sms.text);
    const id = randomUUID();
    const routed = await this.ds.transaction(async (em) => {
      const route = await this.inbound.routeFor(em, from, to, sms.at);
      await this.inbound.insert(em, {
        id,
        accountId: route?.accountId ?? null,
        parentAccountId: route?.parentAccountId ?? null,
        from,
        to,
        text: sms.text,
        receivedAt: sms.at,
        repliedMessageId: route?.messageId ?? null,
        stop,
      });
      if (!route) return false;
      if (stop) await this.optOuts.add(em, route.accountId, from, 'stop');
      await this.events.append(
        em,
        MessagingEvents.inboundReceived,
        {
          inboundId: id,
          accountId: route.accountId,
          parentAccountId: route.parentAccountId,
          from,
          to,
          text: sms.text,
          receivedAt: sms.at.toISOString(),
          stop,
        },
        { accountId: route.accountId, occurredAt: sms.at },
      );
      return true;
    });
    if (routed) this.events.notifyCommitted();
    else this.logger.log({ msg: 'reply kept unrouted: nobody sent to this handset from this number lately', id, to });
  }
}
