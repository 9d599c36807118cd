import { Inject, Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import { DataSource } from 'typeorm';
import type { PendingReceipt } from '../carriers/carrier.port';
import { TickBatcher } from '../shared/tick-batcher';

/** How long a receipt nothing matched is kept before it counts as an orphan and is deleted. */
export const PENDING_RECEIPT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * `messaging.pending_receipts`: receipts kept until their message can take them (see the
 * migration). Stores are group-committed per tick: a burst of receipts after a rebind is one
 * INSERT, and each caller resolves only once its row is committed.
 */
@Injectable()
export class PendingReceiptRepository {
  private readonly batcher = new TickBatcher<PendingReceipt, void>((rs) => this.insert(rs), 1000);

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Resolves once the receipt is committed (a repeat of a stored one changes nothing). */
  store(receipt: PendingReceipt): Promise<void> {
    return this.batcher.submit(receipt);
  }

  /** The newest `limit` receipts still pending. */
  async list(limit: number): Promise<PendingReceipt[]> {
    const rows: { id: string; state: string; err: string; at: Date }[] = await this.ds.query(
      `SELECT carrier_message_id AS id, state, err, received_at AS at FROM messaging.pending_receipts
        ORDER BY received_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ carrierMessageId: r.id, state: r.state, err: r.err, receivedAt: r.at }));
  }

  /** Deletes the receipts a report settled, in the report's own transaction (`em`). */
  async settle(em: Queryable, carrierMessageIds: string[]): Promise<void> {
    if (carrierMessageIds.length === 0) return;
    await em.query(`DELETE FROM messaging.pending_receipts WHERE carrier_message_id = ANY($1::text[])`, [
      carrierMessageIds,
    ]);
  }

  /** Deletes the receipts received more than `olderThanMs` ago; returns how many. */
  async expire(olderThanMs: number): Promise<number> {
    const [, count]: [unknown, number] = await this.ds.query(
      `DELETE FROM messaging.pending_receipts WHERE received_at < now() - make_interval(secs => $1::float / 1000)`,
      [olderThanMs],
    );
    return count;
  }

  private async insert(receipts: PendingReceipt[]): Promise<{ ok: void }[]> {
    await this.ds.query(
      `INSERT INTO messaging.pending_receipts (carrier_message_id, state, err, received_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (carrier_message_id) DO NOTHING`,
      [
        receipts.map((r) => r.carrierMessageId),
        receipts.map((r) => r.state),
        receipts.map((r) => r.err),
        receipts.map((r) => r.receivedAt),
      ],
    );
    return receipts.map(() => ({ ok: undefined }));
  }
}
