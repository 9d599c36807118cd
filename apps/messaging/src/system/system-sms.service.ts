import { Inject, Injectable } from '@nestjs/common';
import { SendSystemSmsCommand, SystemSmsResult } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { Dispatcher } from '../dispatch/dispatcher';
import { countSegments } from '@sms/sms-text';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { SystemSmsRepository } from './system-sms.repository';

const WAIT_FOR_SUBMIT_MS = 5_000;

/**
 * Platform SMS (balance alerts…): stored as a one-message `system` campaign (no reservation,
 * no events, so never in a customer's history nor charged) and submitted at once through
 * the same dispatcher and carrier. Idempotent by the caller's id.
 */
@Injectable()
export class SystemSmsService {
  private readonly repo = new SystemSmsRepository();
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
    private readonly dispatcher: Dispatcher,
  ) {}

  async send(cmd: SendSystemSmsCommand): Promise<SystemSmsResult> {
    const sender = cmd.sender ?? this.env.DEFAULT_SENDER;
    await this.ds.transaction(async (em) => {
      const inserted: unknown[] = await this.repo.insertCampaign(
        em,
        cmd.id,
        sender,
        cmd.text,
        countSegments(cmd.text).segments,
      );
      if (inserted.length === 0) return; // a retry: the first call's message stands
      await this.repo.insertMessage(em, cmd.id, cmd.to);
    });
    await this.dispatcher.dispatchBatch([cmd.id]);
    return this.waitForVerdict(cmd.id);
  }

  /** Another replica may hold the row; its verdict lands within a batch. */
  private async waitForVerdict(id: string): Promise<SystemSmsResult> {
    const deadline = Date.now() + WAIT_FOR_SUBMIT_MS;
    for (;;) {
      const [row]: { status: string; errorCode: string | null }[] = await this.repo.status(this.ds, id);
      if (row.status !== 'queued' || Date.now() > deadline) {
        if (row.status === 'failed' || row.status === 'expired') {
          return { id, status: 'failed', errorCode: row.errorCode ?? undefined };
        }
        return { id, status: row.status === 'queued' ? 'queued' : 'sent' };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
