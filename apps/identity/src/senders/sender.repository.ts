import { Inject, Injectable } from '@nestjs/common';
import { AdminSenderView, SenderEntryView, SenderKind, SenderStatus, USABLE_SENDER_STATUSES } from '@sms/contracts';
import { returning } from '@sms/database';
import { DataSource, EntityManager } from 'typeorm';

const COLUMNS = `s.id, s.account_id AS "accountId", s.sender, s.kind, s.status, s.created_at AS "createdAt",
  s.decided_at AS "decidedAt"`;

interface Row {
  id: string;
  accountId: string;
  sender: string;
  kind: SenderKind;
  status: SenderStatus;
  createdAt: Date;
  decidedAt: Date | null;
  company?: string | null;
}

export type SenderRecord = SenderEntryView & { accountId: string };

export function toView(r: Row): SenderRecord {
  return {
    id: r.id,
    accountId: r.accountId,
    sender: r.sender,
    kind: r.kind,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  };
}

/** The public view: the account id stays inside. */
export function publicView({ accountId: _accountId, ...view }: SenderRecord): SenderEntryView {
  return view;
}

export interface KeysetAfter {
  createdAt: Date;
  id: string;
}

/** Accounts' sender lists. Every tenant query takes the account id; the operators' ones say so. */
@Injectable()
export class SenderRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Serialises changes to one account's list until `em`'s transaction ends. */
  async lockList(accountId: string, em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`senders:${accountId}`]);
  }

  async list(accountId: string, limit: number, after: KeysetAfter | null): Promise<SenderRecord[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.senders s
       WHERE s.account_id = $1 AND ($2::timestamptz IS NULL OR (s.created_at, s.id) < ($2::timestamptz, $3::uuid))
       ORDER BY s.created_at DESC, s.id DESC LIMIT $4`,
      [accountId, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toView);
  }

  async count(accountId: string, em: EntityManager): Promise<number> {
    const rows: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM identity.senders WHERE account_id = $1`,
      [accountId],
    );
    return rows[0].n;
  }

  async find(accountId: string, senderId: string): Promise<SenderRecord | undefined> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.senders s WHERE s.account_id = $1 AND s.id = $2`,
      [accountId, senderId],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Undefined when the account already lists this sender (unique per account). */
  async insert(
    accountId: string,
    sender: string,
    kind: SenderKind,
    status: SenderStatus,
    em: EntityManager,
  ): Promise<SenderRecord | undefined> {
    const rows: Row[] = await em.query(
      `INSERT INTO identity.senders AS s (account_id, sender, kind, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, sender) DO NOTHING RETURNING ${COLUMNS}`,
      [accountId, sender, kind, status],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async markVerified(accountId: string, senderId: string, em: EntityManager): Promise<SenderRecord | undefined> {
    const rows = returning<Row>(
      await em.query(
        `UPDATE identity.senders s SET status = 'verified', decided_at = now()
         WHERE s.account_id = $1 AND s.id = $2 AND s.kind = 'numeric' RETURNING ${COLUMNS}`,
        [accountId, senderId],
      ),
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async delete(accountId: string, senderId: string, em: EntityManager): Promise<boolean> {
    const rows = returning<{ id: string }>(
      await em.query(`DELETE FROM identity.senders WHERE account_id = $1 AND id = $2 RETURNING id`, [
        accountId,
        senderId,
      ]),
    );
    return rows.length > 0;
  }

  /** Whether `sender` is verified or approved on one of these accounts (own, and the parent's). */
  async usableOn(accountIds: string[], sender: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM identity.senders WHERE account_id = ANY($1::uuid[]) AND sender = $2 AND status = ANY($3::text[]) LIMIT 1`,
      [accountIds, sender, USABLE_SENDER_STATUSES],
    );
    return rows.length > 0;
  }

  /** Operators: every account's senders, optionally of one status, newest first. */
  async listAllAccounts(
    status: SenderStatus | undefined,
    limit: number,
    after: KeysetAfter | null,
  ): Promise<AdminSenderView[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${COLUMNS}, a.company FROM identity.senders s JOIN identity.accounts a ON a.id = s.account_id
       WHERE ($1::text IS NULL OR s.status = $1)
         AND ($2::timestamptz IS NULL OR (s.created_at, s.id) < ($2::timestamptz, $3::uuid))
       ORDER BY s.created_at DESC, s.id DESC LIMIT $4`,
      [status ?? null, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({ ...toView(r), company: r.company ?? null }));
  }

  /** Operators: an alphanumeric sender of any account to `approved` or `rejected`. */
  async decide(
    senderId: string,
    status: 'approved' | 'rejected',
    note: string | null,
  ): Promise<AdminSenderView | undefined> {
    const rows = returning<Row>(
      await this.ds.query(
        `WITH s AS (
           UPDATE identity.senders SET status = $2, decided_at = now(), decision_note = $3
           WHERE id = $1 AND kind = 'alphanumeric' RETURNING *)
         SELECT ${COLUMNS}, a.company FROM s JOIN identity.accounts a ON a.id = s.account_id`,
        [senderId, status, note],
      ),
    );
    return rows[0] ? { ...toView(rows[0]), company: rows[0].company ?? null } : undefined;
  }

  /** Operators: the kind of a sender of any account (to tell 404 from 409). */
  async kindOf(senderId: string): Promise<SenderKind | undefined> {
    const rows: { kind: SenderKind }[] = await this.ds.query(`SELECT kind FROM identity.senders WHERE id = $1`, [
      senderId,
    ]);
    return rows[0]?.kind;
  }
}
