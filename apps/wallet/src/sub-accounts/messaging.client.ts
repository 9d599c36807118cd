import { Injectable } from '@nestjs/common';
import { MessagingRpc, SetSendingActiveCommand, SetSendingActiveResult } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/** The wallet's request/reply line to messaging: a (de)activated sub-account's sending. */
@Injectable()
export class MessagingClient {
  constructor(private readonly rpc: RpcClient) {}

  /** Idempotent: inactive cancels the account's queued messages (refunded), active lifts the block. */
  setSendingActive(cmd: SetSendingActiveCommand): Promise<SetSendingActiveResult> {
    return this.rpc.send(MessagingRpc.setSendingActive, cmd);
  }
}
