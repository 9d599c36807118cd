import { Inject, Injectable } from '@nestjs/common';
import { MessagingRpc, SendSystemSmsCommand, SystemSmsResult } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/**
 * Alert SMS go through messaging as *system* messages: free, no reservation on the
 * account's wallet, not in its history. Idempotent by id (we pass the alert id), so a
 * resend after a crash or a timeout is the same message, never a second one.
 */
const SMS_TIMEOUT_MS = 10_000;

@Injectable()
export class SmsSender {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  async send(alertId: string, to: string, text: string): Promise<SystemSmsResult> {
    const cmd: SendSystemSmsCommand = { id: alertId, to, text };
    // Messaging waits up to 5 s for the carrier's verdict before answering `queued`.
    return this.rpc.send(MessagingRpc.sendSystem, cmd, SMS_TIMEOUT_MS);
  }
}
