import { Inject, Injectable } from '@nestjs/common';
import { SendSystemSmsCommand, SystemSmsResult } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { Dispatcher } from '../dispatch/dispatcher';
import { countSegments } from '@sms/sms-text';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';

const WAIT_FOR_SUBMIT_MS = 5_000;

/**
 * Platform SMS (balance alerts…): stored as a one-message `system` campaign (no reservation,
 * no events, so never in a customer's history nor charged) and submitted at once through
 * the same dispatcher and carrier. Idempotent by the caller's id.
 */
@Injectable()
export class SystemSmsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
    private readonly dispatcher: Dispatcher,
  ) {}

  async send(cmd: SendSystemSmsCommand): Promise<SystemSmsResult> {
    const sender = cmd.sender ?? this.env.DEFAULT_SENDER;
    await this.ds.transaction(async (em) => {
      const inserted: unknown[] = await em.query(
        `INSERT INTO messaging.campaigns (id, kind, sender, text, segments, recipients, credits, settled_at)
         VALUES ($1, 'system', $2, $3, $4, 1, 0, now()) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [cmd.id, sender, cmd.text, countSegments(cmd.text).segments],
      );
      if (inserted.length === 0) return; // a retry: the first call's message stands
      await em.query(
        `INSERT INTO messaging.messages (id, campaign_id, recipient, status, due_at) VALUES ($1, $1, $2, 'queued', now())`,
        [cmd.id, cmd.to],
      );
    });
    await this.dispatcher.dispatchBatch([cmd.id]);
    return this.waitForVerdict(cmd.id);
  }

  /** Another replica may hold the row; its verdict lands within a batch. */
  private async waitForVerdict(id: string): Promise<SystemSmsResult> {
    const deadline = Date.now() + WAIT_FOR_SUBMIT_MS;
    for (;;) {
      const [row]: { status: string; errorCode: string | null }[] = await this.ds.query(
        `SELECT status, error_code AS "errorCode" FROM messaging.messages WHERE id = $1`,
        [id],
      );
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
